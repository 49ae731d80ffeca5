import Foundation

/// A scheduling table as a file, `layerflow-schedule-table/1`: each distinct route once (nodes by
/// id, links by position in the plan's `clusterDefinition.links`), then one entry per request
/// naming its route by position, or why it was queued or rejected.
public struct SchedulingTableDocument: Sendable, Codable {
    public static let tag = "layerflow-schedule-table/1"

    public struct Hop: Sendable, Codable, Hashable {
        public var node: String
        /// The layers the node runs for the request, `[start, end)`.
        public var layers: LayerRange
        /// The link the request arrives on.
        public var link: Int
    }

    public struct RouteEntry: Sendable, Codable, Hashable {
        public var hops: [Hop]
        /// The link back to the coordinator.
        public var exitLink: Int
    }

    public struct Reason: Sendable, Codable, Hashable {
        /// `RoutingReason.code`, e.g. `kv-cache-full`.
        public var code: String
        public var reason: String
    }

    public struct RequestEntry: Sendable, Codable, Hashable {
        public var id: Int
        public var promptTokens: Int
        public var expectedOutputTokens: Int
        /// Position in `routes`, when routed.
        public var route: Int?
        public var queued: Reason?
        public var rejected: Reason?
    }

    public var format = tag
    public var cluster: String
    public var rule: ContiguityRule
    public var layerCount: Int
    public var routes: [RouteEntry]
    public var requests: [RequestEntry]

    public init(_ table: SchedulingTable, cluster: Cluster, rule: ContiguityRule) {
        self.cluster = cluster.name
        self.rule = rule
        layerCount = cluster.model.layerCount
        routes = table.routes.map { route in
            RouteEntry(
                hops: route.hops.map { Hop(node: cluster.nodes[$0.node].id, layers: $0.layers, link: $0.link) },
                exitLink: route.exitLink)
        }
        requests = table.entries.map { entry in
            var document = RequestEntry(
                id: entry.request.id, promptTokens: entry.request.promptTokens,
                expectedOutputTokens: entry.request.expectedOutputTokens)
            switch entry.outcome {
            case .routed(let route): document.route = route
            case .queued(let reason): document.queued = Reason(code: reason.code, reason: reason.description)
            case .rejected(let reason): document.rejected = Reason(code: reason.code, reason: reason.description)
            }
            return document
        }
    }

    /// Compact JSON with sorted keys (tables can hold millions of entries).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension SchedulingTableDocument.RequestEntry {
    init(id: Int, promptTokens: Int, expectedOutputTokens: Int) {
        self.init(id: id, promptTokens: promptTokens, expectedOutputTokens: expectedOutputTokens, route: nil, queued: nil, rejected: nil)
    }
}
