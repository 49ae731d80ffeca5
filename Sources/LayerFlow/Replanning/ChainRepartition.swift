/// Re-partitions the model's layers over an ordered chain of nodes (one pipeline) with a churn
/// budget: each node holds a contiguous run of layers in chain order (or nothing), every layer is
/// held, and the layers nodes must load beyond what they hold today stay within the budget. It
/// maximizes the chain's bottleneck (the smallest node or link capacity along it), and among the
/// partitions reaching that bottleneck takes one that loads the fewest layers.
///
/// Bisection over the candidate bottlenecks (every node capacity for every layer count and every
/// link capacity of the chain); for one candidate `T`, a dynamic program over (last node used,
/// layers covered) finds the fewest loaded layers of a partition whose every arc carries ≥ `T`.
/// - Complexity: O(log(m·K + m²) · m² · L · K) for m chain nodes, L layers, K ≤ the most layers a
///   node holds (O(log(m·K + m²) · m · L · K) when every node must hold layers).
struct ChainRepartition {
    /// Node positions in `cluster.nodes`, in pipeline order.
    let chain: [Int]
    /// Each chain node's range today (nil: holds nothing), by chain position.
    let current: [LayerRange?]
    /// Layers nodes may load in all; nodes in `freeLoaders` load without counting.
    let budget: Int
    let freeLoaders: Set<Int>
    /// Whether a node may be left out (hold nothing); without it the program is O(m · L · K).
    let allowsSkipping: Bool
    private let layerCount: Int
    private let maxLayers: [Int]
    private let nodeCapacity: [[Double]]
    /// `linkCapacity[j][i]`: chain node j → chain node i (0 without a link).
    private let linkCapacity: [[Double]]
    private let entryCapacity: [Double]
    private let exitCapacity: [Double]

    init(
        cluster: Cluster, chain: [Int], current: [LayerRange?], budget: Int, freeLoaders: Set<Int> = [],
        allowsSkipping: Bool = true
    ) {
        self.chain = chain
        self.current = current
        self.budget = budget
        self.freeLoaders = freeLoaders
        self.allowsSkipping = allowsSkipping
        layerCount = cluster.model.layerCount
        maxLayers = chain.map { cluster.maxHoldableLayers(nodeAt: $0) }
        nodeCapacity = chain.map { node in
            (0...cluster.maxHoldableLayers(nodeAt: node)).map { $0 == 0 ? 0 : cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: $0) }
        }
        let position = Dictionary(uniqueKeysWithValues: chain.enumerated().map { ($1, $0) })
        var links = [[Double]](repeating: [Double](repeating: 0, count: chain.count), count: chain.count)
        var entry = [Double](repeating: 0, count: chain.count)
        var exit = [Double](repeating: 0, count: chain.count)
        for (index, ends) in cluster.linkEnds.enumerated() {
            let capacity = cluster.capacityTokensPerSecond(of: cluster.links[index])
            if ends.from == Cluster.coordinatorIndex, let to = position[ends.to] { entry[to] = capacity }
            else if ends.to == Cluster.coordinatorIndex, let from = position[ends.from] { exit[from] = capacity }
            else if let from = position[ends.from], let to = position[ends.to] { links[from][to] = capacity }
        }
        linkCapacity = links
        entryCapacity = entry
        exitCapacity = exit
    }

    /// The best partition within the budget whose bottleneck is at least `floor`: ranges by chain
    /// position (nil: the node holds nothing) and that bottleneck; nil when no partition within
    /// the budget covers every layer with a bottleneck of at least `floor`.
    func best(atLeast floor: Double = .leastNonzeroMagnitude) -> (ranges: [LayerRange?], bottleneck: Double)? {
        var thresholds = Set(nodeCapacity.flatMap { $0 })
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

    /// Layers chain node `i` loads to hold `start..<end`.
    private func cost(_ i: Int, _ start: Int, _ end: Int) -> Int {
        if freeLoaders.contains(i) { return 0 }
        let held = current[i].map { max(0, min(end, $0.end) - max(start, $0.start)) } ?? 0
        return end - start - held
    }

    /// The fewest-loads partition whose every arc carries ≥ `threshold`, if its loads fit the budget.
    private func solve(threshold: Double) -> [LayerRange?]? {
        let m = chain.count
        let unreachable = Int.max
        // best[i][c]: fewest loads with chain node i last, holding layers up to c.
        var best = [[Int]](repeating: [Int](repeating: unreachable, count: layerCount + 1), count: m)
        var parent = [[(node: Int, cut: Int)]](repeating: [(node: Int, cut: Int)](repeating: (-1, 0), count: layerCount + 1), count: m)
        for i in 0..<m {
            for k in stride(from: 1, through: maxLayers[i], by: 1) where nodeCapacity[i][k] >= threshold {
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
        var node = last
        var end = layerCount
        while node >= 0 {
            let step = parent[node][end]
            ranges[node] = LayerRange(step.cut, end)
            end = step.cut
            node = step.node
        }
        return ranges
    }
}
