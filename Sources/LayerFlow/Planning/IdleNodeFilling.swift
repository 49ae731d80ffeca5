import Foundation

/// Puts a plan's idle nodes to work for serving: a max-flow plan leaves nodes out when its weakest
/// stage is already met without them, yet each one added beside a stage (holding that stage's
/// layers) adds KV cache and splits that stage's load, without making any path deeper.
enum IdleNodeFilling {
    /// `result`'s placement with idle nodes added one at a time, each beside the stage (an existing
    /// range it can hold) where the serving estimate's realized throughput gains most, while it
    /// gains; nil when no idle node helps. Every step is scored by max-flow and the estimate.
    /// - Complexity: O(idle² · ranges) evaluations (one max-flow and one estimate each), cut short
    ///   by `deadline`.
    static func filled(
        _ result: PlanResult, cluster: Cluster, workload: ServingWorkload, deadline: ContinuousClock.Instant
    ) -> Placement? {
        var ranges = result.placement.rangesByNodeIndex(in: cluster)
        let stages = Array(Set(ranges.compactMap { $0 })).sorted { $0.start != $1.start ? $0.start < $1.start : $0.end < $1.end }
        guard var best = try? cluster.estimateServing(result.evaluation, workload: workload) else { return nil }
        var changed = false
        while ContinuousClock.now < deadline {
            var step: (node: Int, range: LayerRange, estimate: ServingEstimate)?
            for node in ranges.indices where ranges[node] == nil {
                let limit = cluster.maxHoldableLayers(nodeAt: node)
                for range in stages where range.count <= limit {
                    if ContinuousClock.now >= deadline { break }
                    var trial = ranges
                    trial[node] = range
                    let placement = Placement(cluster: cluster, rangesByNodeIndex: trial)
                    guard let evaluation = try? cluster.evaluate(placement, rule: result.evaluation.rule),
                          let estimate = try? cluster.estimateServing(evaluation, workload: workload) else { continue }
                    if estimate.realizedTokensPerSecond > (step?.estimate.realizedTokensPerSecond ?? best.realizedTokensPerSecond) * (1 + 1e-9) {
                        step = (node, range, estimate)
                    }
                }
            }
            guard let step else { break }
            ranges[step.node] = step.range
            best = step.estimate
            changed = true
        }
        return changed ? Placement(cluster: cluster, rangesByNodeIndex: ranges) : nil
    }
}
