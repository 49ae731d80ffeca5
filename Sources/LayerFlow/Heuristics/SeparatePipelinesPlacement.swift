/// Separate pipelines per GPU type.
///
/// Each GPU type serves the model on its own: its nodes are grouped into pipelines of equal depth
/// d, each pipeline's layers split so its members run at the same pace (see `PipelineSplit`).
/// For each type the depth giving the most total throughput (pipelines × pipeline throughput) is
/// chosen, shallowest on ties. Nodes left over by the grouping, and the nodes of types too small
/// to hold the model on their own, are pooled and placed by the balanced greedy
/// (`BalancedPipelinesPlacement`) as mixed pipelines, so that a cluster whose every type is too
/// small still gets a plan.
///
/// Depths run from the fewest members that can hold the model to the most that can each hold a
/// layer (min(n_t, L)); the budget is polled at every depth, and when it runs out the best depth so
/// far is kept.
package enum SeparatePipelinesPlacement {
    /// - Complexity: O(Σ_t min(n_t, L) · split) for the typed pipelines, plus the balanced greedy on the pool.
    package static func placement(for cluster: Cluster, rule: ContiguityRule = .strict, budget: PlanningBudget = .unlimited) -> Placement {
        let layerCount = cluster.model.layerCount
        var ranges = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        var membersOfType = [[Int]](repeating: [], count: cluster.gpuTypes.count)
        for node in cluster.nodes.indices { membersOfType[cluster.typeIndexOfNode[node]].append(node) }
        for members in membersOfType {
            var best: (depth: Int, counts: [Int], total: Double)?
            guard let first = members.first else { continue }
            let holdable = cluster.maxHoldableLayers(nodeAt: first)
            guard holdable >= 1 else { continue }
            let shallowest = (layerCount + holdable - 1) / holdable
            for depth in stride(from: shallowest, through: min(members.count, layerCount), by: 1) {
                if budget.isExhausted { break }
                let pipelines = members.count / depth
                guard let split = PipelineSplit.balancedLayerCounts(
                    members: Array(members.prefix(depth)), cluster: cluster, layerCount: layerCount, budget: budget)
                else { continue }
                let total = Double(pipelines) * split.throughput
                if total > (best?.total ?? 0) { best = (depth, split.counts, total) }
            }
            guard let best else { continue }
            let spans = PipelineSplit.ranges(counts: best.counts)
            for pipeline in 0..<(members.count / best.depth) {
                for (position, span) in spans.enumerated() {
                    ranges[members[pipeline * best.depth + position]] = span
                }
            }
        }
        let pool = cluster.nodes.indices.filter { ranges[$0] == nil }
        if !pool.isEmpty {
            ranges = BalancedPipelinesPlacement.bestRanges(
                members: pool, fixed: ranges, cluster: cluster, rule: rule, budget: budget)
        }
        return Placement(cluster: cluster, rangesByNodeIndex: ranges)
    }
}
