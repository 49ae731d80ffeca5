/// A placement's KV capacity in tokens, per node and per pipeline, from memory: what memory
/// pressure is measured against.
///
/// A node's capacity is `(usable − held · layerBytes) ÷ (held · kvBytes)` tokens (`PressureMemory`);
/// a pipeline admits a token only if every stage can hold it, so its capacity is the minimum over
/// its stages.
public struct KVAwareCapacity: Sendable, Hashable, Codable {
    /// Tokens of KV cache by node id, for the nodes that hold layers.
    public var nodeTokens: [String: Int]
    /// Nodes that hold layers, in cluster order.
    public var nodes: [String]

    /// The capacities of `placement` on `cluster`.
    /// - Throws: `PlacementError` for a placement that does not fit, `PressureError` for a model
    ///   without KV size or parameters that exceed usable memory.
    /// - Complexity: O(nodes).
    public init(placement: Placement, cluster: Cluster, usableMemoryFraction: Double = 1) throws {
        try placement.validate(for: cluster)
        let memory = try PressureMemory(cluster: cluster, usableMemoryFraction: usableMemoryFraction)
        let ranges = placement.rangesByNodeIndex(in: cluster)
        try memory.checkFits(ranges)
        self.init(memory: memory, ranges: ranges)
    }

    package init(memory: PressureMemory, ranges: [LayerRange?]) {
        var tokens: [String: Int] = [:]
        var nodes: [String] = []
        for (index, range) in ranges.enumerated() {
            guard let range else { continue }
            let id = memory.cluster.nodes[index].id
            tokens[id] = memory.tokens(nodeAt: index, layers: range.count)
            nodes.append(id)
        }
        self.nodeTokens = tokens
        self.nodes = nodes
    }

    /// The tokens a pipeline through `stages` (node ids) holds: the minimum over its stages (0 for
    /// an unknown node or no stage).
    /// - Complexity: O(stages).
    public func pipelineTokens(_ stages: [String]) -> Int {
        guard !stages.isEmpty else { return 0 }
        return stages.map { nodeTokens[$0] ?? 0 }.min() ?? 0
    }
}
