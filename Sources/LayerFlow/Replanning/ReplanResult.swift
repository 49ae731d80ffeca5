/// A re-plan: the new placement, what it moves and how to get there.
public struct ReplanResult: Sendable, Hashable, Codable {
    public enum Decision: String, Sendable, Hashable, Codable {
        /// Nothing worth changing: the placement is today's (survivors').
        case unchanged
        /// Lost coverage was restored (and the budget spent on the best such plan).
        case repaired
        /// Idle or joined nodes were put to use; no serving node moved.
        case extended
        /// Serving nodes moved for a gain past the threshold.
        case rebalanced
    }

    public var placement: Placement
    /// Max flow of `placement` on the changed cluster.
    public var throughputTokensPerSecond: Double
    /// Max flow of today's placement on the changed cluster (nodes that are gone hold nothing).
    public var survivingThroughputTokensPerSecond: Double
    /// Layers no surviving node held.
    public var lostLayers: [LayerRange]
    public var changes: PlacementChanges
    /// Layers loaded by every node, idle and joined ones included.
    public var movedLayers: Int
    /// Layers loaded by nodes that were serving (what the budget limits).
    public var budgetedMovedLayers: Int
    public var budget: Int
    public var decision: Decision
    /// One sentence a decision, for people.
    public var reasons: [String]
    public var transition: Transition
}
