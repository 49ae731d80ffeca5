/// The state of one re-plan: the placement so far, its max flow, the budget spent and why each
/// change was made. `Replanner` drives it.
struct ReplanSearch {
    let cluster: Cluster
    let options: ReplanOptions
    let budget: Int
    let startThroughput: Double
    /// Nodes that served when the re-plan began (their loads count against the budget).
    private let serving: Set<Int>
    private(set) var placement: Placement
    private(set) var throughput: Double
    private(set) var spent = 0
    private(set) var reasons: [String] = []

    init(cluster: Cluster, options: ReplanOptions, start: Placement, budget: Int) {
        self.cluster = cluster
        self.options = options
        self.budget = budget
        placement = start
        serving = Set(start.ranges.keys.compactMap { cluster.nodeIndex(of: $0) })
        throughput = cluster.throughput(ranges: start.rangesByNodeIndex(in: cluster), rule: options.rule)
        startThroughput = throughput
    }

    var isCovered: Bool { placement.uncoveredLayers(layerCount: cluster.model.layerCount).isEmpty }

    /// Re-partitions one pipeline within the remaining budget; keeps the result if the pipeline
    /// had lost layers, or if the whole plan gains at least the threshold. Besides today's order,
    /// it tries moving one node: into each gap of a broken pipeline, or, for an intact one, each
    /// node of the minimum cut to every position.
    /// - Complexity: O(m · gaps) (broken) or O(m · cut nodes) (intact) chain programs.
    mutating func repartition(_ chain: ReplanChain) {
        let current = chain.nodes.map { placement[cluster.nodes[$0].id] }
        let chainPlacement = Placement(Dictionary(uniqueKeysWithValues: zip(chain.nodes, current).compactMap { node, range in
            range.map { (cluster.nodes[node].id, $0) }
        }))
        let broken = !chainPlacement.uncoveredLayers(layerCount: cluster.model.layerCount).isEmpty
        guard let first = program(for: chain.nodes, allowsSkipping: true).best() else { return }
        var best = (order: chain.nodes, ranges: first.ranges, bottleneck: first.bottleneck,
                    cost: loads(first.ranges, in: chain.nodes))
        for order in relocations(of: chain, broken: broken) {
            // The highest bottleneck, and the fewest loads among equal ones.
            guard let other = program(for: order, allowsSkipping: false).best(atLeast: best.bottleneck) else { continue }
            let cost = loads(other.ranges, in: order)
            if other.bottleneck > best.bottleneck || cost < best.cost {
                best = (order, other.ranges, other.bottleneck, cost)
            }
        }
        let (candidate, flow, cost) = applying(best.ranges, to: best.order)
        guard candidate != placement else { return }
        if broken {
            accept(candidate, flow: flow, cost: cost,
                   reason: "re-partitioned a pipeline that lost layers over its \(chain.nodes.count) surviving nodes")
        } else if flow >= options.gainThreshold * throughput, flow > 0 {
            accept(candidate, flow: flow, cost: cost,
                   reason: "re-partitioned a pipeline: \(ratio(flow, throughput)) its throughput, past the \(options.gainThreshold)× threshold")
        }
    }

    /// Orders of the chain with one node moved: into a gap (broken), or a minimum-cut node anywhere.
    private func relocations(of chain: ReplanChain, broken: Bool) -> [[Int]] {
        let count = chain.nodes.count
        if broken {
            return Set(chain.gaps).sorted().flatMap { gap in
                (0..<count).map { chain.moving($0, to: $0 < gap ? gap - 1 : gap) }
            }
        }
        return relocations(of: chain, cutOf: placement)
    }

    /// Orders of the chain with one node of `candidate`'s minimum cut moved to another position.
    private func relocations(of chain: ReplanChain, cutOf candidate: Placement) -> [[Int]] {
        let count = chain.nodes.count
        guard let cut = try? cluster.evaluate(candidate, rule: options.rule).bottleneck.nodes else { return [] }
        let cutPositions = Set(cut.compactMap { cluster.nodeIndex(of: $0) })
        return chain.nodes.indices.filter { cutPositions.contains(chain.nodes[$0]) }.flatMap { from in
            (0..<count).filter { $0 != from }.map { chain.moving(from, to: $0) }
        }
    }

