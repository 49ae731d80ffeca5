/// SWARM-style placement.
///
/// SWARM parallelism cuts the model into equal pipeline stages and lets peers join the stage that
/// is currently slowest. Here the stage size is the smallest number of layers every GPU can hold
/// (so any node fits any stage), enlarged if there are fewer nodes than stages; nodes, strongest
/// first, are dealt to the stage whose summed capacity is lowest (ties: lowest stage). The throughput
/// is then that of the weakest stage. Nodes that cannot hold a stage are left out.
package enum SwarmPlacement {
    /// - Complexity: O(n log n + n · S) for n nodes and S stages. The budget is polled before each
    ///   node is dealt; nodes not dealt when it runs out hold nothing.
    package static func placement(for cluster: Cluster, budget: PlanningBudget = .unlimited) -> Placement {
        let layerCount = cluster.model.layerCount
        let holdable = cluster.nodes.indices.map { cluster.maxHoldableLayers(nodeAt: $0) }
        guard let smallest = holdable.filter({ $0 > 0 }).min() else { return Placement() }
        let usable = holdable.filter { $0 > 0 }.count
        let stageSize = max(smallest, (layerCount + usable - 1) / usable)
        let stageCount = (layerCount + stageSize - 1) / stageSize
        let stages = (0..<stageCount).map { LayerRange($0 * stageSize, min(layerCount, ($0 + 1) * stageSize)) }

        let members = cluster.nodes.indices
            .filter { holdable[$0] >= stageSize }
            .sorted { lhs, rhs in
                let a = cluster.nodeCapacityTokensPerSecond(nodeAt: lhs, layers: stageSize)
                let b = cluster.nodeCapacityTokensPerSecond(nodeAt: rhs, layers: stageSize)
                return a != b ? a > b : lhs < rhs
            }
        var stageCapacity = [Double](repeating: 0, count: stageCount)
        var stageMembers = [Int](repeating: 0, count: stageCount)
        var ranges = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        for node in members {
            if budget.isExhausted { break }
            // An empty stage first; otherwise the stage with the least capacity.
            var target = 0
            for stage in 1..<stageCount {
                let better = (stageMembers[stage] == 0) != (stageMembers[target] == 0)
                    ? stageMembers[stage] == 0
                    : stageCapacity[stage] < stageCapacity[target]
                if better { target = stage }
            }
            let range = stages[target]
            ranges[node] = range
            stageCapacity[target] += cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: range.count)
            stageMembers[target] += 1
        }
        return Placement(cluster: cluster, rangesByNodeIndex: ranges)
    }
}
