/// Separate pipelines per GPU type.
///
/// Each GPU type serves the model on its own: its nodes are grouped into pipelines of equal depth
/// d, each pipeline's layers split so its members run at the same pace (see `PipelineSplit`).
/// For each type the depth giving the most total throughput (pipelines × pipeline throughput) is
/// chosen, shallowest on ties. Nodes left over by the grouping, and the nodes of types too small
/// to hold the model on their own, are pooled and placed by the balanced greedy
/// (`BalancedPipelinesPlacement`) as mixed pipelines, so that a cluster whose every type is too
/// small still gets a plan.
public enum SeparatePipelinesPlacement {
    /// - Complexity: O(Σ_t n_t · split) for the typed pipelines, plus the balanced greedy on the pool.
    public static func placement(for cluster: Cluster, rule: ContiguityRule = .strict) -> Placement {
        let layerCount = cluster.model.layerCount
        var ranges = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        for typeIndex in cluster.gpuTypes.indices {
            let members = cluster.nodes.indices.filter { cluster.typeIndexOfNode[$0] == typeIndex }
            var best: (depth: Int, counts: [Int], total: Double)?
            for depth in stride(from: 1, through: members.count, by: 1) {
                let pipelines = members.count / depth
                guard let split = PipelineSplit.balancedLayerCounts(
                    members: Array(members.prefix(depth)), cluster: cluster, layerCount: layerCount)
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
            ranges = BalancedPipelinesPlacement.bestRanges(members: pool, fixed: ranges, cluster: cluster, rule: rule)
        }
        return Placement(cluster: cluster, rangesByNodeIndex: ranges)
    }
}
