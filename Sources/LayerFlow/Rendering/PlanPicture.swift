/// What a picture of a plan shows, before any drawing: one row per node (sorted by first layer),
/// the flow on each arc between rows and from/to the coordinator, the GPU type of each row, and
/// the bottleneck (minimum-cut nodes and links). `svg()` draws it.
public struct PlanPicture: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var node: String
        public var gpuType: String
        /// Position of the type in `gpuTypes`, which picks the colour.
        public var typeIndex: Int
        /// Nil for a node holding nothing (drawn greyed at the bottom).
        public var range: LayerRange?
        public var capacityTokensPerSecond: Double
        public var flowTokensPerSecond: Double
        /// Whether the node's compute is in the minimum cut.
        public var isBottleneck: Bool
    }

    /// Flow on a link: between two rows, or from the coordinator into a row (`from == nil`), or
    /// from a row to the coordinator (`to == nil`).
    public struct Arc: Sendable, Hashable {
        public var from: Int?
        public var to: Int?
        /// The layer boundary the arc crosses (`end` of the sending node; 0 from the coordinator).
        public var layer: Int
        public var flowTokensPerSecond: Double
        public var isBottleneck: Bool
    }

    public var title: String
    public var layerCount: Int
    public var gpuTypes: [String]
    public var rows: [Row]
    /// Arcs carrying flow or in the minimum cut, in link order.
    public var arcs: [Arc]
    public var throughputTokensPerSecond: Double
    public var upperBoundTokensPerSecond: Double
    /// Largest flow on any arc (for scaling stroke widths).
    public var maxArcFlowTokensPerSecond: Double

    /// The picture of `placement` on `cluster` under `rule`: arc flows and highlights from one
    /// evaluation (`Cluster.evaluateWithScore`).
    /// - Throws: `PlacementError` for a placement that does not fit the cluster.
    /// - Complexity: one evaluation (max-flow) plus O(nodes log nodes + links).
    public init(cluster: Cluster, placement: Placement, rule: ContiguityRule = .strict) throws {
        let (evaluation, score) = try cluster.evaluateWithScore(placement, rule: rule)
        let (ranges, network, flow) = (score.ranges, score.network, score.flow)
        let bottleneckNodes = Set(evaluation.bottleneck.nodes)
        let bottleneckLinks = Set(evaluation.bottleneck.links)

        let order = cluster.nodes.indices.sorted { a, b in
            switch (ranges[a], ranges[b]) {
            case let (x?, y?): return (x.start, x.end, cluster.nodes[a].id) < (y.start, y.end, cluster.nodes[b].id)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return cluster.nodes[a].id < cluster.nodes[b].id
            }
        }
        var rowOfNode = [Int](repeating: 0, count: cluster.nodes.count)
        for (row, node) in order.enumerated() { rowOfNode[node] = row }
        rows = order.map { index in
            let range = ranges[index]
            let capacity = range.map { cluster.nodeCapacityTokensPerSecond(nodeAt: index, layers: $0.count) } ?? 0
            return Row(
                node: cluster.nodes[index].id, gpuType: cluster.gpuType(ofNodeAt: index).name,
                typeIndex: cluster.typeIndexOfNode[index], range: range, capacityTokensPerSecond: capacity,
                flowTokensPerSecond: network.nodeArc[index].map { flow.arcFlows[$0] } ?? 0,
                isBottleneck: bottleneckNodes.contains(cluster.nodes[index].id))
        }

        var arcs: [Arc] = []
        for (arc, kind) in network.arcKinds.enumerated() {
            guard case .link(let linkIndex) = kind else { continue }
            let link = cluster.links[linkIndex]
            let inCut = bottleneckLinks.contains(Bottleneck.LinkID(from: link.from, to: link.to))
            let value = flow.arcFlows[arc]
            guard value > 0 || inCut else { continue }
            let ends = cluster.linkEnds[linkIndex]
            let from = ends.from == Cluster.coordinatorIndex ? nil : rowOfNode[ends.from]
            let to = ends.to == Cluster.coordinatorIndex ? nil : rowOfNode[ends.to]
            let layer = ends.from == Cluster.coordinatorIndex ? 0 : (ranges[ends.from]?.end ?? 0)
            arcs.append(Arc(from: from, to: to, layer: layer, flowTokensPerSecond: value, isBottleneck: inCut))
        }
        self.arcs = arcs
        title = "\(cluster.name.isEmpty ? "cluster" : cluster.name): \(cluster.model.name), \(cluster.model.layerCount) layers"
        layerCount = cluster.model.layerCount
        gpuTypes = cluster.gpuTypes.map(\.name)
        throughputTokensPerSecond = evaluation.throughputTokensPerSecond
        upperBoundTokensPerSecond = evaluation.upperBoundTokensPerSecond
        maxArcFlowTokensPerSecond = arcs.map(\.flowTokensPerSecond).max() ?? 0
    }
}
