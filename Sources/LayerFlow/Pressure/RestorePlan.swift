/// The exact undo of a drop plan: every member reloads the layers it dropped, from a peer that
/// still holds them, over a direct link.
public struct RestorePlan: Sendable, Hashable, Codable {
    /// One reload: `node` pulls `layers` from `peer`.
    public struct Step: Sendable, Hashable, Codable {
        public var node: String
        public var layers: LayerRange
        public var peer: String
        public var bytes: Double
        /// min(link, peer NIC out, node NIC in), bytes per second.
        public var bandwidthBytesPerSecond: Double
        public var seconds: Double
    }

    /// A member's whole restore: its steps run one after another.
    public struct Member: Sendable, Hashable, Codable {
        public var node: String
        /// The range it holds again afterwards.
        public var restoredRange: LayerRange
        public var bytes: Double
        public var seconds: Double
    }

    public var steps: [Step]
    public var members: [Member]
    /// Members reload in parallel: the slowest member's seconds.
    public var seconds: Double

    /// The plan of `steps` for members that keep `kept` (by node id).
    /// - Complexity: O(steps log steps).
    package init(steps: [Step], kept: [String: LayerRange]) {
        self.steps = steps
        var members: [Member] = []
        for (node, nodeSteps) in Dictionary(grouping: steps, by: \.node) {
            var range = kept[node] ?? nodeSteps[0].layers
            for step in nodeSteps { range = LayerRange(min(range.start, step.layers.start), max(range.end, step.layers.end)) }
            members.append(Member(
                node: node, restoredRange: range, bytes: nodeSteps.reduce(0) { $0 + $1.bytes },
                seconds: nodeSteps.reduce(0) { $0 + $1.seconds }))
        }
        self.members = members.sorted { $0.node < $1.node }
        self.seconds = members.map(\.seconds).max() ?? 0
    }

    /// `placement` with every step applied: each node's range grown by the layers it reloads.
    /// - Throws: `PressureError.noRestoreSource` when a step's layers do not adjoin the node's range
    ///   (the plan is not for this placement).
    /// - Complexity: O(nodes + steps).
    public func apply(to placement: Placement) throws -> Placement {
        var result = placement
        for (node, nodeSteps) in Dictionary(grouping: steps, by: \.node) {
            guard var range = result[node] else { throw PressureError.noRestoreSource(node: node, layers: nodeSteps[0].layers) }
            var remaining = nodeSteps
            // Steps may come in any order: grow the range by whichever step adjoins it.
            while !remaining.isEmpty {
                guard let next = remaining.firstIndex(where: { $0.layers.end == range.start || $0.layers.start == range.end }) else {
                    throw PressureError.noRestoreSource(node: node, layers: remaining[0].layers)
                }
                let layers = remaining.remove(at: next).layers
                range = LayerRange(min(range.start, layers.start), max(range.end, layers.end))
            }
            result[node] = range
        }
        return result
    }
}
