import Synchronization

/// Turns a plan (cluster + placement + contiguity rule) into per-request routes, Helix-style:
/// traffic is split by interleaved (smooth) weighted round robin over the max-flow arc flows, so
/// in the long run every node gets its share of the flow and none is pushed past its capacity;
/// KV-cache reservations mask out nodes near their high-water mark; requests that must wait are
/// queued and admitted first in, first out as others complete.
///
/// Safe to share between threads: the mutable state sits behind one `Mutex` (see the guide for
/// its measured cost); `table(for:)`, `nextHopTables()` and `nodes` read only immutable tables
/// and take no lock.
///
/// ```swift
/// let scheduler = try Scheduler(plan: plan, cluster: cluster)
/// if case .routed(let route) = scheduler.route(for: Request(id: 1, promptTokens: 700, expectedOutputTokens: 200)) {
///     print(route.description(in: cluster))
/// }
/// for admission in try scheduler.complete(1) {   // queued requests that now fit: send them
///     print(admission.request.id, admission.route.description(in: cluster))
/// }
/// ```
public final class Scheduler: Sendable {
    private let state: Mutex<RoutingEngine>
    /// An engine in its initial state, for the lock-free read-only calls.
    private let idle: RoutingEngine

    /// Solves the max flow of `placement` and builds the routing tables.
    /// - Throws: `SchedulingError.invalidPlacement` (the placement does not fit the cluster),
    ///   `.invalidOption` (high-water mark outside (0, 1], negative queue limit),
    ///   `.planServesNothing` (max flow 0).
    /// - Complexity: one max-flow solve plus O(V + E log E).
    public init(cluster: Cluster, placement: Placement, rule: ContiguityRule, options: SchedulerOptions = SchedulerOptions()) throws(SchedulingError) {
        let engine = try RoutingEngine(cluster: cluster, placement: placement, rule: rule, options: options)
        idle = engine
        state = Mutex(engine)
    }

    /// Routes a request and reserves its KV footprint on its route, or queues or rejects it;
    /// see `RoutingEngine.route(for:)`.
    /// - Complexity: as `RoutingEngine.route(for:)`, plus one uncontended lock.
    public func route(for request: Request) -> RoutingDecision {
        state.withLock { $0.route(for: request) }
    }

    /// Releases a finished request's reservations (or cancels a queued one) and admits waiting
    /// requests in order while they fit.
    /// - Returns: the admitted requests and their routes. This is the only place a queued request
    ///   gets its route (its KV is already reserved on it), so the caller must send each one;
    ///   the result cannot be discarded silently.
    /// - Throws: `SchedulingError.unknownRequest`.
    public func complete(_ requestID: Int) throws(SchedulingError) -> [RoutingEngine.Admission] {
        try state.withLock { (engine: inout RoutingEngine) throws(SchedulingError) -> [RoutingEngine.Admission] in
            try engine.complete(requestID)
        }
    }

    /// The offline request → route table for a batch: reserves and releases nothing and does not
    /// touch the live state; see `RoutingEngine.table(for:)`.
    public func table(for requests: [Request]) -> SchedulingTable { idle.table(for: requests) }

    /// How the offline table for `requests` spreads over the nodes, in memory that does not grow
    /// with the requests; see `RoutingEngine.traffic(for:)`.
    public func traffic<Requests: Sequence<Request>>(for requests: Requests) -> SchedulingTraffic {
        idle.traffic(for: requests)
    }

    /// Per-decision-point next hops and weights; see `RoutingEngine.nextHopTables()`.
    public func nextHopTables() -> [NextHopTable] { idle.nextHopTables() }

    /// Every node with its flow share and KV capacity, in cluster order.
    public var nodes: [ScheduledNode] { idle.nodes }
    public var cluster: Cluster { idle.cluster }
    public var rule: ContiguityRule { idle.rule }
    public var options: SchedulerOptions { idle.options }
    public var maxFlowTokensPerSecond: Double { idle.maxFlowTokensPerSecond }
    public var largestAdmissibleFootprintTokens: Int? { idle.largestAdmissibleFootprintTokens }

    /// The live state at one instant.
    public struct Snapshot: Sendable, Hashable {
        /// KV-cache tokens reserved on each node, by position in `cluster.nodes`.
        public var reservedTokens: [Int]
        /// The same reservations keyed by node id.
        public var reservedTokensByNodeID: [String: Int]
        public var inFlight: Int
        public var queued: Int
    }

    /// Reservations, requests in flight and queue length, read under the lock.
    /// - Complexity: O(V).
    public func snapshot() -> Snapshot {
        let (reserved, inFlight, queued) = state.withLock { ($0.reservedTokens, $0.inFlightCount, $0.queuedCount) }
        let ids = idle.cluster.nodes.map(\.id)
        return Snapshot(
            reservedTokens: reserved, reservedTokensByNodeID: Dictionary(uniqueKeysWithValues: zip(ids, reserved)),
            inFlight: inFlight, queued: queued)
    }
}

extension Scheduler {
    /// The scheduler of a planner's answer on `cluster` (the cluster it was planned for), under
    /// the contiguity rule it was planned with.
    /// - Throws: as `init(cluster:placement:rule:options:)`.
    public convenience init(plan: PlanResult, cluster: Cluster, options: SchedulerOptions = SchedulerOptions()) throws(SchedulingError) {
        try self.init(cluster: cluster, placement: plan.placement, rule: plan.provenance.options.rule, options: options)
    }
}
