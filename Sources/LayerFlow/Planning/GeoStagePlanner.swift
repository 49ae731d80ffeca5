/// Network-aware stage-aligned plans for a cluster in several regions joined by slow links.
///
/// The regions are ordered along the layer axis: the first region holds layers `0..<b₁` as a
/// stage-aligned pipeline of its own, the next `b₁..<b₂`, and so on, so a token crosses the WAN
/// once per region boundary and never comes back. A crossing carries the flow only with enough
/// node pairs in parallel: m nodes end the region before it and n start the next, with
/// `m · n · c ≥ F` for the slowest link `c` between the two regions (every shape, with 0 or 1
/// pair of headroom, is tried). Stages may be several nodes wide anywhere (the region tables'
/// compositions). For a target F the planner finds, for every ordering of a subset of the
/// regions, the fewest-stage split of the layers (`RegionStageTable` per region, a dynamic
/// program over the ordering), and scores every such plan by the exact max flow on the real links.
/// A bisection on F keeps the best plan whose exact max flow reaches its target.
package struct GeoStagePlanner {
    let cluster: Cluster
    let regions: RegionInference
    let rule: ContiguityRule
    /// members[r][t]: region r's nodes of its t-th GPU type.
    let members: [[[Int]]]
    /// capacity[r][t][k - 1]: tokens/s of a region-r, type-t node holding k layers.
    let capacity: [[[Double]]]
    /// slowest[x][y]: the slowest link from a region-x node to a region-y node, tokens/s (0 if any
    /// pair of them has no link).
    package let slowest: [[Double]]

    /// The bisection on F stops when its interval is this narrow (relative): the swaps and the
    /// MILP that follow refine the plan, and each test costs every ordering and crossing shape.
    static let tolerance = 1e-3

    /// Regions beyond this many are not ordered exhaustively (orderings grow factorially).
    static let maxRegions = 5

    package struct Candidate {
        package var ranges: [LayerRange?]
        package var throughput: Double
        package var stages: Int
        package var regionOrder: [Int]
    }

    /// Nil for fewer than two regions or more than `maxRegions`.
    package init?(cluster: Cluster, regions: RegionInference, rule: ContiguityRule) {
        guard (2...Self.maxRegions).contains(regions.regions.count) else { return nil }
        self.cluster = cluster
        self.regions = regions
        self.rule = rule
        members = regions.regions.map { nodes in
            Dictionary(grouping: nodes, by: { cluster.typeIndexOfNode[$0] }).sorted { $0.key < $1.key }.map(\.value)
        }
        capacity = members.map { groups in
            groups.map { group in
                (0..<cluster.model.layerCount).map { k in
                    k + 1 <= cluster.maxHoldableLayers(nodeAt: group[0])
                        ? cluster.nodeCapacityTokensPerSecond(nodeAt: group[0], layers: k + 1) : 0
                }
            }
        }
        slowest = Self.slowestLinks(cluster: cluster, regions: regions)
    }

    static func slowestLinks(cluster: Cluster, regions: RegionInference) -> [[Double]] {
        let count = regions.regions.count
        var slowest = [[Double]](repeating: [Double](repeating: .infinity, count: count), count: count)
        var links = [[Int]](repeating: [Int](repeating: 0, count: count), count: count)
        for (index, ends) in cluster.linkEnds.enumerated()
        where ends.from != Cluster.coordinatorIndex && ends.to != Cluster.coordinatorIndex {
            let x = regions.regionOfNode[ends.from], y = regions.regionOfNode[ends.to]
            slowest[x][y] = min(slowest[x][y], cluster.capacityTokensPerSecond(of: cluster.links[index]))
            links[x][y] += 1
        }
        for x in 0..<count {
            for y in 0..<count where links[x][y] < regions.regions[x].count * regions.regions[y].count {
                slowest[x][y] = 0
            }
        }
        return slowest
    }

    /// The best plan found by the bisection on F (a test whose plans' max flow falls short of F
    /// counts as failed), or nil when none serves anything.
    /// - Complexity: O(log(range) · orderings · (region tables + max flows)); polled on `budget`.
    package func bestPlan(maxStages: Int?, budget: PlanningBudget) -> Candidate? {
        var low = 0.0
        var high = WorkBound(cluster: cluster).upperBound(maxStages: maxStages) * (1 + 1e-9)
        var best: Candidate?
        var target = high / 2
        // A positive max flow is at least the smallest positive arc capacity: below it, stop.
        let floor = cluster.smallestPositiveCapacityTokensPerSecond
        while high > low * (1 + Self.tolerance), high >= floor, !budget.isExhausted {
            let found = plans(reaching: target, maxStages: maxStages, budget: budget)
            if let top = found.max(by: { $0.throughput < $1.throughput }), top.throughput > best?.throughput ?? 0 {
                best = top
            }
            let reached = found.map(\.throughput).filter { $0 >= target * (1 - 1e-9) }.max()
            if let reached {
                low = max(low, reached)
            } else {
                high = target
            }
            target = (low + high) / 2
        }
        return best
    }

    /// Every ordering's fewest-stage plan at target F, for every choice of crossing shapes, scored
    /// by max flow.
    package func plans(reaching target: Double, maxStages: Int?, budget: PlanningBudget) -> [Candidate] {
        var found: [Candidate] = []
        var seen = Set<[LayerRange?]>()
        var tables: [TableKey: RegionStageTable?] = [:]
        func table(_ key: TableKey) -> RegionStageTable? {
            if let known = tables[key] { return known }
            let made = RegionStageTable(
                members: members[key.region], capacity: capacity[key.region], layerCount: cluster.model.layerCount,
                target: target, entryWidth: key.entry, exitWidth: key.exit, budget: budget)
            tables[key] = made
            return made
        }
        for extra in 0...1 {
            for order in Self.orderings(count: regions.regions.count) {
                guard let shapes = crossingShapes(order, target: target, extra: extra) else { continue }
                for choice in Self.product(shapes.map(\.count)) {
                    if budget.isExhausted { return found }
                    let picked = zip(shapes, choice).map { $0[$1] }
                    let regionTables = order.indices.compactMap { position in
                        table(TableKey(
                            region: order[position], entry: position == 0 ? 0 : picked[position - 1].entry,
                            exit: position == order.count - 1 ? 0 : picked[position].exit))
                    }
                    guard regionTables.count == order.count,
                          let split = Self.split(regionTables, layerCount: cluster.model.layerCount, maxStages: maxStages)
                    else { continue }
                    let plan = placement(order: order, tables: regionTables, split: split)
                    // Shapes and orderings often lead to the same plan: score each plan once.
                    if seen.insert(plan.ranges).inserted {
                        let flow = cluster.score(plan.ranges, rule: rule).throughputTokensPerSecond
                        found.append(Candidate(ranges: plan.ranges, throughput: flow, stages: plan.stages, regionOrder: order))
                    }
                }
            }
        }
        return found
    }

    struct TableKey: Hashable {
        var region: Int
        var entry: Int
        var exit: Int
    }

    /// A crossing's shape: `exit` nodes end the region before it, `entry` nodes start the next.
    package struct Shape {
        package var exit: Int
        package var entry: Int
    }

    /// The shapes each crossing of `order` may take: m × n node pairs with m · n · c ≥ F for the
    /// slowest link c between the two regions (`extra` more pairs of headroom), each node sending
    /// or receiving its share over its n (or m) links; nil when two consecutive regions are not
    /// fully linked.
    package func crossingShapes(_ order: [Int], target: Double, extra: Int) -> [[Shape]]? {
        var shapes: [[Shape]] = []
        for (x, y) in zip(order, order.dropFirst()) {
            let c = slowest[x][y]
            guard c > 0 else { return nil }
            let pairs = Int(min(target / c, 1e6).rounded(.up)) + extra
            let most = (regions.regions[x].count, regions.regions[y].count)
            var options: [Shape] = []
            for m in 1...max(1, min(pairs, most.0)) {
                let n = (pairs + m - 1) / m
                if n <= most.1, !options.contains(where: { $0.entry == n }) { options.append(Shape(exit: m, entry: n)) }
            }
            guard !options.isEmpty else { return nil }
            shapes.append(options)
        }
        return shapes
    }

    /// Every index vector below `counts` (their Cartesian product), first index slowest.
    static func product(_ counts: [Int]) -> [[Int]] {
        counts.reduce([[]]) { partial, count in partial.flatMap { prefix in (0..<count).map { prefix + [$0] } } }
    }

    /// Layers per region of an ordering (each at least one) with the fewest stages in all, or nil.
    /// - Complexity: O(regions · L²).
    static func split(_ tables: [RegionStageTable], layerCount: Int, maxStages: Int?) -> [Int]? {
        let none = Int.max
        // fewest[i][p]: fewest stages covering layers 0..<p with the first i regions.
        var fewest = [[Int]](repeating: [Int](repeating: none, count: layerCount + 1), count: tables.count + 1)
        var choice = fewest
        fewest[0][0] = 0
        for (i, table) in tables.enumerated() {
            for p in 0..<layerCount where fewest[i][p] != none {
                for n in 1...(layerCount - p) {
                    guard let stages = table.stageCount(layers: n) else { continue }
                    if fewest[i][p] + stages < fewest[i + 1][p + n] {
                        fewest[i + 1][p + n] = fewest[i][p] + stages
                        choice[i + 1][p + n] = n
                    }
                }
            }
        }
        guard fewest[tables.count][layerCount] <= (maxStages ?? none - 1) else { return nil }
        var lengths: [Int] = []
        var p = layerCount
        for i in stride(from: tables.count, to: 0, by: -1) {
            lengths.append(choice[i][p])
            p -= choice[i][p]
        }
        return lengths.reversed()
    }

    /// The placement of an ordering's split: each region's stages on its nodes, type by type.
    func placement(order: [Int], tables: [RegionStageTable], split: [Int]) -> (ranges: [LayerRange?], stages: Int) {
        var ranges = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        var start = 0
        var stageCount = 0
        for (position, region) in order.enumerated() {
            let stages = tables[position].stages(layers: split[position]) ?? []
            var next = [Int](repeating: 0, count: members[region].count)
            for stage in stages {
                for (t, count) in stage.counts.enumerated() {
                    for _ in 0..<count {
                        ranges[members[region][t][next[t]]] = LayerRange(start, start + stage.length)
                        next[t] += 1
                    }
                }
                start += stage.length
            }
            stageCount += stages.count
        }
        return (ranges, stageCount)
    }

    /// Every ordering of every non-empty subset of `count` regions.
    package static func orderings(count: Int) -> [[Int]] {
        var result: [[Int]] = []
        func extend(_ prefix: [Int]) {
            if !prefix.isEmpty { result.append(prefix) }
            for r in 0..<count where !prefix.contains(r) { extend(prefix + [r]) }
        }
        extend([])
        return result
    }
}
