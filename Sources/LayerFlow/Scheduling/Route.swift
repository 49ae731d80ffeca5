/// The way one request travels: from the coordinator through a sequence of nodes, each running a
/// consecutive slice of the layers, and back to the coordinator.
///
/// The hops' layer ranges are consecutive and cover `0..<layerCount` exactly once. Under
/// `ContiguityRule.partialInference` a hop may start inside its node's range: the node is entered
/// where the previous hop ended and runs only from there to the end of its range.
public struct Route: Sendable, Hashable {
    /// One node on the route and the layers it runs for this request.
    public struct Hop: Sendable, Hashable {
        /// Position of the node in `cluster.nodes`.
        public var node: Int
        /// The layers this node runs for the request: from where the previous hop ended (0 for the
        /// first hop) to the end of the node's range.
        public var layers: LayerRange
        /// Position in `cluster.links` of the link the request arrives on (from the coordinator
        /// for the first hop, from the previous hop's node otherwise).
        public var link: Int

        public init(node: Int, layers: LayerRange, link: Int) {
            self.node = node
            self.layers = layers
            self.link = link
        }
    }

    /// The nodes visited, first stage first.
    public var hops: [Hop]
    /// Position in `cluster.links` of the link from the last hop's node back to the coordinator.
    public var exitLink: Int

    public init(hops: [Hop], exitLink: Int) {
        self.hops = hops
        self.exitLink = exitLink
    }

    /// The ids of the nodes visited, first stage first (`hops` hold positions in `cluster.nodes`,
    /// which a router keyed by node id reads through this).
    public func nodeIDs(in cluster: Cluster) -> [String] { hops.map { cluster.nodes[$0.node].id } }

    /// The links the request travels, as `Link` values: into each hop, then back to the coordinator.
    public func links(in cluster: Cluster) -> [Link] { (hops.map(\.link) + [exitLink]).map { cluster.links[$0] } }

    /// `n3[0, 40) → n7[40, 80)`: node ids and the layers each runs.
    public func description(in cluster: Cluster) -> String {
        hops.map { "\(cluster.nodes[$0.node].id)\($0.layers)" }.joined(separator: " → ")
    }
}
