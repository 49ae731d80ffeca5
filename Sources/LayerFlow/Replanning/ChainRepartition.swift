/// Re-partitions the model's layers over an ordered chain of stages (one pipeline whose stages
/// may hold several nodes in parallel) with a churn budget: each stage holds a contiguous run of
/// layers in chain order, every member of a stage the same run, every layer is held, and the
/// layers nodes must load beyond what they hold today stay within the budget. It maximizes the
/// chain's bottleneck (the smallest stage capacity — the sum of its members' — or link capacity
/// between consecutive stages, summed over member pairs), and among the partitions reaching that
/// bottleneck takes one that loads the fewest layers. The caller scores the result by exact max flow.
///
/// Bisection over the candidate bottlenecks; for one candidate `T`, a dynamic program over (last
/// stage used, layers covered) finds the fewest loaded layers of a partition whose every arc
/// carries ≥ `T`.
/// - Complexity: O(log(m·K + m²) · m² · L · K) for m stages, L layers, K ≤ the most layers a
///   stage holds (O(log(m·K + m²) · m · L · K) when every stage must hold layers), plus
///   O(links) to gather capacities.
struct ChainRepartition {
    /// Each stage's members (node positions in `cluster.nodes`), in pipeline order.
    let stages: [[Int]]
    /// Layers nodes may load in all; nodes in `freeLoaders` load without counting.
    let budget: Int
    /// Whether a stage may be left out (its members hold nothing).
    let allowsSkipping: Bool
    private let layerCount: Int
    private let maxLayers: [Int]
    private let capacity: [[Double]]
    /// Per stage, per member: today's range and whether its loads count.
    private let members: [[(range: LayerRange?, counts: Bool)]]
    /// `linkCapacity[j][i]`: stage j → stage i, summed over member pairs.
    private let linkCapacity: [[Double]]
    private let entryCapacity: [Double]
    private let exitCapacity: [Double]

    init(
        cluster: Cluster, stages: [[Int]], current: (Int) -> LayerRange?, budget: Int, freeLoaders: Set<Int> = [],
        allowsSkipping: Bool = true
    ) {
        self.stages = stages
        self.budget = budget
        self.allowsSkipping = allowsSkipping
        layerCount = cluster.model.layerCount
        let limits = stages.map { $0.map { cluster.maxHoldableLayers(nodeAt: $0) }.min() ?? 0 }
        maxLayers = limits
        capacity = stages.indices.map { u in
            (0...limits[u]).map { k in k == 0 ? 0 : stages[u].reduce(0) { $0 + cluster.nodeCapacityTokensPerSecond(nodeAt: $1, layers: k) } }
        }
        members = stages.map { $0.map { (current($0), !freeLoaders.contains($0)) } }
        var stageOf: [Int: Int] = [:]
        for (u, stage) in stages.enumerated() { for node in stage { stageOf[node] = u } }
        var links = [[Double]](repeating: [Double](repeating: 0, count: stages.count), count: stages.count)
        var entry = [Double](repeating: 0, count: stages.count)
        var exit = [Double](repeating: 0, count: stages.count)
        for (index, ends) in cluster.linkEnds.enumerated() {
            let link = cluster.capacityTokensPerSecond(of: cluster.links[index])
            if ends.from == Cluster.coordinatorIndex, let to = stageOf[ends.to] { entry[to] += link }
            else if ends.to == Cluster.coordinatorIndex, let from = stageOf[ends.from] { exit[from] += link }
            else if let from = stageOf[ends.from], let to = stageOf[ends.to] { links[from][to] += link }
        }
        linkCapacity = links
        entryCapacity = entry
        exitCapacity = exit
    }

    /// The best partition within the budget whose bottleneck is at least `floor`: a range per
    /// stage (nil: it holds nothing) and that bottleneck; nil when no partition within the budget
    /// covers every layer with a bottleneck of at least `floor`.
    func best(atLeast floor: Double = .leastNonzeroMagnitude) -> (ranges: [LayerRange?], bottleneck: Double)? {
        var thresholds = Set(capacity.flatMap { $0 })
        thresholds.formUnion(linkCapacity.flatMap { $0 })
        thresholds.formUnion(entryCapacity)
        thresholds.formUnion(exitCapacity)
        let sorted = thresholds.filter { $0 >= floor }.sorted()
        guard let lowest = sorted.first, let first = solve(threshold: lowest) else { return nil }
        var answer = (ranges: first, bottleneck: lowest)
        var low = 0
        var high = sorted.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if let ranges = solve(threshold: sorted[middle]) {
                answer = (ranges, sorted[middle])
                low = middle
            } else {
                high = middle - 1
            }
        }
        return answer
    }

    /// Layers stage `u`'s counted members load to hold `start..<end`.
    private func cost(_ u: Int, _ start: Int, _ end: Int) -> Int {
        var total = 0
        for member in members[u] where member.counts {
            let held = member.range.map { max(0, min(end, $0.end) - max(start, $0.start)) } ?? 0
            total += end - start - held
        }
        return total
    }

    /// The fewest-loads partition whose every arc carries ≥ `threshold`, if its loads fit the budget.
    private func solve(threshold: Double) -> [LayerRange?]? {
        let m = stages.count
        let unreachable = Int.max
        // best[i][c]: fewest loads with stage i last, holding layers up to c.
        var best = [[Int]](repeating: [Int](repeating: unreachable, count: layerCount + 1), count: m)
        var parent = [[(stage: Int, cut: Int)]](repeating: [(stage: Int, cut: Int)](repeating: (-1, 0), count: layerCount + 1), count: m)
        for i in 0..<m {
            for k in stride(from: 1, through: maxLayers[i], by: 1) where capacity[i][k] >= threshold {
                for end in k...layerCount {
                    let start = end - k
                    let here = cost(i, start, end)
                    if start == 0 {
                        if allowsSkipping || i == 0, entryCapacity[i] >= threshold, here < best[i][end] {
                            best[i][end] = here
                            parent[i][end] = (-1, 0)
                        }
                        continue
                    }
                    for j in (allowsSkipping ? 0 : max(0, i - 1))..<i where best[j][start] != unreachable && linkCapacity[j][i] >= threshold {
                        let total = best[j][start] + here
                        if total < best[i][end] {
                            best[i][end] = total
                            parent[i][end] = (j, start)
                        }
                    }
                }
            }
        }
        var last = -1
        for i in 0..<m where (allowsSkipping || i == m - 1) && best[i][layerCount] <= budget && exitCapacity[i] >= threshold {
            if last < 0 || best[i][layerCount] < best[last][layerCount] { last = i }
        }
        guard last >= 0 else { return nil }
        var ranges = [LayerRange?](repeating: nil, count: m)
        var stage = last
        var end = layerCount
        while stage >= 0 {
            let step = parent[stage][end]
            ranges[stage] = LayerRange(step.cut, end)
            end = step.cut
            stage = step.stage
        }
        return ranges
    }
}
