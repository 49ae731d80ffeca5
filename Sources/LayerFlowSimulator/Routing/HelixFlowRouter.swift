/// Helix's MaxFlow scheduler (`global_maxflow`): a prompt's route is built hop by hop; at each
/// sender an interleaved weighted round robin over its out-links, weighted by their max-flow flows,
/// picks the candidate with the least `load + tokens / flow`. Candidates are masked out when the
/// link carries under 5 % of the sender's out-flow, when the prompt is longer than the next node
/// accepts, or when the next node fails the expected-KV check. Decode steps follow their prompt's
/// route and only add `1 / flow` to the loads along it.
struct HelixFlowRouter {
    private struct Sender {
        var links: [Int]
        var flows: [Double]
        var loads: [Double]
        var flowSum: Double
        var usedSpeedSum: Double
        var nicOut: Double
    }

    /// Senders by node position; the coordinator is the last entry.
    private var senders: [Sender]
    /// Σ over each receiver's in-links of flow × bytes per token; the coordinator is the last entry.
    private let inboundUsedSpeed: [Double]
    private let nicIn: [Double]
    private(set) var expected: ExpectedKV
    /// The share of a sender's out-flow below which a link is not used (Helix: 5 %).
    static let minimumFlowShare = 0.05

    init(cluster: SimulatedCluster, expected: ExpectedKV) {
        let coordinatorSlot = cluster.nodes.count
        func slot(_ endpoint: Int) -> Int { endpoint == SimulatedCluster.coordinator ? coordinatorSlot : endpoint }
        var senders: [Sender] = []
        for sender in 0...coordinatorSlot {
            let endpoint = sender == coordinatorSlot ? SimulatedCluster.coordinator : sender
            let links = cluster.outLinks(of: endpoint)
            let flows = links.map { cluster.links[$0].flow }
            let used = links.reduce(0.0) { $0 + cluster.links[$1].flow * cluster.links[$1].bytesPerToken }
            senders.append(Sender(
                links: links, flows: flows, loads: [Double](repeating: 0, count: links.count),
                flowSum: flows.reduce(0, +), usedSpeedSum: used,
                nicOut: endpoint == SimulatedCluster.coordinator ? cluster.coordinatorNicOut : cluster.nodes[endpoint].nicOutBytesPerSecond))
        }
        var inbound = [Double](repeating: 0, count: coordinatorSlot + 1)
        for link in cluster.links { inbound[slot(link.to)] += link.flow * link.bytesPerToken }
        self.senders = senders
        self.inboundUsedSpeed = inbound
        self.nicIn = cluster.nodes.map(\.nicInBytesPerSecond) + [cluster.coordinatorNicIn]
        self.expected = expected
    }

    /// Builds a prompt's route and reserves its expected KV, or returns nil (loads restored) when
    /// some hop has no admissible candidate.
    /// - Complexity: O(Σ out-degree along the route).
    mutating func routePrompt(inputTokens: Int, cluster: SimulatedCluster) -> [RouteStage]? {
        var stages: [RouteStage] = []
        var current = SimulatedCluster.coordinator
        let workload = Double(inputTokens)
        while true {
            let senderSlot = current == SimulatedCluster.coordinator ? cluster.nodes.count : current
            guard let choice = choose(at: senderSlot, inputTokens: inputTokens, cluster: cluster) else {
                restore(stages, workload: workload, cluster: cluster)
                return nil
            }
            let link = cluster.links[senders[senderSlot].links[choice]]
            stages.append(RouteStage(
                link: senders[senderSlot].links[choice], receiver: link.to,
                bandwidth: bandwidth(senderSlot: senderSlot, choice: choice, cluster: cluster), slot: choice))
            if link.to == SimulatedCluster.coordinator { break }
            current = link.to
        }
        for stage in stages where stage.receiver != SimulatedCluster.coordinator {
            expected.reserve(node: stage.receiver, inputTokens: inputTokens)
        }
        return stages
    }

    /// Reserves expected KV along a route chosen elsewhere (LayerFlow's scheduler), so the offline
    /// feeder sees the same occupancy.
    mutating func reserveExpected(_ route: [RouteStage], inputTokens: Int) {
        for stage in route where stage.receiver != SimulatedCluster.coordinator {
            expected.reserve(node: stage.receiver, inputTokens: inputTokens)
        }
    }

    /// A decode step on an existing route: one token's load along it.
    mutating func routeDecode(_ route: [RouteStage], cluster: SimulatedCluster) {
        var senderSlot = cluster.nodes.count
        for stage in route {
            senders[senderSlot].loads[stage.slot] += 1 / senders[senderSlot].flows[stage.slot]
            senderSlot = stage.receiver
        }
    }

    /// The query finished: its expected KV is released on every node of its route.
    mutating func release(_ route: [RouteStage], inputTokens: Int) {
        for stage in route where stage.receiver != SimulatedCluster.coordinator {
            expected.release(node: stage.receiver, inputTokens: inputTokens)
        }
    }

    private mutating func choose(at senderSlot: Int, inputTokens: Int, cluster: SimulatedCluster) -> Int? {
        let sender = senders[senderSlot]
        let workload = Double(inputTokens)
        var best: Int?
        var bestLoad = Double.infinity
        for index in sender.links.indices {
            let flow = sender.flows[index]
            if flow < Self.minimumFlowShare * sender.flowSum || flow <= 0 { continue }
            let receiver = cluster.links[sender.links[index]].to
            if receiver != SimulatedCluster.coordinator {
                if inputTokens > cluster.nodes[receiver].limits.promptMaxTokens { continue }
                if !expected.canAdmit(node: receiver, inputTokens: inputTokens) { continue }
            }
            let after = sender.loads[index] + workload / flow
            if after < bestLoad {
                best = index
                bestLoad = after
            }
        }
        if let best { senders[senderSlot].loads[best] += workload / sender.flows[best] }
        return best
    }

    private mutating func restore(_ stages: [RouteStage], workload: Double, cluster: SimulatedCluster) {
        var senderSlot = cluster.nodes.count
        for stage in stages {
            senders[senderSlot].loads[stage.slot] -= workload / senders[senderSlot].flows[stage.slot]
            senderSlot = stage.receiver == SimulatedCluster.coordinator ? cluster.nodes.count : stage.receiver
        }
    }

    /// `min(link bandwidth, sender NIC × this link's share of its out-flow, receiver NIC × this
    /// link's share of its in-flow)`, floored, as Helix fixes it when the route is chosen.
    private func bandwidth(senderSlot: Int, choice: Int, cluster: SimulatedCluster) -> Double {
        let sender = senders[senderSlot]
        let link = cluster.links[sender.links[choice]]
        let used = link.flow * link.bytesPerToken
        let receiverSlot = link.to == SimulatedCluster.coordinator ? cluster.nodes.count : link.to
        let outLimit = sender.nicOut * (used / sender.usedSpeedSum)
        let inLimit = (used / inboundUsedSpeed[receiverSlot]) * nicIn[receiverSlot]
        return min(link.bandwidthBytesPerSecond, outLimit, inLimit).rounded(.down)
    }
}
