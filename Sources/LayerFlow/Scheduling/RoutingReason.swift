/// Why a request was queued or rejected rather than routed. Every case carries the numbers that
/// explain it.
public enum RoutingReason: Sendable, Hashable, CustomStringConvertible {
    /// A length is out of range (`promptTokens < 1`, `expectedOutputTokens < 0`, or above 2³¹ − 1).
    case invalidRequest(field: String, value: Int)
    /// Another request with this id is in flight or queued.
    case duplicateID(Int)
    /// The request's KV footprint exceeds what any route could hold even on an idle cluster:
    /// `largestTokens` is the most any route admits under the high-water mark.
    case exceedsRouteCapacity(footprintTokens: Int, largestTokens: Int)
    /// Every route has a node that would pass its high-water mark now; the request waits for
    /// completions to free KV cache.
    case kvCacheFull(footprintTokens: Int)
    /// Earlier requests are waiting; requests are admitted first in, first out.
    case behindQueuedRequests(count: Int)
    /// The queue already holds `SchedulerOptions.queueLimit` requests.
    case queueFull(limit: Int)

    /// A short stable name, for counting reasons and for JSON.
    public var code: String {
        switch self {
        case .invalidRequest: return "invalid-request"
        case .duplicateID: return "duplicate-id"
        case .exceedsRouteCapacity: return "exceeds-route-capacity"
        case .kvCacheFull: return "kv-cache-full"
        case .behindQueuedRequests: return "behind-queued-requests"
        case .queueFull: return "queue-full"
        }
    }

    public var description: String {
        switch self {
        case let .invalidRequest(field, value):
            return "\(field) = \(value) is out of range (promptTokens ≥ 1, expectedOutputTokens ≥ 0, both < 2^31)"
        case let .duplicateID(id):
            return "request id \(id) is already in flight or queued"
        case let .exceedsRouteCapacity(footprint, largest):
            return "needs \(footprint) KV-cache tokens on every node of its route; no route can hold more than \(largest) under the high-water mark"
        case let .kvCacheFull(footprint):
            return "every route has a node whose KV cache would pass the high-water mark with \(footprint) more tokens"
        case let .behindQueuedRequests(count):
            return "\(count) earlier request(s) are waiting (first in, first out)"
        case let .queueFull(limit):
            return "the queue already holds its limit of \(limit) requests"
        }
    }
}

/// What the scheduler did with a request.
public enum RoutingDecision: Sendable, Hashable {
    /// The request has a route and holds KV-cache reservations on its nodes until `complete`.
    case routed(Route)
    /// The request waits in the scheduler's queue; `complete` of another request may admit it.
    case queued(RoutingReason)
    /// The request will not be scheduled; nothing was reserved or queued.
    case rejected(RoutingReason)

    /// The route, when routed.
    public var route: Route? {
        if case .routed(let route) = self { return route }
        return nil
    }
}
