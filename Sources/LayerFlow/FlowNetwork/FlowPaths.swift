/// A route flow takes through the network: the nodes it visits in order and the links between them.
package struct FlowPath: Sendable, Hashable {
    /// Node positions in `cluster.nodes`, first stage first.
    package var nodes: [Int]
    /// Link positions in `cluster.links`: coordinator → first, between stages, last → coordinator.
    package var links: [Int]
    /// Tokens per second along this path.
    package var flow: Double
}

/// How deep a flow solution is: the most nodes on any flow-carrying path, and that path's latency.
public struct PathDepth: Sendable, Hashable, Codable {
    /// Nodes on the deepest flow-carrying path (0 when nothing flows).
    public var stages: Int
    /// Sum of link latencies along it, coordinator links included, seconds (the deepest path with
    /// the highest latency, when several are equally deep).
    public var networkLatencySeconds: Double
}

extension FlowNetwork {
    /// Splits a flow into source-to-sink paths (the network is acyclic under both contiguity rules,
    /// so no cycles remain). Flows below `1e-12` of the total are dropped as rounding residue.
    /// - Complexity: O(P · (V + E)) for P paths (at most the number of arcs).
    package func decompose(_ result: MaxFlowResult) -> [FlowPath] {
        let threshold = result.value * 1e-12
        var remaining = result.arcFlows
        var outgoing = [[Int]](repeating: [], count: graph.nodeCount)
        for arc in 0..<graph.arcCount where remaining[arc] > threshold {
            outgoing[graph.tail(of: arc)].append(arc)
        }
        var paths: [FlowPath] = []
        while true {
            var arcs: [Int] = []
            var vertex = Self.source
            while vertex != Self.sink {
                guard let arc = outgoing[vertex].first(where: { remaining[$0] > threshold }) else { break }
                arcs.append(arc)
                vertex = graph.head(of: arc)
                if arcs.count > graph.arcCount { break }  // defensive: acyclic by construction
            }
            guard vertex == Self.sink, let flow = arcs.map({ remaining[$0] }).min() else { break }
            for arc in arcs { remaining[arc] -= flow }
            var nodes: [Int] = []
            var links: [Int] = []
            for arc in arcs {
                switch arcKinds[arc] {
                case .node(let index): nodes.append(index)
                case .link(let index): links.append(index)
                }
            }
            paths.append(FlowPath(nodes: nodes, links: links, flow: flow))
        }
        return paths
    }

    /// The deepest flow-carrying path: longest path, in nodes, over arcs with positive flow.
    /// - Complexity: O(V + E) (dynamic programming in topological order).
    package func depth(of result: MaxFlowResult, cluster: Cluster) -> PathDepth {
        let threshold = result.value * 1e-12
        guard result.value > 0 else { return PathDepth(stages: 0, networkLatencySeconds: 0) }
        var incoming = [Int](repeating: 0, count: graph.nodeCount)
        var outgoing = [[Int]](repeating: [], count: graph.nodeCount)
        for arc in 0..<graph.arcCount where result.arcFlows[arc] > threshold {
            outgoing[graph.tail(of: arc)].append(arc)
            incoming[graph.head(of: arc)] += 1
        }
        // best[v]: (stages, latency) of the deepest path from the source to v.
        var best = [(stages: Int, latency: Double)?](repeating: nil, count: graph.nodeCount)
        best[Self.source] = (0, 0)
        var ready = [Self.source]
        while let vertex = ready.popLast() {
            for arc in outgoing[vertex] {
                let head = graph.head(of: arc)
                if let current = best[vertex] {
                    var candidate = current
                    switch arcKinds[arc] {
                    case .node: candidate.stages += 1
                    case .link(let index): candidate.latency += cluster.links[index].latencySeconds
                    }
                    if let existing = best[head] {
                        if (candidate.stages, candidate.latency) > (existing.stages, existing.latency) { best[head] = candidate }
                    } else {
                        best[head] = candidate
                    }
                }
                incoming[head] -= 1
                if incoming[head] == 0 { ready.append(head) }
            }
        }
        let sink = best[Self.sink] ?? (0, 0)
        return PathDepth(stages: sink.stages, networkLatencySeconds: sink.latency)
    }
}
