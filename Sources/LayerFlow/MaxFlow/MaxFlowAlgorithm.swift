/// The algorithm ``FlowGraph/maxFlow(from:to:algorithm:)`` runs.
///
/// Both algorithms solve the same fixed-point problem (see `FixedPointCapacities`)
/// exactly, so they return the same ``MaxFlowResult/value``, the same
/// ``MaxFlowResult/sourceSide`` and the same ``MaxFlowResult/cutArcs``; only
/// ``MaxFlowResult/arcFlows`` may differ when the maximum flow is not unique.
public enum MaxFlowAlgorithm: String, Sendable, CaseIterable, Codable {
    /// Highest-label push-relabel with global relabelling and the gap heuristic,
    /// followed by a second push-relabel phase that returns excess to the source.
    ///
    /// - Complexity: O(V² √E). The default, and the fast one.
    case pushRelabel
    /// Edmonds–Karp: augment along shortest residual paths found by breadth-first
    /// search. Simple and independent of push-relabel; the reference in tests.
    ///
    /// - Complexity: O(V E²).
    case edmondsKarp
}
