/// The best *stage-aligned* placement, exactly: the model is cut into consecutive stages and every
/// node of a stage holds exactly that stage's layers; a stage's capacity is the sum of its nodes'
/// capacities and the plan's value is its weakest stage.
///
/// For a target F, a dynamic program over (layer position, nodes used per class) finds whether some
/// stage-aligned plan has every stage at capacity ≥ F, using for each stage only *minimal* class
/// counts (dropping any node would fall below F), and the fewest stages to get there. The best F is
/// found by bisection on F in which every feasible test jumps to the value its plan actually
/// reaches, so the search ends on an achieved value with nothing feasible above it (to 1e-12).
///
/// Nodes of a class are interchangeable here (links are not modelled); the placement returned is
/// re-evaluated by max-flow by its callers. With `maxStages`, no plan deeper than that is considered.
package struct StageAlignedPlanner: Sendable {
    package struct Result: Sendable {
        package var ranges: [LayerRange?]
        /// The weakest stage's capacity, tokens/s (the plan's max flow when links never bind).
        package var stageCapacity: Double
        package var stages: Int
    }

    let cluster: Cluster
    let classes: NodeClasses
    /// capacity[c][k - 1] for class c holding k layers (0 where it cannot).
    let capacity: [[Double]]
    let maxLength: Int
    /// Mixed-radix strides for encoding a used-count vector as one integer.
    let strides: [Int]
    let stateCount: Int

    /// Largest number of used-count vectors the dynamic program accepts (memory and time guard).
    package static let maxStateCount = 50_000
    /// Largest table the dynamic program builds: (layers + 1) × used-count vectors, 16 bytes each
    /// (64 MB at this limit).
    package static let maxCellCount = 4_050_000

    /// Nil when the class-count state space (or its table over the layers) is too large for the
    /// dynamic program.
    package init?(cluster: Cluster, classes: NodeClasses? = nil) {
        let classes = classes ?? NodeClasses(byTypeOf: cluster)
        var strides: [Int] = []
        var product = 1
        for members in classes.members {
            strides.append(product)
            let (next, overflow) = product.multipliedReportingOverflow(by: members.count + 1)
            guard !overflow, next <= Self.maxStateCount else { return nil }
            product = next
        }
        let (cells, overflow) = product.multipliedReportingOverflow(by: cluster.model.layerCount + 1)
        guard !overflow, cells <= Self.maxCellCount else { return nil }
        self.cluster = cluster
        self.classes = classes
        self.strides = strides
        self.stateCount = product
        capacity = classes.members.map { nodes in
            let limit = cluster.maxHoldableLayers(nodeAt: nodes[0])
            return (0..<cluster.model.layerCount).map { k in
                k + 1 <= limit ? cluster.nodeCapacityTokensPerSecond(nodeAt: nodes[0], layers: k + 1) : 0
            }
        }
        maxLength = classes.members.map { cluster.maxHoldableLayers(nodeAt: $0[0]) }.max() ?? 0
    }

    /// The best stage-aligned plan with at most `maxStages` stages, or nil when none serves anything.
    ///
    /// The first test is at the smallest positive capacity, which every serving plan meets: when it
    /// fails, no plan exists and the search ends there (it used to bisect towards 0 for ever).
    /// - Parameter budget: polled between tests and inside them; when it runs out the best plan so
    ///   far is returned.
    /// - Complexity: O(log(range/1e-12) · L · S · Σ_k M_k) for S class-count states and M_k minimal
    ///   stage compositions of length k.
    package func bestPlan(maxStages: Int? = nil, budget: PlanningBudget = .unlimited) -> Result? {
        let upper = WorkBound(cluster: cluster).upperBound(maxStages: maxStages)
        var low = 0.0
        var high = upper * (1 + 1e-9)
        var best: Result?
        // The smallest positive capacity: a first target that any serving plan meets.
        var target = capacity.joined().filter { $0 > 0 }.min() ?? 0
        guard target > 0, upper > 0 else { return nil }
        while high > low * (1 + 1e-12), !budget.isExhausted {
            if let plan = plan(reaching: target, maxStages: maxStages, budget: budget) {
                best = plan
                low = plan.stageCapacity
            } else if best == nil {
                // Nothing reaches the smallest capacity (or the budget ran out during the test).
                return nil
            } else {
                high = target
            }
            target = (low + high) / 2
            if target <= low { target = low.nextUp }
        }
        return best
    }

    /// A stage-aligned plan with every stage at capacity ≥ `target` and the fewest stages, or nil
    /// (also when `budget`, polled per stage length, layer position and 1,024 states, runs out).
    package func plan(reaching target: Double, maxStages: Int? = nil, budget: PlanningBudget = .unlimited) -> Result? {
        let layerCount = cluster.model.layerCount
        let classCount = classes.count
        let limits = classes.members.map(\.count)
        // Minimal compositions per stage length: count vectors whose capacity reaches the target and
        // would not without any one of their nodes.
        var compositions = [[(code: Int, counts: [Int], capacity: Double)]](repeating: [], count: maxLength + 1)
        for length in stride(from: 1, through: maxLength, by: 1) {
            if budget.isExhausted { return nil }
            var counts = [Int](repeating: 0, count: classCount)
            func extend(_ c: Int, _ sum: Double) {
                if sum >= target {
                    // Minimal: removing one node of any used class falls short.
                    let minimal = (0..<classCount).allSatisfy { counts[$0] == 0 || sum - capacity[$0][length - 1] < target }
                    if minimal {
                        let code = zip(counts, strides).reduce(0) { $0 + $1.0 * $1.1 }
                        compositions[length].append((code, counts, sum))
                    }
                    return
                }
                guard c < classCount else { return }
                let unit = capacity[c][length - 1]
                let most = unit > 0 ? limits[c] : 0
                for n in 0...most {
                    counts[c] = n
                    extend(c + 1, sum + Double(n) * unit)
                    if sum + Double(n) * unit >= target { break }
                }
                counts[c] = 0
            }
            extend(0, 0)
        }
        let unreachable = Int.max
        // stages[p][u]: fewest stages reaching layer p having used the nodes coded u.
        var stages = [[Int]](repeating: [Int](repeating: unreachable, count: stateCount), count: layerCount + 1)
        var previous = [[Int32]](repeating: [Int32](repeating: -1, count: stateCount), count: layerCount + 1)
        var step = [[Int32]](repeating: [Int32](repeating: -1, count: stateCount), count: layerCount + 1)
        stages[0][0] = 0
        let stageLimit = maxStages ?? Int.max
        func fits(_ code: Int, _ counts: [Int]) -> Bool {
            for c in 0..<classCount where counts[c] > 0 {
                if (code / strides[c]) % (limits[c] + 1) + counts[c] > limits[c] { return false }
            }
            return true
        }
        for position in 0..<layerCount {
            if budget.isExhausted { return nil }
            for code in 0..<stateCount where stages[position][code] < stageLimit {
                if code & 1023 == 1023, budget.isExhausted { return nil }
                let used = stages[position][code]
                for length in stride(from: 1, through: min(maxLength, layerCount - position), by: 1) {
                    let next = position + length
                    for (index, composition) in compositions[length].enumerated() where fits(code, composition.counts) {
                        let nextCode = code + composition.code
                        if used + 1 < stages[next][nextCode] {
                            stages[next][nextCode] = used + 1
                            previous[next][nextCode] = Int32(code)
                            step[next][nextCode] = Int32(length * 1_000_000 + index)
                        }
                    }
                }
            }
        }
        guard let endCode = (0..<stateCount).filter({ stages[layerCount][$0] != unreachable })
            .min(by: { stages[layerCount][$0] < stages[layerCount][$1] }) else { return nil }
        // Walk back, assigning each stage's counts to the next unused nodes of each class.
        var stageList: [(range: LayerRange, counts: [Int], capacity: Double)] = []
        var position = layerCount
        var code = endCode
        while position > 0 {
            let encoded = Int(step[position][code])
            let length = encoded / 1_000_000
            let composition = compositions[length][encoded % 1_000_000]
            stageList.append((LayerRange(position - length, position), composition.counts, composition.capacity))
            code = Int(previous[position][code])
            position -= length
        }
        stageList.reverse()
        var ranges = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        var nextMember = [Int](repeating: 0, count: classCount)
        for stage in stageList {
            for c in 0..<classCount {
                for _ in 0..<stage.counts[c] {
                    ranges[classes.members[c][nextMember[c]]] = stage.range
                    nextMember[c] += 1
                }
            }
        }
        return Result(
            ranges: ranges, stageCapacity: stageList.map(\.capacity).min() ?? 0, stages: stageList.count)
    }
}

extension Cluster {
    /// The best stage-aligned placement (the exact program, no stage limit), or nil when the
    /// program's state space is too large: for the benchmarks, which plan without the planner.
    @_spi(Benchmarks) public func bestStageAlignedPlacement() -> Placement? {
        StageAlignedPlanner(cluster: self)?.bestPlan().map { Placement(cluster: self, rangesByNodeIndex: $0.ranges) }
    }

    /// The work bound (`WorkBound.upperBound()`), for the benchmarks' bound-over-time tables.
    @_spi(Benchmarks) public var workBoundTokensPerSecond: Double { WorkBound(cluster: self).upperBound() }
}
