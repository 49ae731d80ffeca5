import LayerFlow

/// The static part of a simulation: the nodes that hold layers, the links the placement can use,
/// the max-flow link flows that weight routing, and each node's execution profile.
///
/// Bandwidths here are the bytes per second the transfers see (the cluster's bandwidth convention
/// applied: under `.helix` a "1 gbps" link moves 1e9 bytes/s, as in Helix's simulator).
struct SimulatedCluster {
    /// The coordinator's position in `links[].from` / `links[].to`.
    static let coordinator = -1

    struct Node {
        var clusterIndex: Int
        var id: String
        var typeName: String
        var range: LayerRange
        var limits: ServingProfile.BatchLimits
        var promptCurve: LayerTimeCurve
        var decodeCurve: LayerTimeCurve
        var kvCapacity: Int
        var loadSeconds: Double
        var nicInBytesPerSecond: Double
        var nicOutBytesPerSecond: Double
        var outLinks: [Int] = []
        var inLinks: [Int] = []
    }

    struct LinkInfo {
        var clusterIndex: Int
        /// Sender: node position or `coordinator`.
        var from: Int
        /// Receiver: node position or `coordinator`.
        var to: Int
        var bandwidthBytesPerSecond: Double
        var latencySeconds: Double
        /// Bytes one token costs on this link: token bytes on coordinator links, token plus
        /// activation bytes between nodes (Helix sends both).
        var bytesPerToken: Double
        /// Max-flow flow on the link, tokens/s.
        var flow: Double
    }

    var nodes: [Node]
    var links: [LinkInfo]
    var coordinatorOutLinks: [Int] = []
    var coordinatorInLinks: [Int] = []
    var coordinatorNicOut: Double
    var coordinatorNicIn: Double
    var maxFlow: Double
    var layerCount: Int
    var tokenBytes: Double
    var activationBytes: Double
    /// Serving starts here: every node has loaded its weights (Helix: ceil(slowest load) + 1 s).
    var serveStartSeconds: Double

    /// - Complexity: O(nodes + links) plus one max-flow.
    init(cluster: Cluster, placement: Placement, defaultDiskBytesPerSecond: Double) throws(SimulationError) {
        do { try placement.validate(for: cluster) } catch { throw .invalidPlacement(String(describing: error)) }
        let ranges = placement.rangesByNodeIndex(in: cluster)
        let score = cluster.score(ranges, rule: .strict)
        let (network, result) = (score.network, score.flow)
        guard result.value > 0 else { throw .noServingPath }

        let multiplier = cluster.bandwidthConvention.bandwidthMultiplier
        var nodes: [Node] = []
        var position = [Int?](repeating: nil, count: cluster.nodes.count)
        for (index, range) in ranges.enumerated() {
            guard let range else { continue }
            let type = cluster.gpuType(ofNodeAt: index)
            guard let profile = type.serving else { throw .missingServingProfile(gpuType: type.name) }
            guard let limits = profile.batchLimits(layers: range.count) else {
                throw .missingServingProfile(gpuType: type.name)
            }
            guard let table = type.kvCacheTokenLayersByLayerCount, range.count <= table.count,
                  table[range.count - 1].isFinite, table[range.count - 1] >= 0 else {
                throw .missingKVCapacity(gpuType: type.name, layers: range.count)
            }
            let disk = profile.diskBytesPerSecond ?? defaultDiskBytesPerSecond
            position[index] = nodes.count
            nodes.append(Node(
                clusterIndex: index, id: cluster.nodes[index].id, typeName: type.name, range: range,
                limits: limits,
                promptCurve: LayerTimeCurve(profile.promptLayerTimes),
                decodeCurve: LayerTimeCurve(profile.decodeLayerTimes),
                // Clamped as `KVCacheCapacity` clamps: a file may give 1e308 slots, which no Int holds.
                kvCapacity: Int(min(table[range.count - 1].rounded(.down), Double(Int32.max))),
                loadSeconds: Double(range.count) * cluster.model.parameterBytesPerLayer / disk,
                nicInBytesPerSecond: type.nicInBytesPerSecond * multiplier,
                nicOutBytesPerSecond: type.nicOutBytesPerSecond * multiplier))
        }

        var links: [LinkInfo] = []
        for (arc, kind) in network.arcKinds.enumerated() {
            guard case .link(let linkIndex) = kind else { continue }
            let ends = cluster.linkEnds[linkIndex]
            let from = ends.from == Cluster.coordinatorIndex ? Self.coordinator : position[ends.from]!
            let to = ends.to == Cluster.coordinatorIndex ? Self.coordinator : position[ends.to]!
            let link = cluster.links[linkIndex]
            let onCoordinator = from == Self.coordinator || to == Self.coordinator
            links.append(LinkInfo(
                clusterIndex: linkIndex, from: from, to: to,
                bandwidthBytesPerSecond: link.bandwidthBytesPerSecond * multiplier,
                latencySeconds: link.latencySeconds,
                bytesPerToken: onCoordinator
                    ? cluster.model.tokenBytes : cluster.model.tokenBytes + cluster.model.activationBytesPerToken,
                flow: result.arcFlows[arc]))
        }
        var coordinatorOut: [Int] = []
        var coordinatorIn: [Int] = []
        for (index, link) in links.enumerated() {
            if link.from == Self.coordinator { coordinatorOut.append(index) } else { nodes[link.from].outLinks.append(index) }
            if link.to == Self.coordinator { coordinatorIn.append(index) } else { nodes[link.to].inLinks.append(index) }
        }

        self.nodes = nodes
        self.links = links
        self.coordinatorOutLinks = coordinatorOut
        self.coordinatorInLinks = coordinatorIn
        self.coordinatorNicOut = (cluster.coordinator.nicOutBytesPerSecond ?? .infinity) * multiplier
        self.coordinatorNicIn = (cluster.coordinator.nicInBytesPerSecond ?? .infinity) * multiplier
        self.maxFlow = result.value
        self.layerCount = cluster.model.layerCount
        self.tokenBytes = cluster.model.tokenBytes
        self.activationBytes = cluster.model.activationBytesPerToken
        let slowestLoad = nodes.map(\.loadSeconds).max() ?? 0
        self.serveStartSeconds = slowestLoad.rounded(.up) + 1
    }

    /// The links leaving a sender (a node position or `coordinator`).
    func outLinks(of sender: Int) -> [Int] {
        sender == Self.coordinator ? coordinatorOutLinks : nodes[sender].outLinks
    }

    /// The links entering a receiver (a node position or `coordinator`).
    func inLinks(of receiver: Int) -> [Int] {
        receiver == Self.coordinator ? coordinatorInLinks : nodes[receiver].inLinks
    }
}
