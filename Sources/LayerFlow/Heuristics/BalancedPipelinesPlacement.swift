/// LayerFlow's throughput-balanced greedy.
///
/// Mixed-type pipelines: for every pipeline count P from 1 to n, nodes (strongest first, strength =
/// `max_k k · capacity(k)`, the layer-executions per second it can supply) are dealt to the pipeline
/// with the least total strength, so pipelines come out alike; each pipeline's layers are then split
/// so that its members run at the same pace (`PipelineSplit`, exact). Pipelines whose members cannot
/// hold the model together are left out. Every P's placement is scored by max-flow on the real
/// links and the best is kept (fewest pipelines on ties).
public enum BalancedPipelinesPlacement {
    /// - Complexity: O(n · (n log n + Σ split + maxflow)) for n nodes.
    public static func placement(for cluster: Cluster, rule: ContiguityRule) -> Placement {
        let empty = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        let ranges = bestRanges(members: Array(cluster.nodes.indices), fixed: empty, cluster: cluster, rule: rule)
        return Placement(cluster: cluster, rangesByNodeIndex: ranges)
    }

    /// Places `members` as balanced pipelines next to the `fixed` ranges of other nodes (which stay
    /// as they are), returning the combined ranges with the highest max flow (`fixed` itself when no
    /// pipeline of members can hold the model).
    static func bestRanges(
        members: [Int], fixed: [LayerRange?], cluster: Cluster, rule: ContiguityRule
    ) -> [LayerRange?] {
        let layerCount = cluster.model.layerCount
        let strength: [Int: Double] = Dictionary(uniqueKeysWithValues: members.map { node in
            let limit = cluster.maxHoldableLayers(nodeAt: node)
            let best = limit < 1 ? 0 : (1...limit)
                .map { Double($0) * cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: $0) }.max() ?? 0
            return (node, best)
        })
        let order = members.filter { strength[$0, default: 0] > 0 }
            .sorted { (strength[$0, default: 0], $1) > (strength[$1, default: 0], $0) }
        var best = (ranges: fixed, throughput: cluster.throughput(ranges: fixed, rule: rule))
        for pipelineCount in stride(from: 1, through: order.count, by: 1) {
            var groups = [[Int]](repeating: [], count: pipelineCount)
            var load = [Double](repeating: 0, count: pipelineCount)
            for node in order {
                var target = 0
                for p in 1..<pipelineCount where load[p] < load[target] { target = p }
                groups[target].append(node)
                load[target] += strength[node, default: 0]
            }
            var ranges = fixed
            for group in groups {
                guard let split = PipelineSplit.balancedLayerCounts(
                    members: group, cluster: cluster, layerCount: layerCount) else { continue }
                for (node, span) in zip(group, PipelineSplit.ranges(counts: split.counts)) {
                    ranges[node] = span
                }
            }
            let throughput = cluster.throughput(ranges: ranges, rule: rule)
            if throughput > best.throughput { best = (ranges, throughput) }
        }
        return best.ranges
    }
}
