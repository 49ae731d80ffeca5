extension Cluster {
    /// Evaluates a placement: validates it, builds the flow network, runs max-flow and explains the result.
    /// - Throws: `PlacementError` if the placement does not fit the cluster.
    /// - Complexity: one max-flow on ≤ 2·nodes + 2 vertices and ≤ nodes + links arcs.
    public func evaluate(_ placement: Placement, rule: ContiguityRule = .strict) throws -> Evaluation {
        try evaluateWithDepth(placement, rule: rule).evaluation
    }

    /// `evaluate` and the deepest flow-carrying path of the same max flow (one max-flow, not two:
    /// on a 5-million-link cluster each takes a noticeable part of a second).
    func evaluateWithDepth(_ placement: Placement, rule: ContiguityRule) throws -> (evaluation: Evaluation, depth: PathDepth) {
        let (evaluation, score) = try evaluateWithScore(placement, rule: rule)
        return (evaluation, score.depth(in: self))
    }

    /// `evaluate` and the score it was read from, for callers that need the flow itself (the
    /// picture's arc flows, pipelines) without a second solve.
    package func evaluateWithScore(_ placement: Placement, rule: ContiguityRule) throws -> (evaluation: Evaluation, score: PlacementScore) {
        try placement.validate(for: self)
        let score = score(placement.rangesByNodeIndex(in: self), rule: rule)
        return (evaluation(of: placement, score: score), score)
    }

    private func evaluation(of placement: Placement, score: PlacementScore) -> Evaluation {
        let (ranges, rule, network, flow) = (score.ranges, score.rule, score.network, score.flow)
        var nodeReports: [Evaluation.NodeReport] = []
        nodeReports.reserveCapacity(nodes.count)
        for (index, node) in nodes.enumerated() {
            let range = ranges[index]
            let capacity = range.map { nodeCapacityTokensPerSecond(nodeAt: index, layers: $0.count) } ?? 0
            let nodeFlow = network.nodeArc[index].map { flow.arcFlows[$0] } ?? 0
            nodeReports.append(Evaluation.NodeReport(
                id: node.id, type: node.type, range: range, capacityTokensPerSecond: capacity,
                flowTokensPerSecond: nodeFlow, utilisation: capacity > 0 ? nodeFlow / capacity : 0))
        }

        let cutArcs = Set(flow.cutArcs)
        var linkReports: [Evaluation.LinkReport] = []
        var cutNodes: [String] = []
        var cutLinks: [Bottleneck.LinkID] = []
        for (arc, kind) in network.arcKinds.enumerated() {
            switch kind {
            case .node(let index):
                if cutArcs.contains(arc) { cutNodes.append(nodes[index].id) }
            case .link(let index):
                let link = links[index]
                let inCut = cutArcs.contains(arc)
                if inCut { cutLinks.append(Bottleneck.LinkID(from: link.from, to: link.to)) }
                let arcFlow = flow.arcFlows[arc]
                guard inCut || arcFlow > 0 else { continue }
                let capacity = network.graph.capacity(of: arc)
                linkReports.append(Evaluation.LinkReport(
                    from: link.from, to: link.to, capacityTokensPerSecond: capacity,
                    flowTokensPerSecond: arcFlow, utilisation: capacity > 0 ? arcFlow / capacity : 0))
            }
        }
        let bottleneck = Bottleneck.explain(
            cluster: self, ranges: ranges, rule: rule, throughput: flow.value,
            cutNodes: cutNodes, cutLinks: cutLinks)
        return Evaluation(
            rule: rule, throughputTokensPerSecond: flow.value,
            upperBoundTokensPerSecond: computeUpperBoundTokensPerSecond, placement: placement,
            nodes: nodeReports, links: linkReports, bottleneck: bottleneck,
            resolutionTokensPerSecond: flow.resolution)
    }

    /// Max flow of a placement given as ranges by node position, without the report: the fast path
    /// planners use to score candidates. Ranges must already be valid for this cluster.
    package func throughput(ranges: [LayerRange?], rule: ContiguityRule = .strict) -> Double {
        score(ranges, rule: rule).throughputTokensPerSecond
    }
}
