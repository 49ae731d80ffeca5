/// Where requests go next from one decision point, with the weights the scheduler uses: for
/// serving systems in which each node forwards requests itself.
///
/// A node that runs smooth weighted round robin over its `nextHops` with these `weight`s sends
/// each next hop the `share` of its traffic that the max flow sends it. Encoded as
/// `layerflow-next-hops/1`; see `NextHopTablesDocument`.
public struct NextHopTable: Sendable, Hashable {
    public struct NextHop: Sendable, Hashable {
        /// The node the request goes to, or the coordinator when its last layer is done.
        public var to: Endpoint
        /// Position of the link in `cluster.links`.
        public var link: Int
        /// Max-flow flow on the link arc, tokens per second.
        public var flowTokensPerSecond: Double
        /// Integer round-robin weight: `share` in units of 2⁻³² (at least 1).
        public var weight: Int64
        /// Fraction of this point's outgoing flow.
        public var share: Double
    }

    /// The coordinator (requests entering) or the node forwarding.
    public var at: Endpoint
    /// The node's layer range; nil at the coordinator.
    public var layers: LayerRange?
    /// Flow-carrying next hops in link order.
    public var nextHops: [NextHop]
}

extension RoutingEngine {
    /// One table for the coordinator, then one per flow-carrying node in cluster order.
    /// - Complexity: O(V + E).
    public func nextHopTables() -> [NextHopTable] {
        let cluster = tables.cluster
        let points = [0] + tables.activeNodes.map { 1 + $0 }
        return points.map { point in
            let entries = tables.firstEntry[point]..<tables.firstEntry[point + 1]
            let total = entries.reduce(0.0) { $0 + tables.entryFlow[$1] }
            let hops = entries.map { entry in
                let head = Int(tables.entryHead[entry])
                return NextHopTable.NextHop(
                    to: head < 0 ? .coordinator : .node(cluster.nodes[head].id),
                    link: Int(tables.entryLink[entry]), flowTokensPerSecond: tables.entryFlow[entry],
                    weight: tables.entryWeight[entry], share: tables.entryFlow[entry] / total)
            }
            guard let node = tables.node(ofPoint: point) else {
                return NextHopTable(at: .coordinator, layers: nil, nextHops: hops)
            }
            return NextHopTable(at: .node(cluster.nodes[node].id), layers: tables.ranges[node], nextHops: hops)
        }
    }
}
