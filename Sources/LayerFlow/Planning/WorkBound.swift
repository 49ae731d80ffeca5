/// An upper bound on the max flow of every placement of a cluster, computed without a solver:
/// the *capped work bound*, optionally limited in depth.
///
/// Every token needs L layer-executions. A node holding k layers passes at most
/// `min(capacity(k), F)` tokens per second when the whole cluster serves F (a token visits a node
/// at most once), so it supplies at most `k · min(capacity(k), F)` layer-executions per second.
/// Hence a placement reaching F needs `F · L ≤ W(F) = Σ_nodes max_k k · min(capacity(k), F)`.
/// With at most D nodes on any request's path, the nodes' flows also add up to at most `F · D`,
/// and W(F) becomes the value of a fractional knapsack (each node's choice of k relaxed to a
/// mixture). The bound is the largest F with `F · L ≤ W(F)`. Capping by F is what makes it much
/// tighter than the compute bound `Σ max_k k · capacity(k) / L`: a short, fast range counts only
/// up to the flow it can actually carry.
///
/// `W` is nondecreasing in F but `W(F) − F·L` is not monotone, so the largest feasible F is found by
/// a certified interval search: an interval [a, b] holds no feasible F when `W(b) < a · L`.
/// See `docs/Guides/Planner.md`.
package struct WorkBound: Sendable {
    /// A GPU capacity profile and how many nodes have it.
    struct Profile {
        var count: Int
        /// capacity(k) for k = 1...maxHoldableLayers.
        var capacities: [Double]
    }

    let layerCount: Int
    let profiles: [Profile]

    package init(cluster: Cluster) {
        layerCount = cluster.model.layerCount
        profiles = NodeClasses(byTypeOf: cluster).members.map { nodes in
            let node = nodes[0]
            let limit = cluster.maxHoldableLayers(nodeAt: node)
            let capacities = limit < 1 ? [] : (1...limit).map { cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: $0) }
            return Profile(count: nodes.count, capacities: capacities)
        }
    }

    /// The largest F (tokens/s) with `F · L ≤ W(F)`, within `relativeTolerance` above it (never below:
    /// the result is always a valid upper bound).
    /// - Parameter maxStages: the most nodes a request may pass through, or nil for no limit.
    /// - Complexity: O(log(1/tolerance) · P·K log(P·K)) for P profiles of at most K layers.
    package func upperBound(maxStages: Int? = nil, relativeTolerance: Double = 1e-13) -> Double {
        let top = profiles.reduce(0.0) { total, profile in
            total + Double(profile.count) * (profile.capacities.enumerated().map { Double($0.offset + 1) * $0.element }.max() ?? 0)
        } / Double(layerCount)
        guard top > 0 else { return 0 }
        // A path holds at most the ranges of its nodes: if the D longest (all nodes, without a stage
        // limit) cannot cover the model, nothing can be served. This is also W(F)/F as F → 0, so
        // past this check small targets are feasible and the search below never closes in on 0.
        let longest = profiles.flatMap { [Int](repeating: $0.capacities.count, count: $0.count) }
            .sorted(by: >).prefix(maxStages ?? Int.max).reduce(0, +)
        if longest < layerCount { return 0 }
        let length = Double(layerCount)
        func feasible(_ f: Double) -> Bool { work(at: f, maxStages: maxStages) >= f * length }
        // Intervals still to examine, highest last; everything above the current one is proven infeasible.
        var pending: [(low: Double, high: Double)] = [(0, top)]
        while let (low, high) = pending.popLast() {
            if work(at: high, maxStages: maxStages) < low * length { continue }  // no feasible F in [low, high]
            if feasible(high) || high - low <= relativeTolerance * high { return high }
            let middle = (low + high) / 2
            // Too narrow to split in floating point: stop here, conservatively.
            if middle <= low || middle >= high { return high }
            pending.append((low, middle))
            pending.append((middle, high))
        }
        return 0
    }

    /// W(F): the most layer-executions per second the nodes can supply when the total flow is F.
    func work(at flow: Double, maxStages: Int?) -> Double {
        guard let maxStages else {
            return profiles.reduce(0.0) { total, profile in
                let best = profile.capacities.enumerated().map { Double($0.offset + 1) * min($0.element, flow) }.max() ?? 0
                return total + Double(profile.count) * best
            }
        }
        // Fractional knapsack: segments of each profile's concave envelope of (flow, work) points,
        // best work per unit of flow first, within a flow budget of F · D.
        var segments: [(flow: Double, slope: Double)] = []
        for profile in profiles {
            let points = profile.capacities.enumerated()
                .map { (flow: min($0.element, flow), work: Double($0.offset + 1) * min($0.element, flow)) }
                .sorted { $0.flow != $1.flow ? $0.flow < $1.flow : $0.work > $1.work }
            var hull: [(flow: Double, work: Double)] = [(0, 0)]
            for point in points where point.work > hull[hull.count - 1].work {
                while hull.count >= 2 {
                    let a = hull[hull.count - 2]
                    let b = hull[hull.count - 1]
                    // Drop b when it lies on or below the line from a to the new point.
                    if (b.work - a.work) * (point.flow - a.flow) <= (point.work - a.work) * (b.flow - a.flow) {
                        hull.removeLast()
                    } else {
                        break
                    }
                }
                hull.append(point)
            }
            for i in 1..<hull.count {
                let deltaFlow = hull[i].flow - hull[i - 1].flow
                guard deltaFlow > 0 else { continue }
                segments.append((deltaFlow * Double(profile.count), (hull[i].work - hull[i - 1].work) / deltaFlow))
            }
        }
        segments.sort { $0.slope > $1.slope }
        var budget = flow * Double(maxStages)
        var total = 0.0
        for segment in segments where budget > 0 {
            let used = min(segment.flow, budget)
            total += used * segment.slope
            budget -= used
        }
        return total
    }
}
