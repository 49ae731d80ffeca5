/// Petals-style greedy placement.
///
/// In Petals, servers join a swarm one at a time; each loads as many consecutive blocks as its
/// memory allows and picks the span whose blocks are served worst so far (the span whose sorted
/// per-block throughputs are lexicographically smallest, Petals' `choose_best_start`). Here the
/// join order is a seeded shuffle, a server holds `maxHoldableLayers` layers, and a block's
/// throughput is the sum of the capacities of the servers holding it. Petals later rebalances
/// servers that sit on over-served spans; this baseline keeps the first-join placement. Petals relies
/// on partial inference: its spans overlap and rarely meet end to start.
package enum PetalsPlacement {
    /// - Complexity: O(n · L · K log K) for n nodes, L layers, K the largest span. The budget is
    ///   polled before each server joins; servers that have not joined when it runs out hold nothing.
    package static func placement(for cluster: Cluster, seed: UInt64, budget: PlanningBudget = .unlimited) -> Placement {
        let layerCount = cluster.model.layerCount
        var order = Array(cluster.nodes.indices)
        var generator = SeededGenerator(seed: seed)
        order.shuffle(using: &generator)
        var served = [Double](repeating: 0, count: layerCount)
        var ranges = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        for node in order {
            if budget.isExhausted { break }
            let span = cluster.maxHoldableLayers(nodeAt: node)
            guard span >= 1 else { continue }
            let start = weakestSpanStart(served: served, span: span)
            ranges[node] = LayerRange(start, start + span)
            let capacity = cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: span)
            for layer in start..<(start + span) { served[layer] += capacity }
        }
        return Placement(cluster: cluster, rangesByNodeIndex: ranges)
    }

    /// The start of the span of `span` layers whose sorted throughputs are lexicographically smallest
    /// (earliest start on ties).
    static func weakestSpanStart(served: [Double], span: Int) -> Int {
        var best = 0
        var bestKey: [Double]?
        for start in 0...(served.count - span) {
            let key = served[start..<(start + span)].sorted()
            if let current = bestKey, !key.lexicographicallyPrecedes(current) { continue }
            best = start
            bestKey = key
        }
        return best
    }
}