    private func program(for order: [Int], allowsSkipping: Bool) -> ChainRepartition {
        ChainRepartition(
            cluster: cluster, chain: order, current: order.map { placement[cluster.nodes[$0].id] },
            budget: budget - spent, freeLoaders: freeLoaders(in: order), allowsSkipping: allowsSkipping)
    }

    /// Covers what no pipeline restored with one re-partition over every node (idle ones last,
    /// ordered by where their layers start).
    /// - Throws: `ReplanError.coverageImpossible` when memory cannot hold every layer,
    ///   `.invalidOption(maxMovedLayers)` when the budget is too small to restore coverage.
    mutating func repairAcrossAllNodes() throws(ReplanError) {
        let order = cluster.nodes.indices.sorted { a, b in
            let ra = placement[cluster.nodes[a].id], rb = placement[cluster.nodes[b].id]
            switch (ra, rb) {
            case let (x?, y?): return (x, a) < (y, b)
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
        guard let ranges = program(for: order, allowsSkipping: true).best()?.ranges else {
            let unlimited = ChainRepartition(
                cluster: cluster, chain: order, current: order.map { placement[cluster.nodes[$0].id] }, budget: .max,
                freeLoaders: freeLoaders(in: order))
            guard let needed = unlimited.best()?.ranges else {
                throw .coverageImpossible(layers: placement.uncoveredLayers(layerCount: cluster.model.layerCount))
            }
            let cost = loads(needed, in: order)
            throw .invalidOption(
                field: "maxMovedLayers",
                reason: "a budget of \(budget) layers cannot restore coverage; it needs \(spent + cost) moved layers")
        }
        let (candidate, flow, cost) = applying(ranges, to: order)
        accept(candidate, flow: flow, cost: cost, reason: "re-partitioned every node to cover the lost layers")
    }

    /// Gives each idle node a copy of the range that raises the max flow most, when one does.
    /// - Complexity: O(idle nodes · distinct ranges) max-flows.
    mutating func useIdleNodes() {
        let ranges = Set(placement.ranges.values).sorted()
        for index in cluster.nodes.indices where placement[cluster.nodes[index].id] == nil {
            let holdable = cluster.maxHoldableLayers(nodeAt: index)
            var best: (Placement, Double)?
            for range in ranges where range.count <= holdable {
                var candidate = placement
                candidate[cluster.nodes[index].id] = range
                let flow = score(candidate)
                if flow > (best?.1 ?? throughput) { best = (candidate, flow) }
            }
            if let (candidate, flow) = best {
                accept(candidate, flow: flow, cost: 0,
                       reason: "idle node \(cluster.nodes[index].id) replicates \(candidate[cluster.nodes[index].id]!), moving no other node's layers (\(ratio(flow, throughput)) throughput)")
            }
        }
    }

    private func freeLoaders(in chain: [Int]) -> Set<Int> {
        Set(chain.indices.filter { !serving.contains(chain[$0]) })
    }

    /// The placement with the chain's nodes holding `ranges`, its max flow, and the budgeted loads.
    private func applying(_ ranges: [LayerRange?], to chain: [Int]) -> (Placement, Double, cost: Int) {
        var candidate = placement
        for (position, node) in chain.enumerated() { candidate[cluster.nodes[node].id] = ranges[position] }
        return (candidate, score(candidate), loads(ranges, in: chain))
    }

    /// Layers the chain's serving nodes load to hold `ranges`.
    private func loads(_ ranges: [LayerRange?], in chain: [Int]) -> Int {
        var cost = 0
        for (position, node) in chain.enumerated() where serving.contains(node) {
            if let range = ranges[position] {
                cost += range.subtracting(placement[cluster.nodes[node].id]).reduce(0) { $0 + $1.count }
            }
        }
        return cost
    }

    private func score(_ candidate: Placement) -> Double {
        cluster.throughput(ranges: candidate.rangesByNodeIndex(in: cluster), rule: options.rule)
    }

    private mutating func accept(_ candidate: Placement, flow: Double, cost: Int, reason: String) {
        placement = candidate
        throughput = flow
        spent += cost
        reasons.append(reason)
    }

    private func ratio(_ a: Double, _ b: Double) -> String {
        b > 0 ? "\(Double(Int((a / b * 100).rounded())) / 100)×" : "from nothing to"
    }
}
