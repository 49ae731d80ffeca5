/// The baseline placement heuristics. Each is deterministic for a given seed (and a budget that does
/// not run out), cheap (well under a second on hundreds of nodes), and serves as a warm start for
/// the MILP planner.
public enum BaselineMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Petals-style: servers join one by one (in seeded random order), each holding as many layers
    /// as it can, at the span where the served throughput is weakest. See `PetalsPlacement`.
    case petals
    /// SWARM-style: the model is cut into equal stages small enough for every GPU; nodes are dealt to
    /// the stage with the least throughput so far, strongest first. See `SwarmPlacement`.
    case swarm
    /// One or more pipelines per GPU type, of the depth that serves most; leftovers pooled. See `SeparatePipelinesPlacement`.
    case separate
    /// LayerFlow's throughput-balanced greedy: mixed-type pipelines whose layers are split so that every
    /// member runs at the same pace, for the pipeline count that flows most. See `BalancedPipelinesPlacement`.
    case balanced

    /// Computes this baseline's placement for a cluster.
    /// - Parameters:
    ///   - cluster: the cluster to place the model on.
    ///   - rule: the contiguity rule the placement will be evaluated under (used where a heuristic
    ///     compares candidates by max flow).
    ///   - seed: seeds any random choice (only `petals` makes one).
    public func placement(for cluster: Cluster, rule: ContiguityRule = .strict, seed: UInt64 = 0) -> Placement {
        placement(for: cluster, rule: rule, seed: seed, budget: .unlimited)
    }

    /// As `placement(for:rule:seed:)`, stopping early when `budget` runs out: it is polled by
    /// every loop that grows with the cluster, and the heuristic then returns the best placement
    /// it has so far (possibly placing fewer nodes, or none).
    package func placement(
        for cluster: Cluster, rule: ContiguityRule, seed: UInt64, budget: PlanningBudget
    ) -> Placement {
        switch self {
        case .petals: return PetalsPlacement.placement(for: cluster, seed: seed, budget: budget)
        case .swarm: return SwarmPlacement.placement(for: cluster, budget: budget)
        case .separate: return SeparatePipelinesPlacement.placement(for: cluster, rule: rule, budget: budget)
        case .balanced: return BalancedPipelinesPlacement.placement(for: cluster, rule: rule, budget: budget)
        }
    }
}
