/// Re-plans a deployment after its cluster changed (nodes failed, joined or slowed down, links
/// degraded), moving as few layers as it can.
///
/// The heuristic path, every candidate scored by the exact max flow:
/// 1. survivors keep their layers; nodes that are gone hold nothing;
/// 2. each pipeline of today's plan (a flow path of it on the previous cluster) is re-partitioned
///    over its surviving nodes by `ChainRepartition` within the churn budget: a pipeline that lost
///    layers always takes the result, an intact one only when the plan gains ≥ the threshold;
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
        var search = ReplanSearch(cluster: cluster, options: options, start: survivors, budget: budget)
        for chain in chains(in: cluster) { search.repartition(chain) }
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
        if changes.isEmpty { decision = .unchanged }
        else if !lost.isEmpty { decision = .repaired }
        else if search.spent == 0 { decision = .extended }
        else { decision = .rebalanced }
        return ReplanResult(
            placement: search.placement, throughputTokensPerSecond: search.throughput,
            survivingThroughputTokensPerSecond: search.startThroughput, lostLayers: lost, changes: changes,
            movedLayers: changes.movedLayers, budgetedMovedLayers: search.spent, budget: budget, decision: decision,
            reasons: search.reasons, transition: transition)
    }
}
