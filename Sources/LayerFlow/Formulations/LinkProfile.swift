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

    /// - Complexity: O(nodes + links + classes²) time and memory (per-node sums are gathered one
    ///   node at a time, never as a nodes × classes table).
    init(cluster: Cluster, classes: NodeClasses) {
        let n = cluster.nodes.count
        let classCount = classes.count
        out = [[Double]](repeating: [Double](repeating: 0, count: classCount), count: classCount)
        into = out
        fromCoordinator = [Double](repeating: 0, count: classCount)
        toCoordinator = fromCoordinator
        // Node-to-node links grouped by tail and by head (counting sort), to sum each node's
        // capacity to and from every class with one scratch row.
        var byTail: [[Int]] = [[Int]](repeating: [], count: n)
        var byHead: [[Int]] = [[Int]](repeating: [], count: n)
        for (index, ends) in cluster.linkEnds.enumerated() {
            let capacity = cluster.capacityTokensPerSecond(of: cluster.links[index])
            if ends.from == Cluster.coordinatorIndex {
                let c = classes.classOfNode[ends.to]
                fromCoordinator[c] = max(fromCoordinator[c], capacity)
            } else if ends.to == Cluster.coordinatorIndex {
                let c = classes.classOfNode[ends.from]
                toCoordinator[c] = max(toCoordinator[c], capacity)
            } else {
                byTail[ends.from].append(index)
                byHead[ends.to].append(index)
            }
        }
        var scratch = [Double](repeating: 0, count: classCount)
        var touched: [Int] = []
        for node in 0..<n {
            let c = classes.classOfNode[node]
            for index in byTail[node] {
                let d = classes.classOfNode[cluster.linkEnds[index].to]
                if scratch[d] == 0 { touched.append(d) }
                scratch[d] += cluster.capacityTokensPerSecond(of: cluster.links[index])
            }
            for d in touched {
                out[c][d] = max(out[c][d], scratch[d])
                scratch[d] = 0
            }
            touched.removeAll(keepingCapacity: true)
            for index in byHead[node] {
                let d = classes.classOfNode[cluster.linkEnds[index].from]
                if scratch[d] == 0 { touched.append(d) }
                scratch[d] += cluster.capacityTokensPerSecond(of: cluster.links[index])
            }
            for d in touched {
                into[d][c] = max(into[d][c], scratch[d])
                scratch[d] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        linksMayBind = Self.linksMayBind(in: cluster)
    }

    /// True when some link is slower than the nodes it joins, or some pair of nodes (or a node and
    /// the coordinator) has no link (see `linksMayBind`).
    /// - Complexity: O(Σ over GPU types of maxLayers + nodes + links).
    static func linksMayBind(in cluster: Cluster) -> Bool {
        let n = cluster.nodes.count
        var strongestOfType = [Double?](repeating: nil, count: cluster.gpuTypes.count)
        let strongest: [Double] = cluster.nodes.indices.map { node in
            let type = cluster.typeIndexOfNode[node]
            if let known = strongestOfType[type] { return known }
            let value = cluster.capacityProfile(nodeAt: node).max() ?? 0
            strongestOfType[type] = value
            return value
        }
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
                linkCount += 1
                if capacity < min(strongest[ends.from], strongest[ends.to]) { mayBind = true }
            }
        }
        if linkCount < n * (n - 1) || source.contains(0) || sink.contains(0) { mayBind = true }
        return mayBind
    }

    /// Adds class-to-class link flows at every boundary, and the coordinator limits, to `model`.
    ///
    /// Capacities are capped by `cap`, a proven upper bound on the flow (no link carries more than
    /// the whole flow): the same feasible set, and coefficients near the node capacities. Left
    /// uncapped, coordinator links of 5·10⁸ tokens/s next to targets of 45 made GLPK's simplex
    /// declare a feasible model infeasible, and the planner report a bound below the optimum.
    func addRows(
        to model: inout MILPModel, intervals: [LayerCoverageFormulation.Interval],
        flows: [LayerCoverageFormulation.FlowColumn], layerCount: Int, classCount: Int, cap: Double = .infinity
    ) -> [LayerCoverageFormulation.LinkFlowColumn] {
        let out = self.out.map { $0.map { min($0, cap) } }
        let into = self.into.map { $0.map { min($0, cap) } }
        let fromCoordinator = self.fromCoordinator.map { min($0, cap) }
        let toCoordinator = self.toCoordinator.map { min($0, cap) }
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
