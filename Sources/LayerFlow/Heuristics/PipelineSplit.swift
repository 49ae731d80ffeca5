/// Splitting a model's layers among the members of one pipeline so that its slowest member is as
/// fast as possible.
enum PipelineSplit {
    /// Layer counts `k_i ≥ 1` with `Σ k_i = layerCount` and `k_i ≤ maxHoldableLayers`, maximising
    /// `min_i capacity_i(k_i)`; nil when the members cannot hold the model together.
    ///
    /// Throughput tables need not be monotone, so this is exact rather than greedy: a binary search
    /// over the candidate thresholds τ (all table values), each checked by a subset-sum style
    /// dynamic program over members ("can the first i members hold exactly s layers, each at
    /// capacity ≥ τ?").
    ///
    /// Members that cannot hold the model together, or more members than layers (each holds at
    /// least one), are refused in O(m) before any table is built. When `budget` runs out the best
    /// split found so far is returned (nil if none yet).
    /// - Complexity: O(log(m·K) · m · L · K) for m ≤ L members, L layers, spans of at most K layers.
    static func balancedLayerCounts(
        members: [Int], cluster: Cluster, layerCount: Int, budget: PlanningBudget = .unlimited
    ) -> (counts: [Int], throughput: Double)? {
        guard !members.isEmpty, members.count <= layerCount else { return nil }
        var holdable = 0
        for node in members {
            holdable += cluster.maxHoldableLayers(nodeAt: node)
            if holdable >= layerCount { break }
        }
        guard holdable >= layerCount else { return nil }
        let capacities: [[Double]] = members.map { cluster.capacityProfile(nodeAt: $0) }
        return balancedLayerCounts(capacities: capacities, layerCount: layerCount, budget: budget)
    }

    /// The same for members given by their capacity tables (`capacities[i][k - 1]`).
    static func balancedLayerCounts(
        capacities: [[Double]], layerCount: Int, budget: PlanningBudget = .unlimited
    ) -> (counts: [Int], throughput: Double)? {
        guard !capacities.isEmpty, capacities.count <= layerCount,
              capacities.reduce(0, { $0 + min($1.count, layerCount) }) >= layerCount else { return nil }
        let thresholds = Array(Set(capacities.joined())).sorted()
        var low = 0
        var high = thresholds.count - 1
        var best: [Int]?
        var bestThreshold = 0.0
        while low <= high {
            if budget.isExhausted { break }
            let middle = (low + high) / 2
            if let counts = counts(capacities: capacities, layerCount: layerCount, threshold: thresholds[middle], budget: budget) {
                best = counts
                bestThreshold = thresholds[middle]
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        guard let counts = best else { return nil }
        let throughput = zip(capacities, counts).map { $0[$1 - 1] }.min() ?? 0
        return (counts, max(throughput, bestThreshold))
    }

    /// One assignment of layer counts with every member at capacity ≥ `threshold`, or nil (also
    /// when `budget` runs out; it is polled once per member).
    private static func counts(capacities: [[Double]], layerCount: Int, threshold: Double, budget: PlanningBudget) -> [Int]? {
        let m = capacities.count
        // choice[i][s]: the layer count member i takes when members 0...i hold s layers (0 = unreachable).
        var reachable = [Bool](repeating: false, count: layerCount + 1)
        reachable[0] = true
        var choice = [[Int]](repeating: [Int](repeating: 0, count: layerCount + 1), count: m)
        for i in 0..<m {
            if budget.isExhausted { return nil }
            var next = [Bool](repeating: false, count: layerCount + 1)
            for (index, capacity) in capacities[i].enumerated() where capacity >= threshold {
                let k = index + 1
                guard k <= layerCount else { break }
                for s in stride(from: layerCount, through: k, by: -1) where reachable[s - k] && !next[s] {
                    next[s] = true
                    choice[i][s] = k
                }
            }
            reachable = next
        }
        guard reachable[layerCount] else { return nil }
        var counts = [Int](repeating: 0, count: m)
        var remaining = layerCount
        for i in stride(from: m - 1, through: 0, by: -1) {
            counts[i] = choice[i][remaining]
            remaining -= counts[i]
        }
        return counts
    }

    /// Consecutive ranges for members holding `counts` layers, in order.
    static func ranges(counts: [Int]) -> [LayerRange] {
        var start = 0
        return counts.map { count in
            defer { start += count }
            return LayerRange(start, start + count)
        }
    }
}
