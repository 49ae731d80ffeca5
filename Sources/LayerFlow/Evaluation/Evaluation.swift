/// What a placement achieves on a cluster: its max flow, how busy each node and link is, what
/// limits it, and how far it is from the cluster's compute upper bound.
public struct Evaluation: Sendable, Hashable, Codable {
    /// Per-node figures, in cluster order; nodes holding nothing have `range == nil` and zero flow.
    public struct NodeReport: Sendable, Hashable, Codable {
        public var id: String
        public var type: String
        public var range: LayerRange?
        public var capacityTokensPerSecond: Double
        public var flowTokensPerSecond: Double
        /// flow / capacity (0 where capacity is 0).
        public var utilisation: Double
    }

    /// A link that carries flow or limits it.
    public struct LinkReport: Sendable, Hashable, Codable {
        public var from: Endpoint
        public var to: Endpoint
        public var capacityTokensPerSecond: Double
        public var flowTokensPerSecond: Double
        public var utilisation: Double
    }

    public var rule: ContiguityRule
    /// Max flow of the placement: tokens per second the cluster serves (recomputed by LayerFlow's max-flow).
    public var throughputTokensPerSecond: Double
    /// The cluster's compute upper bound `Σ_i max_k (k · capacity_i(k)) / L`.
    public var upperBoundTokensPerSecond: Double
    public var placement: Placement
    public var nodes: [NodeReport]
    /// Links with flow on them, or in the minimum cut, in cluster order.
    public var links: [LinkReport]
    public var bottleneck: Bottleneck
    /// The fixed-point quantum of the max-flow computation, tokens per second.
    public var resolutionTokensPerSecond: Double
}

/// What limits a placement's throughput: the arcs of a minimum cut, named, plus structural gaps.
public struct Bottleneck: Sendable, Hashable, Codable {
    /// A link named by its ends.
    public struct LinkID: Sendable, Hashable, Codable {
        public var from: Endpoint
        public var to: Endpoint

        public init(from: Endpoint, to: Endpoint) {
            self.from = from
            self.to = to
        }
    }

    /// Nodes whose compute is saturated in the minimum cut.
    public var nodes: [String]
    /// Links saturated in the minimum cut.
    public var links: [LinkID]
    /// Layer ranges no node holds (then the throughput is 0).
    public var uncoveredLayers: [LayerRange]
    /// The explanation, one sentence a line, for people.
    public var summary: [String]
}
