/// A node as the scheduler sees it: its layers, its share of the max flow and its KV cache.
public struct ScheduledNode: Sendable, Hashable {
    /// Position in `cluster.nodes`.
    public var index: Int
    public var id: String
    /// The layers it holds; nil when it holds none.
    public var layers: LayerRange?
    /// Flow through the node in the max-flow solution, tokens per second.
    public var flowTokensPerSecond: Double
    /// `flowTokensPerSecond / Σ over nodes of flowTokensPerSecond`: the share of node visits
    /// (and of node-token work) the node should get when traffic follows the flow.
    public var flowShare: Double
    public var kvCapacity: KVCacheCapacity
    /// Most tokens reservations may hold on the node: ⌊highWaterMark · capacity⌋; nil: unlimited.
    public var kvLimitTokens: Int?
}

extension RoutingEngine {
    /// Every node of the cluster, in cluster order.
    public var nodes: [ScheduledNode] {
        let totalFlow = tables.nodeFlow.reduce(0, +)
        return tables.cluster.nodes.indices.map { index in
            ScheduledNode(
                index: index, id: tables.cluster.nodes[index].id, layers: tables.ranges[index],
                flowTokensPerSecond: tables.nodeFlow[index],
                flowShare: totalFlow > 0 ? tables.nodeFlow[index] / totalFlow : 0,
                kvCapacity: tables.kvCapacity[index],
                kvLimitTokens: tables.kvLimit[index] == .max ? nil : tables.kvLimit[index])
        }
    }

    /// The cluster, placement rule and max flow the tables were built from.
    public var cluster: Cluster { tables.cluster }
    public var rule: ContiguityRule { tables.rule }
    public var options: SchedulerOptions { tables.options }
    public var maxFlowTokensPerSecond: Double { tables.maxFlow.value }
    /// The largest KV footprint some route admits on an idle cluster; nil: unlimited.
    public var largestAdmissibleFootprintTokens: Int? {
        tables.largestAdmissibleFootprint == .max ? nil : tables.largestAdmissibleFootprint
    }
}
