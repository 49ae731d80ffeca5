/// LayerFlow's throughput-balanced greedy.
///
/// Mixed-type pipelines: for every pipeline count P from 1 to n, nodes (strongest first, strength =
/// `max_k k · capacity(k)`, the layer-executions per second it can supply) are dealt to the pipeline
/// with the least total strength, so pipelines come out alike; each pipeline's layers are then split
/// so that its members run at the same pace (`PipelineSplit`, exact). Pipelines whose members cannot
/// hold the model are left out. Every P's placement is scored by max-flow on the real links and the
/// best is kept (fewest pipelines on ties).
///
/// On large clusters the max-flows dominate, so the pipeline counts are scored in two passes: first
/// every P gets a cheap estimate (the sum of its pipelines' split throughputs, links ignored; splits
/// are shared between pipelines of the same GPU-type sequence), then the max-flows run in order of
/// decreasing estimate. Pipeline counts whose pipelines could all hold the model come first. Both
/// passes stop when the budget runs out, keeping the best placement scored so far; with time to
/// finish, the result is that of scoring every P.
package enum BalancedPipelinesPlacement {
    /// - Complexity: O(n² log n) dealing and O(n · Σ split) splitting for n nodes (far less when
    ///   nodes share types), plus one max-flow per pipeline count that places anything.
    package static func placement(for cluster: Cluster, rule: ContiguityRule, budget: PlanningBudget = .unlimited) -> Placement {
        let empty = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        let ranges = bestRanges(members: Array(cluster.nodes.indices), fixed: empty, cluster: cluster, rule: rule, budget: budget)
        return Placement(cluster: cluster, rangesByNodeIndex: ranges)
    }

    /// Places `members` as balanced pipelines next to the `fixed` ranges of other nodes (which stay
    /// as they are), returning the combined ranges with the highest max flow (`fixed` itself when no
    /// pipeline of members can hold the model, or when the budget runs out before any is scored).
    static func bestRanges(
        members: [Int], fixed: [LayerRange?], cluster: Cluster, rule: ContiguityRule,
        budget: PlanningBudget = .unlimited
    ) -> [LayerRange?] {
        let layerCount = cluster.model.layerCount
        let holdable = Dictionary(uniqueKeysWithValues: members.map { ($0, cluster.maxHoldableLayers(nodeAt: $0)) })
        var tables: [Int: [Double]] = [:]
        for type in Set(members.map { cluster.typeIndexOfNode[$0] }) {
            guard let node = members.first(where: { cluster.typeIndexOfNode[$0] == type }) else { continue }
            let limit = holdable[node, default: 0]
            tables[type] = limit < 1 ? [] : (1...limit).map { cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: $0) }
        }
        func strength(_ node: Int) -> Double {
            tables[cluster.typeIndexOfNode[node], default: []].enumerated().map { Double($0.offset + 1) * $0.element }.max() ?? 0
        }
        let strengths = Dictionary(uniqueKeysWithValues: members.map { ($0, strength($0)) })
        let order = members.filter { strengths[$0, default: 0] > 0 }
            .sorted { (strengths[$0, default: 0], $1) > (strengths[$1, default: 0], $0) }
        guard !order.isEmpty else { return fixed }

        // Splits by the sequence of member GPU types (capacity depends on the type only); bounded.
        var splits: [[Int]: (counts: [Int], throughput: Double)?] = [:]
        var cachedMembers = 0
        func split(_ group: [Int]) -> (counts: [Int], throughput: Double)? {
            guard group.count <= layerCount,
                  group.reduce(0, { $0 + holdable[$1, default: 0] }) >= layerCount else { return nil }
            let key = group.map { cluster.typeIndexOfNode[$0] }
            if let known = splits[key] { return known }
            let result = PipelineSplit.balancedLayerCounts(
                capacities: key.map { tables[$0, default: []] }, layerCount: layerCount, budget: budget)
            if budget.isExhausted { return result }  // possibly cut short: not cached
            if cachedMembers > 4_000_000 {
                splits.removeAll()
                cachedMembers = 0
            }
            splits[key] = result
            cachedMembers += key.count
            return result
        }

        // Pass 1: estimates. Pipeline counts whose pipelines can all hold the model first.
        let totalHoldable = order.reduce(0) { $0 + holdable[$1, default: 0] }
        let plausible = max(1, min(order.count, totalHoldable / layerCount))
        let counts = Array(1...plausible) + Array(stride(from: plausible + 1, through: order.count, by: 1))
        var estimates: [(pipelines: Int, estimate: Double)] = []
        for pipelineCount in counts {
            if budget.isExhausted { break }
            var estimate = 0.0
            var placesAny = false
            for group in deal(order, into: pipelineCount, strength: { strengths[$0, default: 0] }) {
                guard let result = split(group) else { continue }
                estimate += result.throughput
                placesAny = true
            }
            if placesAny { estimates.append((pipelineCount, estimate)) }
        }

        // Pass 2: max-flows, most promising first; fewest pipelines on equal throughput.
        estimates.sort { ($0.estimate, -$0.pipelines) > ($1.estimate, -$1.pipelines) }
        var best = (ranges: fixed, throughput: cluster.throughput(ranges: fixed, rule: rule), pipelines: 0)
        for candidate in estimates {
            if budget.isExhausted { break }
            var ranges = fixed
            for group in deal(order, into: candidate.pipelines, strength: { strengths[$0, default: 0] }) {
                guard let result = split(group) else { continue }
                for (node, span) in zip(group, PipelineSplit.ranges(counts: result.counts)) {
                    ranges[node] = span
                }
            }
            let throughput = cluster.throughput(ranges: ranges, rule: rule)
            let better = throughput > best.throughput
                || (best.pipelines > 0 && throughput == best.throughput && candidate.pipelines < best.pipelines)
            if better { best = (ranges, throughput, candidate.pipelines) }
        }
        return best.ranges
    }

    /// Deals `order` (strongest first) to `count` pipelines, each node to the pipeline with the
    /// least total strength so far (the lowest-numbered on ties).
    /// - Complexity: O(n log count).
    static func deal(_ order: [Int], into count: Int, strength: (Int) -> Double) -> [[Int]] {
        var groups = [[Int]](repeating: [], count: count)
        // A binary min-heap of (load, pipeline).
        var heap = (0..<count).map { (load: 0.0, pipeline: $0) }
        func less(_ a: Int, _ b: Int) -> Bool {
            heap[a].load < heap[b].load || (heap[a].load == heap[b].load && heap[a].pipeline < heap[b].pipeline)
        }
        for node in order {
            groups[heap[0].pipeline].append(node)
            heap[0].load += strength(node)
            var i = 0
            while true {
                let left = 2 * i + 1
                let right = left + 1
                var smallest = i
                if left < count, less(left, smallest) { smallest = left }
                if right < count, less(right, smallest) { smallest = right }
                if smallest == i { break }
                heap.swapAt(i, smallest)
                i = smallest
            }
        }
        return groups
    }
}
