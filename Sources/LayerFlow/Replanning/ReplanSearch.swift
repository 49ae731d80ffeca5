/// The state of one re-plan: the placement so far, its max flow, the budget spent and why each
/// change was made. `Replanner` drives it.
struct ReplanSearch {
    let cluster: Cluster
    let options: ReplanOptions
    let budget: Int
    let startThroughput: Double
    /// A node of the plan is gone: any gain is worth taking (the threshold is for optional changes).
    let mandatory: Bool
    /// Nodes that served when the re-plan began (their loads count against the budget).
    private let serving: Set<Int>
    private(set) var placement: Placement
    private(set) var throughput: Double
    private(set) var spent = 0
    private(set) var reasons: [String] = []

    init(cluster: Cluster, options: ReplanOptions, start: Placement, budget: Int, mandatory: Bool) {
        self.cluster = cluster
        self.mandatory = mandatory
        self.options = options
        self.budget = budget
        placement = start
        serving = Set(start.ranges.keys.compactMap { cluster.nodeIndex(of: $0) })
        throughput = cluster.throughput(ranges: start.rangesByNodeIndex(in: cluster), rule: options.rule)
        startThroughput = throughput
    }

    var isCovered: Bool { placement.uncoveredLayers(layerCount: cluster.model.layerCount).isEmpty }

    /// Re-partitions one pipeline within the remaining budget. Besides today's stages it tries
    /// moving one node (or adding an idle one): alone into each gap, into a stage of the minimum
    /// cut in parallel, or a minimum-cut node alone anywhere. The result is kept if it covers
    /// layers that were lost, or raises the throughput after a failure, or gains at least the
    /// threshold otherwise.
    /// - Complexity: O(m · (gaps + cut stages) + cut nodes · stages) chain programs for m nodes.
    /// - Returns: the kept chain's stages (those holding layers), or nil when nothing was kept.
    @discardableResult
    mutating func repartition(_ chain: ReplanChain) -> ReplanChain? {
        guard let first = program(for: chain.stages, allowsSkipping: true).best() else { return nil }
        var best = (stages: chain.stages, ranges: first.ranges, bottleneck: first.bottleneck,
                    cost: loads(first.ranges, in: chain.stages))
        for stages in relocations(of: chain) {
            // The highest bottleneck, and the fewest loads among equal ones.
            guard let other = program(for: stages, allowsSkipping: false).best(atLeast: best.bottleneck) else { continue }
            let cost = loads(other.ranges, in: stages)
            if other.bottleneck > best.bottleneck || cost < best.cost {
                best = (stages, other.ranges, other.bottleneck, cost)
            }
        }
        let (candidate, flow, cost) = applying(best.ranges, to: best.stages)
        guard candidate != placement else { return nil }
        let kept = ReplanChain(stages: zip(best.stages, best.ranges).filter { $0.1 != nil }.map(\.0), gaps: [])
        let layers = cluster.model.layerCount
        let before = placement.uncoveredLayers(layerCount: layers).reduce(0) { $0 + $1.count }
        let after = candidate.uncoveredLayers(layerCount: layers).reduce(0) { $0 + $1.count }
        if after < before {
            accept(candidate, flow: flow, cost: cost,
                   reason: "re-partitioned a pipeline that lost layers over its \(chain.nodes.count) surviving nodes")
            return kept
        } else if after == before, mandatory, flow > throughput {
            accept(candidate, flow: flow, cost: cost,
                   reason: "re-partitioned a pipeline that lost a node: \(ratio(flow, throughput)) its throughput")
            return kept
        } else if after == before, flow >= options.gainThreshold * throughput, flow > 0 {
            accept(candidate, flow: flow, cost: cost,
                   reason: "re-partitioned a pipeline: \(ratio(flow, throughput)) its throughput, past the \(options.gainThreshold)× threshold")
            return kept
        }
        return nil
    }

    /// Stages of the chain with one node moved or one idle node added (see `repartition`).
    private func relocations(of chain: ReplanChain) -> [[[Int]]] {
        let nodes = chain.nodes
        let idle = cluster.nodes.indices.filter { placement[cluster.nodes[$0].id] == nil && !nodes.contains($0) }
        var result: [[[Int]]] = []
        for gap in Set(chain.gaps).sorted() {
            result += (nodes + idle).map { chain.moving($0, before: gap) }
        }
        guard let cut = try? cluster.evaluate(placement, rule: options.rule).bottleneck.nodes else { return result }
        let cutNodes = Set(cut.compactMap { cluster.nodeIndex(of: $0) })
        for (index, stage) in chain.stages.enumerated() where stage.contains(where: cutNodes.contains) {
            result += (nodes + idle).filter { !stage.contains($0) }.map { chain.moving($0, into: index) }
        }
        for node in nodes where cutNodes.contains(node) {
            result += (0...chain.stages.count).map { chain.moving(node, before: $0) }
        }
        result += idle.flatMap { node in (0...chain.stages.count).map { chain.moving(node, before: $0) } }
        return result
    }

    private func program(for stages: [[Int]], allowsSkipping: Bool) -> ChainRepartition {
        ChainRepartition(
            cluster: cluster, stages: stages, current: { self.placement[self.cluster.nodes[$0].id] },
            budget: budget - spent, freeLoaders: freeLoaders, allowsSkipping: allowsSkipping)
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
        }.map { [$0] }
        guard let ranges = program(for: order, allowsSkipping: true).best()?.ranges else {
            let unlimited = ChainRepartition(
                cluster: cluster, stages: order, current: { self.placement[self.cluster.nodes[$0].id] }, budget: .max,
                freeLoaders: freeLoaders)
            guard let needed = unlimited.best()?.ranges else {
                throw .coverageImpossible(layers: placement.uncoveredLayers(layerCount: cluster.model.layerCount))
            }
            throw .invalidOption(
                field: "maxMovedLayers",
                reason: "a budget of \(budget) layers cannot restore coverage; it needs \(spent + loads(needed, in: order)) moved layers")
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

    /// Nodes that held nothing when the re-plan began: their loads do not count.
    private var freeLoaders: Set<Int> { Set(cluster.nodes.indices).subtracting(serving) }

    /// The placement with every stage's members holding its range, its max flow, and the budgeted loads.
    private func applying(_ ranges: [LayerRange?], to stages: [[Int]]) -> (Placement, Double, cost: Int) {
        var candidate = placement
        for (position, stage) in stages.enumerated() {
            for node in stage { candidate[cluster.nodes[node].id] = ranges[position] }
        }
        return (candidate, score(candidate), loads(ranges, in: stages))
    }

    /// Layers the stages' serving nodes load to hold `ranges`.
    private func loads(_ ranges: [LayerRange?], in stages: [[Int]]) -> Int {
        var cost = 0
        for (position, stage) in stages.enumerated() {
            guard let range = ranges[position] else { continue }
            for node in stage where serving.contains(node) {
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
