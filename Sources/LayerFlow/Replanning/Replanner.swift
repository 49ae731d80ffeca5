/// Re-plans a deployment after its cluster changed (nodes failed, joined or slowed down, links
/// degraded), moving as few layers as it can.
///
/// The heuristic path, every candidate scored by the exact max flow:
/// 1. survivors keep their layers; nodes that are gone hold nothing;
/// 2. today's plan is read as pipelines of stages (its stages, when its ranges tile the model; its
///    flow paths otherwise), and each is re-partitioned by `ChainRepartition` within the churn
///    budget, also with one node moved (into a gap, into a bottleneck stage, or elsewhere) or one
///    idle node added; a result that restores lost layers is always kept, one that raises the
///    throughput after a failure too, any other only if it gains ≥ the threshold (1.33×);
/// 3. lost layers no pipeline could restore are covered by one re-partition over every node;
/// 4. idle and joined nodes replicate the range that raises the max flow most (loading only
///    themselves, moving no serving node's layers).
/// Then `TransitionPlanner` orders the steps. See `docs/Guides/Replanning.md`.
public struct Replanner: Sendable {
    /// The cluster `placement` was made for.
    public let previous: Cluster
    public let placement: Placement
    public var options: ReplanOptions

    public init(previous: Cluster, placement: Placement, options: ReplanOptions = ReplanOptions()) {
        self.previous = previous
        self.placement = placement
        self.options = options
    }

    /// Re-plans on `cluster`, the changed form of `previous` (same model; node ids stable).
    /// - Throws: `ReplanError` (options, a budget too small to restore coverage, memory that cannot
    ///   hold every layer), `PlacementError` when a surviving range no longer fits its node.
    /// - Complexity: O(pipelines · ChainRepartition + idle nodes · ranges) max-flows and programs.
    public func replan(on cluster: Cluster) throws -> ReplanResult {
        try options.validate()
        let survivors = placement.surviving(in: cluster)
        try survivors.validate(for: cluster)
        let layerCount = cluster.model.layerCount
        let lost = survivors.uncoveredLayers(layerCount: layerCount)
        let budget = options.budget(lostLayers: lost.reduce(0) { $0 + $1.count }, layerCount: layerCount)
        let failed = survivors.ranges.count < placement.ranges.count
        var search = ReplanSearch(cluster: cluster, options: options, start: survivors, budget: budget, mandatory: failed)
        for chain in chains(in: cluster) {
            // After a failure, one more move from the repaired chain, while the budget lasts.
            if let repaired = search.repartition(chain), failed { search.repartition(repaired) }
        }
        if !search.isCovered { try search.repairAcrossAllNodes() }
        search.useIdleNodes()
        return result(of: search, survivors: survivors, lost: lost, budget: budget, cluster: cluster)
    }

    private func result(
        of search: ReplanSearch, survivors: Placement, lost: [LayerRange], budget: Int, cluster: Cluster
    ) -> ReplanResult {
        let changes = search.placement.changes(from: survivors)
        let transition = TransitionPlanner(cluster: cluster, rule: options.rule).plan(from: survivors, to: search.placement)
        let decision: ReplanResult.Decision
        let onlyIdleChanged = changes.changes.allSatisfy { $0.old == nil }
        if changes.isEmpty { decision = .unchanged }
        else if !lost.isEmpty || search.mandatory { decision = .repaired }
        else if onlyIdleChanged { decision = .extended }
        else { decision = .rebalanced }
        return ReplanResult(
            placement: search.placement, throughputTokensPerSecond: search.throughput,
            survivingThroughputTokensPerSecond: search.startThroughput, lostLayers: lost, changes: changes,
            movedLayers: changes.movedLayers, budgetedMovedLayers: search.spent, budget: budget, decision: decision,
            reasons: search.reasons, transition: transition)
    }
}
