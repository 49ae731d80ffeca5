/// A placement scored the one way LayerFlow scores placements: its flow network under a
/// contiguity rule and that network's exact max flow. Every figure of a plan (throughput, depth,
/// node and link flows, the `Evaluation` report, routing shares) is read off this one solve, so
/// terms added to scoring (latency, KV) land in one place.
package struct PlacementScore {
    package let ranges: [LayerRange?]
    package let rule: ContiguityRule
    package let network: FlowNetwork
    package let flow: MaxFlowResult

    /// The placement's max flow, tokens per second.
    package var throughputTokensPerSecond: Double { flow.value }

    /// The deepest flow-carrying path of this flow (stages and network latency).
    /// - Complexity: O(V + E).
    package func depth(in cluster: Cluster) -> PathDepth { network.depth(of: flow, cluster: cluster) }
}

extension Cluster {
    /// Scores ranges given by node position (already valid for this cluster).
    /// - Complexity: one max-flow on ≤ 2·nodes + 2 vertices and ≤ nodes + links arcs.
    package func score(_ ranges: [LayerRange?], rule: ContiguityRule) -> PlacementScore {
        let network = FlowNetwork(cluster: self, ranges: ranges, rule: rule)
        return PlacementScore(ranges: ranges, rule: rule, network: network, flow: network.maxFlow())
    }
}
