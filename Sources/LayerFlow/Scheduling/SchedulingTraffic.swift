/// How a request → route table spreads traffic over the nodes, against the max flow: the figures
/// `layerflow schedule` reports. (What the routes deliver over time, with KV pressure and queueing,
/// is the serving simulator's: `layerflow simulate --routing layerflow`.)
public struct SchedulingTraffic: Sendable, Hashable {
    /// One node's share of the table's traffic.
    public struct Node: Sendable, Hashable, Codable {
        public var id: String
        public var layers: LayerRange?
        /// Routed requests that pass through the node.
        public var requests: Int
        /// Σ footprint (prompt + expected output tokens) of those requests.
        public var tokens: Int
        /// `requests / Σ over nodes of requests` (share of node visits).
        public var trafficShare: Double
        /// `tokens / Σ over nodes of tokens`.
        public var tokenShare: Double
        /// The node's share of the max flow (`ScheduledNode.flowShare`).
        public var flowShare: Double
        /// The node's KV-cache capacity in tokens; nil: unlimited.
        public var kvCapacityTokens: Int?
        /// ⌊highWaterMark · capacity⌋; nil: unlimited.
        public var kvLimitTokens: Int?
        public var kvCapacitySource: KVCacheCapacity.Source

        private enum CodingKeys: String, CodingKey {
            case id, layers, requests, tokens, trafficShare, tokenShare, flowShare
            case kvCapacityTokens, kvLimitTokens, kvCapacitySource
        }

        /// Every key is written; unknown values (no layers, unlimited KV) as `null`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(layers, forKey: .layers)
            try container.encode(requests, forKey: .requests)
            try container.encode(tokens, forKey: .tokens)
            try container.encode(trafficShare, forKey: .trafficShare)
            try container.encode(tokenShare, forKey: .tokenShare)
            try container.encode(flowShare, forKey: .flowShare)
            try container.encode(kvCapacityTokens, forKey: .kvCapacityTokens)
            try container.encode(kvLimitTokens, forKey: .kvLimitTokens)
            try container.encode(kvCapacitySource, forKey: .kvCapacitySource)
        }
    }

    /// Entries of the table.
    public var requests: Int
    public var routed: Int
    public var rejected: Int
    /// Rejections by `RoutingReason.code`.
    public var rejectionsByReason: [String: Int]
    /// Distinct routes the table uses.
    public var distinctRoutes: Int
    /// Every node of the cluster, in cluster order.
    public var nodes: [Node]

    /// Counts the table's node visits and tokens per node.
    /// - Parameters:
    ///   - table: the offline table (`Scheduler.table(for:)`).
    ///   - nodes: the scheduler's nodes (`Scheduler.nodes`), which the routes index.
    /// - Complexity: O(entries + Σ hops over the distinct routes + nodes).
    public init(_ table: SchedulingTable, nodes: [ScheduledNode]) {
        var counter = Counter()
        for entry in table.entries { counter.add(entry.request, entry.outcome) }
        self = counter.traffic(routes: table.routes, nodes: nodes)
    }

    /// Running totals over a stream of outcomes: per route uses and tokens, rejections.
    struct Counter {
        var uses: [Int] = []
        var useTokens: [Int] = []
        var rejectionsByReason: [String: Int] = [:]
        var requests = 0
        var routed = 0
        var rejected = 0

        mutating func add(_ request: Request, _ outcome: SchedulingTable.Outcome) {
            requests += 1
            switch outcome {
            case .routed(let route):
                routed += 1
                while uses.count <= route {
                    uses.append(0)
                    useTokens.append(0)
                }
                uses[route] += 1
                useTokens[route] &+= request.footprintTokens
            case .queued:
                break
            case .rejected(let reason):
                rejected += 1
                rejectionsByReason[reason.code, default: 0] += 1
            }
        }

        func traffic(routes: [Route], nodes: [ScheduledNode]) -> SchedulingTraffic {
            var visits = [Int](repeating: 0, count: nodes.count)
            var tokens = [Int](repeating: 0, count: nodes.count)
            for (index, route) in routes.enumerated() where index < uses.count {
                for hop in route.hops {
                    visits[hop.node] += uses[index]
                    tokens[hop.node] &+= useTokens[index]
                }
            }
            let totalVisits = max(1, visits.reduce(0, +))
            let totalTokens = max(1, tokens.reduce(0, &+))
            return SchedulingTraffic(
                requests: requests, routed: routed, rejected: rejected, rejectionsByReason: rejectionsByReason,
                distinctRoutes: routes.count,
                nodes: nodes.map { node in
                    Node(
                        id: node.id, layers: node.layers, requests: visits[node.index], tokens: tokens[node.index],
                        trafficShare: Double(visits[node.index]) / Double(totalVisits),
                        tokenShare: Double(tokens[node.index]) / Double(totalTokens), flowShare: node.flowShare,
                        kvCapacityTokens: node.kvCapacity.tokens, kvLimitTokens: node.kvLimitTokens,
                        kvCapacitySource: node.kvCapacity.source)
                })
        }
    }

    init(
        requests: Int, routed: Int, rejected: Int, rejectionsByReason: [String: Int], distinctRoutes: Int,
        nodes: [Node]
    ) {
        self.requests = requests
        self.routed = routed
        self.rejected = rejected
        self.rejectionsByReason = rejectionsByReason
        self.distinctRoutes = distinctRoutes
        self.nodes = nodes
    }
}
