/// Pipelines that follow the links, for clusters that are not complete meshes (rings, chains of
/// regions, sparse topologies), where the other heuristics deal nodes to pipelines without looking
/// at who is linked to whom and so build pipelines whose stages cannot reach each other.
///
/// A pipeline starts at a node the coordinator can reach and grows along links to unused nodes
/// until its members can hold the model and its last node can reach the coordinator; its layers
/// are then split so that every member runs at the same pace (`PipelineSplit`). Starts and next
/// hops go to the nodes with the fewest unused neighbours first, so chains stay contiguous and no
/// node is stranded between two chains (on a ring the pipelines are consecutive arcs of it).
/// Nodes that end in no pipeline hold nothing.
enum LinkChainPlacement {
    /// The best of the placements with pipelines of at least 1, 2, 3, … times the fewest members
    /// that can hold the model (longer pipelines hold fewer layers per node and run faster), by
    /// max flow under `rule`.
    /// - Complexity: O(L / d) placements of O(n² / d + links) and one max-flow each.
    static func bestRanges(for cluster: Cluster, rule: ContiguityRule, budget: PlanningBudget = .unlimited) -> [LayerRange?] {
        let layerCount = cluster.model.layerCount
        let most = cluster.nodes.indices.map { cluster.maxHoldableLayers(nodeAt: $0) }.max() ?? 0
        var best = (ranges: [LayerRange?](repeating: nil, count: cluster.nodes.count), throughput: 0.0)
        guard most >= 1 else { return best.ranges }
        let shallowest = (layerCount + most - 1) / most
        var depth = 1
        while depth <= layerCount, !budget.isExhausted {
            let ranges = self.ranges(for: cluster, minimumMembers: depth, budget: budget)
            let throughput = cluster.throughput(ranges: ranges, rule: rule)
            if throughput > best.throughput { best = (ranges, throughput) }
            depth = depth == 1 ? 2 * shallowest : depth + shallowest
        }
        return best.ranges
    }

    /// Ranges by node position, with pipelines of at least `minimumMembers` nodes.
    /// - Complexity: O(n² / d + links) for n nodes and pipelines of d members; the budget is
    ///   polled before each pipeline.
    static func ranges(for cluster: Cluster, minimumMembers: Int = 1, budget: PlanningBudget = .unlimited) -> [LayerRange?] {
        let n = cluster.nodes.count
        let layerCount = cluster.model.layerCount
        var outgoing = [[Int]](repeating: [], count: n)
        var incoming = [[Int]](repeating: [], count: n)
        var entry = [Bool](repeating: false, count: n)
        var exit = [Bool](repeating: false, count: n)
        for (index, ends) in cluster.linkEnds.enumerated() where cluster.capacityTokensPerSecond(of: cluster.links[index]) > 0 {
            if ends.from == Cluster.coordinatorIndex {
                entry[ends.to] = true
            } else if ends.to == Cluster.coordinatorIndex {
                exit[ends.from] = true
            } else {
                outgoing[ends.from].append(ends.to)
                incoming[ends.to].append(ends.from)
            }
        }
        // Layers a node can hold, 0 for a node that cannot serve any layer count.
        let holdable = (0..<n).map { node -> Int in
            let limit = cluster.maxHoldableLayers(nodeAt: node)
            let serves = limit >= 1 && (1...limit).contains { cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: $0) > 0 }
            return serves ? limit : 0
        }
        var used = holdable.map { $0 == 0 }
        // Unused neighbours (in either direction) of each node.
        var free = (0..<n).map { node in (outgoing[node] + incoming[node]).filter { !used[$0] }.count }
        func take(_ node: Int) {
            used[node] = true
            for neighbour in outgoing[node] + incoming[node] { free[neighbour] -= 1 }
        }
        var tried = [Bool](repeating: false, count: n)
        var ranges = [LayerRange?](repeating: nil, count: n)
        while !budget.isExhausted {
            var start: Int?
            for node in 0..<n where entry[node] && !used[node] && !tried[node] {
                if start.map({ free[node] < free[$0] }) ?? true { start = node }
            }
            guard let first = start else { break }
            tried[first] = true
            var chain = [first]
            var inChain: Set<Int> = [first]
            var held = holdable[first]
            while held < layerCount || chain.count < minimumMembers || !exit[chain[chain.count - 1]] {
                guard chain.count < layerCount else { break }
                var next: Int?
                for candidate in outgoing[chain[chain.count - 1]] where !used[candidate] && !inChain.contains(candidate) {
                    if next.map({ free[candidate] < free[$0] }) ?? true { next = candidate }
                }
                guard let next else { break }
                chain.append(next)
                inChain.insert(next)
                held += holdable[next]
            }
            guard held >= layerCount, exit[chain[chain.count - 1]],
                  let split = PipelineSplit.balancedLayerCounts(
                      members: chain, cluster: cluster, layerCount: layerCount, budget: budget)
            else { continue }
            for (node, span) in zip(chain, PipelineSplit.ranges(counts: split.counts)) {
                ranges[node] = span
                take(node)
            }
        }
        return ranges
    }

    /// Whether every node links to every other and to and from the coordinator (with positive
    /// capacity): then dealing nodes to pipelines needs no look at the links.
    static func isCompleteMesh(_ cluster: Cluster) -> Bool {
        let n = cluster.nodes.count
        var nodeLinks = 0
        var entries = 0
        var exits = 0
        for (index, ends) in cluster.linkEnds.enumerated() where cluster.capacityTokensPerSecond(of: cluster.links[index]) > 0 {
            if ends.from == Cluster.coordinatorIndex {
                entries += 1
            } else if ends.to == Cluster.coordinatorIndex {
                exits += 1
            } else {
                nodeLinks += 1
            }
        }
        return nodeLinks == n * (n - 1) && entries == n && exits == n
    }
}
