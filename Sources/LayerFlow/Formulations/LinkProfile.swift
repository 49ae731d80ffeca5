/// What a class's links can carry, per node, to and from each other class and the coordinator:
/// the data behind `LayerCoverageFormulation`'s optional link rows.
struct LinkProfile: Sendable {
    /// out[c][d]: the most any class-c node can send, over all its links, to class-d nodes.
    var out: [[Double]]
    /// into[c][d]: the most any class-d node can receive, over all its links, from class-c nodes.
    var into: [[Double]]
    /// The most any class-d node can receive from the coordinator.
    var fromCoordinator: [Double]
    /// The most any class-c node can send to the coordinator.
    var toCoordinator: [Double]
    /// True when some link is slower than the nodes it joins, or some pair of nodes (or a node and
    /// the coordinator) has no link: then placements are not interchangeable within the flow model
    /// alone and the link rows matter.
    var linksMayBind: Bool

    init(cluster: Cluster, classes: NodeClasses) {
        let n = cluster.nodes.count
        let classCount = classes.count
        let strongest: [Double] = cluster.nodes.indices.map { node in
            let limit = cluster.maxHoldableLayers(nodeAt: node)
            return limit < 1 ? 0 : (1...limit).map { cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: $0) }.max() ?? 0
        }
        var perNodeOut = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: n)
        var perNodeIn = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: n)
        var source = [Double](repeating: 0, count: n)
        var sink = [Double](repeating: 0, count: n)
        var linkCount = 0
        var mayBind = false
        for (index, ends) in cluster.linkEnds.enumerated() {
            let capacity = cluster.capacityTokensPerSecond(of: cluster.links[index])
            if ends.from == Cluster.coordinatorIndex {
                source[ends.to] = capacity
                if capacity < strongest[ends.to] { mayBind = true }
            } else if ends.to == Cluster.coordinatorIndex {
                sink[ends.from] = capacity
                if capacity < strongest[ends.from] { mayBind = true }
            } else {
                perNodeOut[ends.from][classes.classOfNode[ends.to]] += capacity
                perNodeIn[ends.to][classes.classOfNode[ends.from]] += capacity
                linkCount += 1
                if capacity < min(strongest[ends.from], strongest[ends.to]) { mayBind = true }
            }
        }
        if linkCount < n * (n - 1) || source.contains(0) || sink.contains(0) { mayBind = true }
        out = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: classCount)
        into = out
        fromCoordinator = [Double](repeating: 0, count: classCount)
        toCoordinator = fromCoordinator
        for node in 0..<n {
            let c = classes.classOfNode[node]
            for d in 0..<classCount {
                out[c][d] = max(out[c][d], perNodeOut[node][d])
                into[d][c] = max(into[d][c], perNodeIn[node][d])
            }
            fromCoordinator[c] = max(fromCoordinator[c], source[node])
            toCoordinator[c] = max(toCoordinator[c], sink[node])
        }
        linksMayBind = mayBind
    }

    /// Adds class-to-class link flows at every boundary, and the coordinator limits, to `model`.
    func addRows(
        to model: inout MILPModel, intervals: [LayerCoverageFormulation.Interval],
        flows: [LayerCoverageFormulation.FlowColumn], layerCount: Int, classCount: Int
    ) -> [LayerCoverageFormulation.LinkFlowColumn] {
        // Per (class, boundary): flow leaving intervals ending there, flow entering there, and the
        // count variables of intervals ending there / able to accept flow there.
        let slots = classCount * (layerCount + 1)
        var leavingFlow = [[MILPModel.Term]](repeating: [], count: slots)
        var enteringFlow = [[MILPModel.Term]](repeating: [], count: slots)
        var endingCounts = [[Int]](repeating: [], count: slots)
        var acceptingCounts = [Set<Int>](repeating: [], count: slots)
        for column in flows {
            let interval = intervals[column.interval]
            leavingFlow[interval.classIndex * (layerCount + 1) + interval.range.end].append(.init(column.variable, 1))
            enteringFlow[interval.classIndex * (layerCount + 1) + column.entry].append(.init(column.variable, 1))
            acceptingCounts[interval.classIndex * (layerCount + 1) + column.entry].insert(interval.countVariable)
        }
        for interval in intervals {
            endingCounts[interval.classIndex * (layerCount + 1) + interval.range.end].append(interval.countVariable)
        }
        var columns: [LayerCoverageFormulation.LinkFlowColumn] = []
        for boundary in 1..<layerCount {
            var outgoing = [[MILPModel.Term]](repeating: [], count: classCount)
            var incoming = [[MILPModel.Term]](repeating: [], count: classCount)
            for c in 0..<classCount {
                for d in 0..<classCount where out[c][d] > 0 && into[c][d] > 0 {
                    let g = model.addVariable("g_c\(c)_d\(d)_b\(boundary)")
                    columns.append(.init(fromClass: c, toClass: d, boundary: boundary, variable: g))
                    outgoing[c].append(.init(g, 1))
                    incoming[d].append(.init(g, 1))
                    let ending = endingCounts[c * (layerCount + 1) + boundary]
                    model.addConstraint(
                        "gout_c\(c)_d\(d)_b\(boundary)",
                        [.init(g, 1)] + ending.map { .init($0, -out[c][d]) }, atMost: 0)
                    let accepting = acceptingCounts[d * (layerCount + 1) + boundary].sorted()
                    model.addConstraint(
                        "gin_c\(c)_d\(d)_b\(boundary)",
                        [.init(g, 1)] + accepting.map { .init($0, -into[c][d]) }, atMost: 0)
                }
            }
            for c in 0..<classCount {
                let leaving = leavingFlow[c * (layerCount + 1) + boundary]
                if !leaving.isEmpty || !outgoing[c].isEmpty {
                    model.addConstraint("lout_c\(c)_b\(boundary)", leaving + outgoing[c].map { .init($0.variable, -1) }, equals: 0)
                }
                let entering = enteringFlow[c * (layerCount + 1) + boundary]
                if !entering.isEmpty || !incoming[c].isEmpty {
                    model.addConstraint("lin_c\(c)_b\(boundary)", entering + incoming[c].map { .init($0.variable, -1) }, equals: 0)
                }
            }
        }
        for c in 0..<classCount {
            let entering = enteringFlow[c * (layerCount + 1)]
            if !entering.isEmpty {
                let counts = acceptingCounts[c * (layerCount + 1)].sorted()
                model.addConstraint("src_c\(c)", entering + counts.map { .init($0, -fromCoordinator[c]) }, atMost: 0)
            }
            let leaving = leavingFlow[c * (layerCount + 1) + layerCount]
            if !leaving.isEmpty {
                let counts = endingCounts[c * (layerCount + 1) + layerCount]
                model.addConstraint("snk_c\(c)", leaving + counts.map { .init($0, -toCoordinator[c]) }, atMost: 0)
            }
        }
        return columns
    }
}
