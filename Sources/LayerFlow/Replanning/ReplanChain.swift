/// One pipeline of today's plan, as the re-plan sees it: its surviving nodes in order, and where
/// in that order the nodes that are gone stood.
struct ReplanChain: Sendable, Hashable {
    /// Node positions in the changed cluster, first stage first.
    var nodes: [Int]
    /// Positions in `nodes` where a node that is gone stood (before the node now there).
    var gaps: [Int]

    /// The chain with the node at `from` moved to stand before position `to` of the others.
    func moving(_ from: Int, to: Int) -> [Int] {
        var order = nodes
        let node = order.remove(at: from)
        order.insert(node, at: min(to, order.count))
        return order
    }
}

extension Replanner {
    /// Today's pipelines as chains: the flow paths of `placement` on `previous`, widest first, with
    /// the nodes `cluster` still has; each node belongs to the first chain that reaches it.
    /// - Complexity: one max-flow and its path decomposition on `previous`.
    func chains(in cluster: Cluster) -> [ReplanChain] {
        guard (try? placement.validate(for: previous)) != nil else { return [] }
        let network = FlowNetwork(cluster: previous, ranges: placement.rangesByNodeIndex(in: previous), rule: options.rule)
        let paths = network.decompose(network.maxFlow()).sorted { $0.flow > $1.flow }
        var taken = Set<Int>()
        var chains: [ReplanChain] = []
        for path in paths {
            var chain = ReplanChain(nodes: [], gaps: [])
            for node in path.nodes {
                if let position = cluster.nodeIndex(of: previous.nodes[node].id) {
                    if taken.insert(position).inserted { chain.nodes.append(position) }
                } else {
                    chain.gaps.append(chain.nodes.count)
                }
            }
            if !chain.nodes.isEmpty { chains.append(chain) }
        }
        return chains
    }
}
