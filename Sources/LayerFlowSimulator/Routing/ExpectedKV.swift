/// The scheduler's admission view of KV cache (Helix's `KVExpectation`): when a route is fixed,
/// every node on it reserves the query's *expected* footprint, `input + averageOutput × ratio`
/// tokens on each of its layers, until the query finishes.
struct ExpectedKV {
    private(set) var available: [Int]
    let capacity: [Int]
    let layers: [Int]
    let ranges: [(start: Int, end: Int)]
    let highWaterMark: Double
    let expectedOutputTokens: Double
    let layerCount: Int

    init(cluster: SimulatedCluster, highWaterMark: Double, averageOutputTokens: Int, outputLengthRatio: Double) {
        capacity = cluster.nodes.map(\.kvCapacity)
        available = capacity
        layers = cluster.nodes.map(\.range.count)
        ranges = cluster.nodes.map { ($0.range.start, $0.range.end) }
        self.highWaterMark = highWaterMark
        expectedOutputTokens = Double(averageOutputTokens) * outputLengthRatio
        layerCount = cluster.layerCount
    }

    /// Expected tokens per layer of a query with this prompt (Helix truncates with `int`).
    func expectedLength(inputTokens: Int) -> Int { Int(Double(inputTokens) + expectedOutputTokens) }

    /// Whether the node can take the query and keep `(1 − hwm)` of its capacity free.
    func canAdmit(node: Int, inputTokens: Int) -> Bool {
        let after = available[node] - expectedLength(inputTokens: inputTokens) * layers[node]
        return Double(after) >= (1 - highWaterMark) * Double(capacity[node])
    }

    mutating func reserve(node: Int, inputTokens: Int) {
        available[node] -= expectedLength(inputTokens: inputTokens) * layers[node]
    }

    mutating func release(node: Int, inputTokens: Int) {
        available[node] += expectedLength(inputTokens: inputTokens) * layers[node]
    }

    /// The highest expected use over layers: for each layer, 1 − Σ free ÷ Σ total over the nodes
    /// holding it (each node's slots spread evenly over its layers); the offline feeder reads this.
    /// Summed node by node in the same order as Helix, so threshold decisions match it exactly.
    /// - Complexity: O(Σ layers held).
    func bottleneckUsage() -> Double {
        var free = [Double](repeating: 0, count: layerCount)
        var total = [Double](repeating: 0, count: layerCount)
        for node in ranges.indices {
            let k = Double(layers[node])
            let freeShare = Double(available[node]) / k
            let totalShare = Double(capacity[node]) / k
            for layer in ranges[node].start..<ranges[node].end {
                free[layer] += freeShare
                total[layer] += totalShare
            }
        }
        var worst = 0.0
        for layer in 0..<layerCount where total[layer] > 0 {
            worst = max(worst, 1 - free[layer] / total[layer])
        }
        return worst
    }
}
