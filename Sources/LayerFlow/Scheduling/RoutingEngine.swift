/// The routing state of one scheduler, without locking: smooth weighted round-robin counters,
/// KV-cache reservations, requests in flight and the queue.
///
/// `Scheduler` wraps one engine in a mutex; a serving system whose routing runs on a single
/// thread (an event loop) can own an engine directly and skip the lock. Copying an engine copies
/// its state (arrays are copy-on-write); the read-only tables are shared.
public struct RoutingEngine: Sendable {
    let tables: RoutingTables

    /// Smooth weighted round-robin counter of each entry (see `docs/Guides/Scheduling.md`).
    var current: [Int64]
    /// KV-cache tokens reserved on each node by the requests in flight.
    var reserved: [Int]
    /// min over flow-carrying nodes of `kvLimit − reserved`; stale while `headroomIsStale`.
    var minHeadroom: Int
    var headroomIsStale = false
    /// Requests in flight: what to release on `complete`.
    var inFlight: [Int: InFlight] = [:]
    /// Waiting requests, first in first out: `queue[queueHead...]`.
    var queue: [Request] = []
    var queueHead = 0
    var queuedIDs: Set<Int> = []
    /// Entries chosen by the current walk, coordinator first; reused, never reallocated.
    var chosen: [Int32]
    /// Per-request memo of "a route to the coordinator exists from this node under the masks":
    /// valid where `viableStamp[node] == epoch`.
    var viableStamp: [UInt32]
    var viableValue: [Bool]
    var epoch: UInt32 = 0

    struct InFlight: Sendable {
        var route: Route
        var footprint: Int
    }

    /// A queued request that a completion let in, with its route.
    public struct Admission: Sendable, Hashable {
        public var request: Request
        public var route: Route
    }

    /// Builds the tables from the max flow of `placement` under `rule`.
    /// - Throws: `SchedulingError.invalidPlacement`, `.invalidOption`, `.planServesNothing`.
    /// - Complexity: one max-flow solve plus O(V + E log E).
    public init(cluster: Cluster, placement: Placement, rule: ContiguityRule, options: SchedulerOptions = SchedulerOptions()) throws(SchedulingError) {
        self.init(tables: try RoutingTables(cluster: cluster, placement: placement, rule: rule, options: options))
    }

    init(tables: RoutingTables) {
        self.tables = tables
        current = [Int64](repeating: 0, count: tables.entryHead.count)
        reserved = [Int](repeating: 0, count: tables.cluster.nodes.count)
        minHeadroom = tables.activeNodes.map { tables.kvLimit[$0] }.min() ?? .max
        chosen = []
        chosen.reserveCapacity(tables.maxHops + 1)
        viableStamp = [UInt32](repeating: 0, count: tables.cluster.nodes.count)
        viableValue = [Bool](repeating: false, count: tables.cluster.nodes.count)
    }

    /// Routes a request, reserving its KV footprint on every node of the route; or queues it
    /// (KV caches temporarily too full, or earlier requests waiting), or rejects it with a reason.
    /// - Complexity: O(Σ out-degree of the decision points on the route) when no node is near
    ///   its high-water mark; O(V + E) of the flow-carrying graph otherwise (masked walk). One
    ///   allocation (the route's hops) when routed.
    public mutating func route(for request: Request) -> RoutingDecision {
        if let reason = request.invalidLengthReason { return .rejected(reason) }
        if inFlight[request.id] != nil || (queueHead < queue.count && queuedIDs.contains(request.id)) {
            return .rejected(.duplicateID(request.id))
        }
        let footprint = request.footprintTokens
        if footprint > tables.largestAdmissibleFootprint {
            return .rejected(.exceedsRouteCapacity(
                footprintTokens: footprint, largestTokens: tables.largestAdmissibleFootprint))
        }
        let waiting = queue.count - queueHead
        if waiting > 0 { return enqueue(request, reason: .behindQueuedRequests(count: waiting)) }
        if let route = admit(request) { return .routed(route) }
        return enqueue(request, reason: .kvCacheFull(footprintTokens: footprint))
    }

    /// Releases a request's KV reservations (or takes it off the queue, if it was still waiting)
    /// and admits queued requests in arrival order while they fit.
    /// - Returns: the queued requests admitted, in order, with their routes: the caller must send
    ///   each (their KV is reserved), so the result is not discardable.
    /// - Throws: `SchedulingError.unknownRequest` when the id is neither in flight nor queued.
    /// - Complexity: O(route length) plus one `route` per admitted request; O(queue) when a
    ///   waiting request is cancelled.
    public mutating func complete(_ requestID: Int) throws(SchedulingError) -> [Admission] {
        if let request = inFlight.removeValue(forKey: requestID) {
            for hop in request.route.hops { reserved[hop.node] -= request.footprint }
            headroomIsStale = true
        } else if queuedIDs.remove(requestID) != nil {
            if let index = queue[queueHead...].firstIndex(where: { $0.id == requestID }) { queue.remove(at: index) }
        } else {
            throw .unknownRequest(id: requestID)
        }
        return admitQueued()
    }

    /// KV-cache tokens reserved on each node now, by position in `cluster.nodes`.
    public var reservedTokens: [Int] { reserved }
    /// Requests holding reservations.
    public var inFlightCount: Int { inFlight.count }
    /// Requests waiting.
    public var queuedCount: Int { queue.count - queueHead }

    /// Routes `request` if a route has room for it now, reserving its footprint; nil otherwise.
    mutating func admit(_ request: Request) -> Route? {
        let footprint = request.footprintTokens
        guard walk(footprint: footprint, masked: footprint > headroom()) else { return nil }
        let route = chosenRoute()
        for hop in route.hops {
            reserved[hop.node] += footprint
            minHeadroom = min(minHeadroom, tables.kvLimit[hop.node] - reserved[hop.node])
        }
        inFlight[request.id] = InFlight(route: route, footprint: footprint)
        return route
    }

    /// The smallest room left under any flow-carrying node's high-water mark.
    /// - Complexity: O(1), or O(V) after a release.
    mutating func headroom() -> Int {
        if headroomIsStale {
            var smallest = Int.max
            for node in tables.activeNodes { smallest = min(smallest, tables.kvLimit[node] - reserved[node]) }
            minHeadroom = smallest
            headroomIsStale = false
        }
        return minHeadroom
    }

    private mutating func enqueue(_ request: Request, reason: RoutingReason) -> RoutingDecision {
        guard queue.count - queueHead < tables.options.queueLimit else {
            return .rejected(.queueFull(limit: tables.options.queueLimit))
        }
        queue.append(request)
        queuedIDs.insert(request.id)
        return .queued(reason)
    }

    /// Admits waiting requests from the front of the queue until one does not fit (strict FIFO:
    /// a large request at the front is not overtaken, so it cannot starve).
    private mutating func admitQueued() -> [Admission] {
        var admitted: [Admission] = []
        while queueHead < queue.count, let route = admit(queue[queueHead]) {
            let request = queue[queueHead]
            queuedIDs.remove(request.id)
            admitted.append(Admission(request: request, route: route))
            queueHead += 1
        }
        if queueHead == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueHead = 0
        } else if queueHead > 1024, queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return admitted
    }
}
