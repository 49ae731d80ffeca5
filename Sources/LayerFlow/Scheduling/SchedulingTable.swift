/// Request → route assignments for a batch of requests, with each distinct route stored once.
///
/// Made by `Scheduler.table(for:)` (offline batch planning); `SchedulingTraffic` counts how it
/// spreads over the nodes. Encoded as `layerflow-schedule-table/1`; see `SchedulingTableDocument`.
public struct SchedulingTable: Sendable, Hashable {
    /// What became of one request.
    public enum Outcome: Sendable, Hashable {
        /// Routed along `routes[route]`.
        case routed(route: Int)
        /// Still waiting when the table was made.
        case queued(RoutingReason)
        case rejected(RoutingReason)
    }

    public struct Entry: Sendable, Hashable {
        public var request: Request
        public var outcome: Outcome

        public init(request: Request, outcome: Outcome) {
            self.request = request
            self.outcome = outcome
        }
    }

    /// The distinct routes, in order of first use.
    public var routes: [Route]
    /// One entry per request, in the order given.
    public var entries: [Entry]

    public init(routes: [Route] = [], entries: [Entry] = []) {
        self.routes = routes
        self.entries = entries
    }

    /// The route of the entry at `index`, or nil when it was not routed.
    public func route(ofEntryAt index: Int) -> Route? {
        if case .routed(let route) = entries[index].outcome { return routes[route] }
        return nil
    }

    /// Entries by outcome: (routed, queued, rejected).
    public var counts: (routed: Int, queued: Int, rejected: Int) {
        var counts = (routed: 0, queued: 0, rejected: 0)
        for entry in entries {
            switch entry.outcome {
            case .routed: counts.routed += 1
            case .queued: counts.queued += 1
            case .rejected: counts.rejected += 1
            }
        }
        return counts
    }
}
