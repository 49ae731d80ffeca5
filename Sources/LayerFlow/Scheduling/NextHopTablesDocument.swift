import Foundation

/// Next-hop tables as a file, `layerflow-next-hops/1`: for the coordinator and each flow-carrying
/// node, where requests go next and with which weight. A node forwards by smooth weighted round
/// robin over `next` with the integer `weight`s (see `docs/Guides/Scheduling.md`).
public struct NextHopTablesDocument: Sendable, Codable {
    public static let tag = "layerflow-next-hops/1"

    public struct NextHop: Sendable, Codable, Hashable {
        /// A node id, or `coordinator` when the request's last layer is done.
        public var to: Endpoint
        /// Position of the link in the plan's `clusterDefinition.links`.
        public var link: Int
        public var flowTokensPerSecond: Double
        public var weight: Int64
        public var share: Double
    }

    public struct Table: Sendable, Codable, Hashable {
        /// `coordinator` or a node id.
        public var at: Endpoint
        /// The node's layers; absent at the coordinator.
        public var layers: LayerRange?
        public var next: [NextHop]
    }

    public var format = tag
    public var cluster: String
    public var rule: ContiguityRule
    /// How `weight` is used: `smooth-weighted-round-robin`.
    public var algorithm = "smooth-weighted-round-robin"
    public var maxFlowTokensPerSecond: Double
    public var tables: [Table]

    public init(_ tables: [NextHopTable], cluster: Cluster, rule: ContiguityRule, maxFlowTokensPerSecond: Double) {
        self.cluster = cluster.name
        self.rule = rule
        self.maxFlowTokensPerSecond = maxFlowTokensPerSecond
        self.tables = tables.map { table in
            Table(at: table.at, layers: table.layers, next: table.nextHops.map {
                NextHop(to: $0.to, link: $0.link, flowTokensPerSecond: $0.flowTokensPerSecond, weight: $0.weight, share: $0.share)
            })
        }
    }

    /// The tables of a scheduler.
    public init(_ scheduler: Scheduler) {
        self.init(scheduler.nextHopTables(), cluster: scheduler.cluster, rule: scheduler.rule,
                  maxFlowTokensPerSecond: scheduler.maxFlowTokensPerSecond)
    }

    /// Pretty-printed JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
