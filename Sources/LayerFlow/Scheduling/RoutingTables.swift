/// The read-only tables a scheduler routes with, built once from a max-flow solution.
///
/// A request makes a choice at *decision points*: the coordinator (point 0) and the out-side of
/// each node i (point 1 + i); inside a node there is only its in→out arc. Every decision point
/// has a contiguous slice of *entries*, one per outgoing link arc that carries flow, in arc
/// order (compressed sparse rows): the entry's head (a node position, or −1 for the coordinator
/// as sink), its link, its flow and its integer weight. Arcs without flow are left out, so
/// routing never leaves the flow solution. Flows are exact multiples of the max-flow resolution
/// and conserved exactly, so every node reached has an outgoing entry: a walk never dead-ends.
final class RoutingTables: Sendable {
    let cluster: Cluster
    let rule: ContiguityRule
    let ranges: [LayerRange?]
    let maxFlow: MaxFlowResult
    let options: SchedulerOptions

    /// Entries of decision point p are `firstEntry[p]..<firstEntry[p + 1]`.
    let firstEntry: [Int]
    /// Node position the entry leads to, or −1 for the coordinator (the route ends).
    let entryHead: [Int32]
    /// Position in `cluster.links` of the entry's link.
    let entryLink: [Int32]
    /// The arc's flow, tokens per second.
    let entryFlow: [Double]
    /// The arc's share of its decision point's outflow in units of 2⁻³², at least 1: integer
    /// weights keep the round robin exact (no floating-point drift over billions of picks).
    let entryWeight: [Int64]

    /// End of each node's layer range (0 where it holds nothing).
    let nodeEnd: [Int32]
    /// Flow through each node's in→out arc, tokens per second.
    let nodeFlow: [Double]
    /// Nodes whose in→out arc carries flow, in cluster order.
    let activeNodes: [Int]
    /// KV-cache capacity of each node for the layers it holds.
    let kvCapacity: [KVCacheCapacity]
    /// Most tokens reservations may occupy on each node: ⌊highWaterMark · capacity⌋, `Int.max`
    /// when unlimited.
    let kvLimit: [Int]
    /// The largest footprint some route admits on an idle cluster (`Int.max`: unlimited).
    let largestAdmissibleFootprint: Int
    /// The most hops on any route.
    let maxHops: Int

    /// Weight units per decision point: each point's weights sum to about this.
    static let weightScale = 4_294_967_296.0  // 2^32

    /// - Throws: `SchedulingError.invalidPlacement`, `.invalidOption`, `.planServesNothing`.
    /// - Complexity: one max-flow solve, then O(V + E log E) for the tables.
    init(cluster: Cluster, placement: Placement, rule: ContiguityRule, options: SchedulerOptions) throws(SchedulingError) {
        do {
            try placement.validate(for: cluster)
        } catch {
            throw .invalidPlacement(error)
        }
        guard options.highWaterMark > 0, options.highWaterMark <= 1 else {
            throw .invalidOption(name: "highWaterMark", value: String(options.highWaterMark))
        }
        guard options.queueLimit >= 0 else {
            throw .invalidOption(name: "queueLimit", value: String(options.queueLimit))
        }
        let ranges = placement.rangesByNodeIndex(in: cluster)
        let score = cluster.score(ranges, rule: rule)
        let (network, result) = (score.network, score.flow)
        guard result.value > 0, result.value.isFinite else { throw .planServesNothing }

        self.cluster = cluster
        self.rule = rule
        self.ranges = ranges
        self.maxFlow = result
        self.options = options
        let nodeCount = cluster.nodes.count

        // Group flow-carrying link arcs by decision point (arc order within a point).
        var arcsAt = [[Int]](repeating: [], count: nodeCount + 1)
        var nodeFlow = [Double](repeating: 0, count: nodeCount)
        for arc in 0..<network.graph.arcCount where result.arcFlows[arc] > 0 {
            switch network.arcKinds[arc] {
            case .node(let index):
                nodeFlow[index] = result.arcFlows[arc]
            case .link:
                let tail = network.graph.tail(of: arc)
                arcsAt[FlowNetwork.nodeIndex(ofVertex: tail).map { 1 + $0 } ?? 0].append(arc)
            }
        }
        var firstEntry = [0]
        var heads: [Int32] = []
        var links: [Int32] = []
        var flows: [Double] = []
        var weights: [Int64] = []
        for arcs in arcsAt {
            let total = arcs.reduce(0.0) { $0 + result.arcFlows[$1] }
            for arc in arcs {
                guard case .link(let link) = network.arcKinds[arc] else { continue }
                let head = network.graph.head(of: arc)
                heads.append(FlowNetwork.nodeIndex(ofVertex: head).map { Int32($0) } ?? -1)
                links.append(Int32(link))
                flows.append(result.arcFlows[arc])
                weights.append(max(1, Int64((result.arcFlows[arc] / total * Self.weightScale).rounded())))
            }
            firstEntry.append(heads.count)
        }
        self.firstEntry = firstEntry
        entryHead = heads
        entryLink = links
        entryFlow = flows
        entryWeight = weights
        self.nodeFlow = nodeFlow
        activeNodes = nodeFlow.indices.filter { nodeFlow[$0] > 0 }
        nodeEnd = ranges.map { Int32($0?.end ?? 0) }
        kvCapacity = ranges.indices.map { index in
            KVCacheCapacity.of(nodeAt: index, layers: ranges[index]?.count ?? 0, in: cluster)
        }
        kvLimit = kvCapacity.map { capacity in
            capacity.tokens.map { Int((Double($0) * options.highWaterMark).rounded(.down)) } ?? .max
        }
        (largestAdmissibleFootprint, maxHops) = Self.widestAndLongest(
            firstEntry: firstEntry, entryHead: heads, nodeEnd: nodeEnd, activeNodes: activeNodes, kvLimit: kvLimit)
    }

    /// Over the flow-carrying routes: the largest smallest node limit (the widest route), and the
    /// most hops. Every entry leads to a node whose range ends further, so processing nodes by
    /// descending range end visits successors first.
    /// - Complexity: O(V log V + E).
    private static func widestAndLongest(
        firstEntry: [Int], entryHead: [Int32], nodeEnd: [Int32], activeNodes: [Int], kvLimit: [Int]
    ) -> (widest: Int, longest: Int) {
        var widest = [Int](repeating: 0, count: nodeEnd.count)
        var longest = [Int](repeating: 0, count: nodeEnd.count)
        func best(at point: Int) -> (Int, Int) {
            var width = 0
            var length = 0
            for entry in firstEntry[point]..<firstEntry[point + 1] {
                let head = Int(entryHead[entry])
                width = max(width, head < 0 ? .max : widest[head])
                length = max(length, head < 0 ? 0 : longest[head])
            }
            return (width, length)
        }
        for node in activeNodes.sorted(by: { nodeEnd[$0] > nodeEnd[$1] }) {
            let (width, length) = best(at: 1 + node)
            widest[node] = min(kvLimit[node], width)
            longest[node] = length + 1
        }
        return best(at: 0)
    }

    /// Node position the decision point belongs to (nil for the coordinator).
    func node(ofPoint point: Int) -> Int? { point == 0 ? nil : point - 1 }
}
