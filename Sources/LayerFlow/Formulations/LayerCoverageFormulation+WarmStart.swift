extension LayerCoverageFormulation {
    /// A full solution vector describing a placement: its interval counts, and its own max-flow
    /// split into paths, by entry boundary and hop. The solver accepts it as an incumbent when it is
    /// feasible for the model (it is whenever the placement meets the target and the stage limit).
    /// Nil when a node holds a range the model has no interval for.
    /// - Complexity: one max-flow and its path decomposition, plus O(columns).
    public func values(for ranges: [LayerRange?], cluster: Cluster) -> [Double]? {
        var values = [Double](repeating: 0, count: model.variables.count)
        var intervalIndex: [IntervalKey: Int] = [:]
        for (index, interval) in intervals.enumerated() {
            intervalIndex[IntervalKey(classIndex: interval.classIndex, range: interval.range)] = index
        }
        var intervalOfNode = [Int?](repeating: nil, count: ranges.count)
        for (node, range) in ranges.enumerated() {
            guard let range else { continue }
            guard let index = intervalIndex[IntervalKey(classIndex: classes.classOfNode[node], range: range)] else { return nil }
            intervalOfNode[node] = index
            values[intervals[index].countVariable] += 1
        }
        var flowColumn: [FlowKey: Int] = [:]
        for column in flows {
            flowColumn[FlowKey(interval: column.interval, entry: column.entry, hop: column.hop)] = column.variable
        }
        var linkColumn: [LinkKey: Int] = [:]
        for column in linkFlows {
            linkColumn[LinkKey(from: column.fromClass, to: column.toClass, boundary: column.boundary)] = column.variable
        }
        let score = cluster.score(ranges, rule: options.rule)
        let (network, result) = (score.network, score.flow)
        if options.coverageOnly {
            values[throughputVariable] = options.target ?? result.value
            return values
        }
        var total = 0.0
        for path in network.decompose(result) {
            if let stages = options.maxStages, path.nodes.count > stages { continue }
            var entry = 0
            var columns: [Int] = []
            var links: [Int] = []
            for (position, node) in path.nodes.enumerated() {
                guard let interval = intervalOfNode[node] else { return nil }
                let hop = options.tracksHops ? position + 1 : 0
                guard let column = flowColumn[FlowKey(interval: interval, entry: entry, hop: hop)] else { return nil }
                columns.append(column)
                if position + 1 < path.nodes.count, modelsLinks {
                    let key = LinkKey(
                        from: classes.classOfNode[node], to: classes.classOfNode[path.nodes[position + 1]],
                        boundary: intervals[interval].range.end)
                    guard let link = linkColumn[key] else { return nil }
                    links.append(link)
                }
                entry = intervals[interval].range.end
            }
            for column in columns + links { values[column] += path.flow }
            total += path.flow
        }
        values[throughputVariable] = total
        return values
    }

    struct IntervalKey: Hashable {
        var classIndex: Int
        var range: LayerRange
    }

    struct FlowKey: Hashable {
        var interval: Int
        var entry: Int
        var hop: Int
    }

    struct LinkKey: Hashable {
        var from: Int
        var to: Int
        var boundary: Int
    }
}
