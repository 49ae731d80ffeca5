/// Chooses which node of each stage follows which in fixed pipelines, and what such pipelines serve.
struct PipelinePairing {
    let cluster: Cluster
    let ranges: [LayerRange?]
    /// Flow on the link arc from node a to node b (by positions), from the plan's max flow.
    private var flowBetween: [Pair: Double] = [:]
    /// Capacity of the link from node a to node b, and of the coordinator's links (`-1` = coordinator).
    private var linkCapacity: [Pair: Double] = [:]

    struct Pair: Hashable {
        var from: Int
        var to: Int
    }

    init(cluster: Cluster, ranges: [LayerRange?], network: FlowNetwork, flow: MaxFlowResult) {
        self.cluster = cluster
        self.ranges = ranges
        for (index, ends) in cluster.linkEnds.enumerated() {
            linkCapacity[Pair(from: ends.from, to: ends.to)] = cluster.capacityTokensPerSecond(of: cluster.links[index])
        }
        for (arc, kind) in network.arcKinds.enumerated() {
            guard case .link(let index) = kind else { continue }
            let ends = cluster.linkEnds[index]
            flowBetween[Pair(from: ends.from, to: ends.to)] = flow.arcFlows[arc]
        }
    }

    /// Pipelines as node positions, one per stage: the m-th pipeline starts with the m-th node of
    /// the first stage. Each next node is chosen greedily: by the largest flow between the two
    /// (`preferFlow`), ties and the rest by capacity rank (fastest with fastest).
    /// - Complexity: O(S · P² log P).
    func pipelines(stageMembers: [[Int]], preferFlow: Bool) -> [[Int]] {
        let capacity = { (node: Int) -> Double in
            cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: ranges[node]?.count ?? 0)
        }
        let byCapacity = { (nodes: [Int]) in nodes.sorted { (capacity($0), -$0) > (capacity($1), -$1) } }
        var pipelines = byCapacity(stageMembers[0]).map { [$0] }
        for stage in stageMembers.dropFirst() {
            let tails = pipelines.map { $0[$0.count - 1] }
            var assigned = [Int?](repeating: nil, count: tails.count)
            var free = byCapacity(stage)
            if preferFlow {
                var candidates: [(flow: Double, tail: Int, node: Int)] = []
                for (position, tail) in tails.enumerated() {
                    for node in stage {
                        let value = flowBetween[Pair(from: tail, to: node)] ?? 0
                        if value > 0 { candidates.append((value, position, node)) }
                    }
                }
                candidates.sort { ($0.flow, -$0.tail, -$0.node) > ($1.flow, -$1.tail, -$1.node) }
                for candidate in candidates where assigned[candidate.tail] == nil && free.contains(candidate.node) {
                    assigned[candidate.tail] = candidate.node
                    free.removeAll { $0 == candidate.node }
                }
            }
            // Remaining pipelines, fastest tail first, take the remaining nodes fastest first.
            let open = assigned.indices.filter { assigned[$0] == nil }.sorted { (capacity(tails[$0]), -$0) > (capacity(tails[$1]), -$1) }
            for (position, node) in zip(open, free) { assigned[position] = node }
            for position in pipelines.indices { pipelines[position].append(assigned[position] ?? tails[position]) }
        }
        return pipelines
    }

    /// Tokens per second the pipelines serve: per pipeline, the smallest capacity among its
    /// nodes, the links between consecutive nodes and its coordinator links (0 for a missing link).
    func throughput(_ pipelines: [[Int]]) -> Double {
        let coordinator = Cluster.coordinatorIndex
        var total = 0.0
        for pipeline in pipelines {
            guard let first = pipeline.first, let last = pipeline.last else { continue }
            var value = linkCapacity[Pair(from: coordinator, to: first)] ?? 0
            value = min(value, linkCapacity[Pair(from: last, to: coordinator)] ?? 0)
            for node in pipeline {
                value = min(value, cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: ranges[node]?.count ?? 0))
            }
            for (from, to) in zip(pipeline, pipeline.dropFirst()) {
                value = min(value, linkCapacity[Pair(from: from, to: to)] ?? 0)
            }
            total += value
        }
        return total
    }

    /// A node whose flow goes to more than one node of the next stage, with those nodes.
    func splittingNode(stageMembers: [[Int]]) -> (node: Int, successors: [Int])? {
        for (stage, next) in zip(stageMembers, stageMembers.dropFirst()) {
            for node in stage {
                let successors = next.filter { (flowBetween[Pair(from: node, to: $0)] ?? 0) > 0 }
                if successors.count > 1 { return (node, successors) }
            }
        }
        return nil
    }
}
