/// The capacitated directed graph of a cluster under one placement, ready for max-flow.
///
/// Vertices: the coordinator as source (0) and sink (1); every node i split into `in` (2 + 2i) and
/// `out` (3 + 2i), joined by an arc whose capacity is the node's throughput for the layers it holds.
/// Link arcs follow the contiguity rule: coordinator → i only when i starts at layer 0, i →
/// coordinator only when i ends at the last layer, i → j when `rule.connects(range_i, range_j)`.
/// Nodes holding nothing get no arcs. Arc capacities are in tokens per second.
package struct FlowNetwork: Sendable {
    /// What an arc of the graph stands for.
    package enum ArcKind: Sendable, Hashable {
        /// The in→out arc of the node at this position in `cluster.nodes`.
        case node(Int)
        /// The link at this position in `cluster.links`.
        case link(Int)
    }

    package static let source = 0
    package static let sink = 1

    package let graph: FlowGraph
    /// The meaning of each arc, by arc index.
    package let arcKinds: [ArcKind]
    /// Arc index of each node's in→out arc, nil for nodes holding nothing.
    package let nodeArc: [Int?]

    package static func inVertex(ofNodeAt index: Int) -> Int { 2 + 2 * index }
    package static func outVertex(ofNodeAt index: Int) -> Int { 3 + 2 * index }
    /// The node whose in- or out-vertex `vertex` is (nil for the source and the sink): the
    /// inverse of `inVertex(ofNodeAt:)` and `outVertex(ofNodeAt:)`.
    package static func nodeIndex(ofVertex vertex: Int) -> Int? { vertex >= 2 ? (vertex - 2) / 2 : nil }

    /// Builds the network of `cluster` under ranges given by node position.
    /// - Precondition: `ranges.count == cluster.nodes.count`; ranges validated (see `Placement.validate`).
    /// - Complexity: O(nodes + links).
    package init(cluster: Cluster, ranges: [LayerRange?], rule: ContiguityRule) {
        precondition(ranges.count == cluster.nodes.count, "one range slot per node")
        let layerCount = cluster.model.layerCount
        var graph = FlowGraph(nodeCount: 2 + 2 * cluster.nodes.count, arcCapacityHint: cluster.nodes.count + cluster.links.count)
        var kinds: [ArcKind] = []
        kinds.reserveCapacity(cluster.nodes.count + cluster.links.count)
        var nodeArc = [Int?](repeating: nil, count: cluster.nodes.count)
        for (index, range) in ranges.enumerated() {
            guard let range else { continue }
            let capacity = cluster.nodeCapacityTokensPerSecond(nodeAt: index, layers: range.count)
            nodeArc[index] = graph.addArc(
                from: Self.inVertex(ofNodeAt: index), to: Self.outVertex(ofNodeAt: index), capacity: capacity)
            kinds.append(.node(index))
        }
        let coordinator = Cluster.coordinatorIndex
        for (linkIndex, ends) in cluster.linkEnds.enumerated() {
            let tail: Int
            let head: Int
            if ends.from == coordinator {
                guard ends.to != coordinator, let range = ranges[ends.to], range.start == 0 else { continue }
                tail = Self.source
                head = Self.inVertex(ofNodeAt: ends.to)
            } else if ends.to == coordinator {
                guard let range = ranges[ends.from], range.end == layerCount else { continue }
                tail = Self.outVertex(ofNodeAt: ends.from)
                head = Self.sink
            } else {
                guard let from = ranges[ends.from], let to = ranges[ends.to], rule.connects(from, to: to) else {
                    continue
                }
                tail = Self.outVertex(ofNodeAt: ends.from)
                head = Self.inVertex(ofNodeAt: ends.to)
            }
            graph.addArc(from: tail, to: head, capacity: cluster.capacityTokensPerSecond(of: cluster.links[linkIndex]))
            kinds.append(.link(linkIndex))
        }
        self.graph = graph
        self.arcKinds = kinds
        self.nodeArc = nodeArc
    }

    /// Max flow from the coordinator back to itself through the nodes.
    package func maxFlow(algorithm: MaxFlowAlgorithm = .pushRelabel) -> MaxFlowResult {
        graph.maxFlow(from: Self.source, to: Self.sink, algorithm: algorithm)
    }
}
