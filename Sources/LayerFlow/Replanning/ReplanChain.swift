/// One pipeline of today's plan, as the re-plan sees it: its stages (the surviving nodes that hold
/// the same layers, in parallel) in order, and where in that order stages that are gone stood.
struct ReplanChain: Sendable, Hashable {
    /// Each stage's members: node positions in the changed cluster, first stage first.
    var stages: [[Int]]
    /// Positions in `stages` where a stage whose every node is gone stood (before the stage now there).
    var gaps: [Int]

    /// Every node of the chain.
    var nodes: [Int] { stages.flatMap { $0 } }

    /// The stages with `node` taken out of its stage (dropping the stage if it empties, a no-op
    /// for a node outside the chain) and standing alone before stage `position`.
    func moving(_ node: Int, before position: Int) -> [[Int]] {
        var result = stages.map { $0.filter { $0 != node } }
        result.insert([node], at: min(position, result.count))
        return result.filter { !$0.isEmpty }
    }

    /// The stages with `node` taken out of its stage and added to stage `target` in parallel.
    func moving(_ node: Int, into target: Int) -> [[Int]] {
        var result = stages.map { $0.filter { $0 != node } }
        result[target].append(node)
        return result.filter { !$0.isEmpty }
    }
}

extension Replanner {
    /// Today's pipelines as chains. A plan whose distinct ranges tile the model (a stage-aligned
    /// plan: every stage held by one or more nodes) is one chain of those stages. Otherwise the
    /// flow paths of `placement` on `previous`, widest first, each node a stage, each node in the
    /// first chain that reaches it.
    /// - Complexity: O(nodes · log nodes), or one max-flow and its path decomposition.
    func chains(in cluster: Cluster) -> [ReplanChain] {
        guard (try? placement.validate(for: previous)) != nil else { return [] }
        if let tiled = stageChain(in: cluster) { return [tiled] }
        let network = FlowNetwork(cluster: previous, ranges: placement.rangesByNodeIndex(in: previous), rule: options.rule)
        let paths = network.decompose(network.maxFlow()).sorted { $0.flow > $1.flow }
        var taken = Set<Int>()
        var chains: [ReplanChain] = []
        for path in paths {
            var chain = ReplanChain(stages: [], gaps: [])
            for node in path.nodes {
                if let position = cluster.nodeIndex(of: previous.nodes[node].id) {
                    if taken.insert(position).inserted { chain.stages.append([position]) }
                } else {
                    chain.gaps.append(chain.stages.count)
                }
            }
            if !chain.stages.isEmpty { chains.append(chain) }
        }
        return chains
    }

    /// The plan's stages when its distinct ranges tile `0..<layerCount`, with their surviving members.
    private func stageChain(in cluster: Cluster) -> ReplanChain? {
        let ranges = Set(placement.ranges.values).sorted()
        var reached = 0
        for range in ranges {
            guard range.start == reached else { return nil }
            reached = range.end
        }
        guard reached == previous.model.layerCount else { return nil }
        var chain = ReplanChain(stages: [], gaps: [])
        for range in ranges {
            let members = placement.ranges.filter { $0.value == range }.keys.compactMap { cluster.nodeIndex(of: $0) }.sorted()
            if members.isEmpty { chain.gaps.append(chain.stages.count) } else { chain.stages.append(members) }
        }
        return chain.stages.isEmpty ? nil : chain
    }
}
