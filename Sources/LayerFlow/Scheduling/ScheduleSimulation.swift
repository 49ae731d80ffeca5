/// A synthetic serving run through a `Scheduler`: routes a backlog of requests, completes them
/// on a virtual clock, and records traffic and KV-cache pressure per node.
///
/// The model (deterministic, no parameters beyond the requests):
/// - **Arrivals.** The requests form an offline backlog: each is offered, in order, as soon as
///   the queue is empty. A request that is queued stops arrivals until completions have
///   admitted every waiting request (Helix's offline example likewise only issues queries while
///   the KV cache has room).
/// - **Completions.** Time counts decode iterations. A request routed at time t finishes at
///   t + 1 + expectedOutputTokens (one prefill iteration, then one token per iteration) and is
///   then passed to `complete`, which may admit queued requests at that instant.
/// - **Accounting.** KV reservations are tracked here from the routes returned, independently of
///   the scheduler, so a reservation above a node's capacity would be caught (`kvWithinCapacity`).
public enum ScheduleSimulation {
    /// One node's traffic and KV pressure over the run.
    public struct NodeReport: Sendable, Hashable, Codable {
        public var id: String
        public var layers: LayerRange?
        /// Routed requests that passed through the node.
        public var requests: Int
        /// Σ footprint (prompt + expected output tokens) of those requests.
        public var tokens: Int
        /// `requests / Σ over nodes of requests` (share of node visits).
        public var trafficShare: Double
        /// `tokens / Σ over nodes of tokens`.
        public var tokenShare: Double
        /// The node's share of the max flow (`ScheduledNode.flowShare`).
        public var flowShare: Double
        /// Most KV-cache tokens reserved on the node at any instant.
        public var kvPeakTokens: Int
        /// The node's KV-cache capacity in tokens; nil: unlimited.
        public var kvCapacityTokens: Int?
        /// ⌊highWaterMark · capacity⌋; nil: unlimited.
        public var kvLimitTokens: Int?
        public var kvCapacitySource: KVCacheCapacity.Source

        private enum CodingKeys: String, CodingKey {
            case id, layers, requests, tokens, trafficShare, tokenShare, flowShare, kvPeakTokens
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
            try container.encode(kvPeakTokens, forKey: .kvPeakTokens)
            try container.encode(kvCapacityTokens, forKey: .kvCapacityTokens)
            try container.encode(kvLimitTokens, forKey: .kvLimitTokens)
            try container.encode(kvCapacitySource, forKey: .kvCapacitySource)
        }
    }

    public struct Report: Sendable {
        public var requests: Int
        /// Routed on arrival.
        public var routed: Int
        /// Queued on arrival (later admitted, unless `stillQueued`).
        public var queued: Int
        public var rejected: Int
        /// Queued requests admitted by a completion.
        public var admittedFromQueue: Int
        /// Queued requests never admitted (0 unless the run got stuck).
        public var stillQueued: Int
        /// Rejections by `RoutingReason.code`.
        public var rejectionsByReason: [String: Int]
        public var maxQueueLength: Int
        public var maxInFlight: Int
        /// Virtual time of the last completion, in decode iterations.
        public var durationIterations: Int
        /// Whether every reservation stayed within its node's capacity.
        public var kvWithinCapacity: Bool
        public var nodes: [NodeReport]
        /// What became of each request, in input order.
        public var table: SchedulingTable
    }

    /// Runs the backlog through `scheduler`, which should have nothing in flight.
    /// - Complexity: O(n · (route cost + log n)).
    public static func run(_ scheduler: Scheduler, requests: [Request]) -> Report {
        var run = Run(scheduler: scheduler, count: requests.count)
        for (index, request) in requests.enumerated() {
            switch scheduler.route(for: request) {
            case .routed(let route):
                run.report.routed += 1
                run.start(request, index: index, route: route)
            case .queued(let reason):
                run.report.queued += 1
                run.waiting[request.id] = index
                run.outcomes[index] = .queued(reason)
                run.report.maxQueueLength = max(run.report.maxQueueLength, run.waiting.count)
                while !run.waiting.isEmpty, run.completeNext(requests) {}
            case .rejected(let reason):
                run.report.rejected += 1
                run.report.rejectionsByReason[reason.code, default: 0] += 1
                run.outcomes[index] = .rejected(reason)
            }
        }
        while run.completeNext(requests) {}
        return run.finish(requests)
    }

    private struct Run {
        let scheduler: Scheduler
        let nodes: [ScheduledNode]
        var report: Report
        var outcomes: [SchedulingTable.Outcome?]
        var routes: [Route?]
        var now = 0
        var completions = CompletionHeap()
        var waiting: [Int: Int] = [:]
        var inFlight: [Int: (route: Route, footprint: Int)] = [:]
        var reserved: [Int]
        var visits: [Int]
        var tokens: [Int]
        var peaks: [Int]

        init(scheduler: Scheduler, count: Int) {
            self.scheduler = scheduler
            nodes = scheduler.nodes
            report = Report(
                requests: count, routed: 0, queued: 0, rejected: 0, admittedFromQueue: 0, stillQueued: 0,
                rejectionsByReason: [:], maxQueueLength: 0, maxInFlight: 0, durationIterations: 0,
                kvWithinCapacity: true, nodes: [], table: SchedulingTable())
            outcomes = Array(repeating: nil, count: count)
            routes = Array(repeating: nil, count: count)
            reserved = Array(repeating: 0, count: nodes.count)
            visits = reserved
            tokens = reserved
            peaks = reserved
        }

        mutating func start(_ request: Request, index: Int, route: Route) {
            let footprint = request.footprintTokens
            routes[index] = route
            inFlight[request.id] = (route, footprint)
            report.maxInFlight = max(report.maxInFlight, inFlight.count)
            for hop in route.hops {
                reserved[hop.node] += footprint
                peaks[hop.node] = max(peaks[hop.node], reserved[hop.node])
                if let capacity = nodes[hop.node].kvCapacity.tokens, reserved[hop.node] > capacity {
                    report.kvWithinCapacity = false
                }
                visits[hop.node] += 1
                tokens[hop.node] += footprint
            }
            completions.push(time: now + 1 + request.expectedOutputTokens, id: request.id)
        }

        /// Completes the earliest request in flight and starts what that admits; false when
        /// nothing is in flight.
        mutating func completeNext(_ requests: [Request]) -> Bool {
            guard let event = completions.pop() else { return false }
            now = max(now, event.time)
            if let finished = inFlight.removeValue(forKey: event.id) {
                for hop in finished.route.hops { reserved[hop.node] -= finished.footprint }
            }
            guard let admitted = try? scheduler.complete(event.id) else { return true }
            for admission in admitted {
                guard let index = waiting.removeValue(forKey: admission.request.id) else { continue }
                report.admittedFromQueue += 1
                start(requests[index], index: index, route: admission.route)
            }
            return true
        }

        mutating func finish(_ requests: [Request]) -> Report {
            report.durationIterations = now
            report.stillQueued = waiting.count
            var builder = SchedulingTableBuilder(capacity: requests.count)
            for (index, request) in requests.enumerated() {
                if let route = routes[index] {
                    builder.append(request, route: route)
                } else {
                    builder.append(request, outcome: outcomes[index] ?? .rejected(.queueFull(limit: 0)))
                }
            }
            report.table = builder.table
            let totalVisits = max(1, visits.reduce(0, +))
            let totalTokens = max(1, tokens.reduce(0, +))
            report.nodes = nodes.map { node in
                NodeReport(
                    id: node.id, layers: node.layers, requests: visits[node.index], tokens: tokens[node.index],
                    trafficShare: Double(visits[node.index]) / Double(totalVisits),
                    tokenShare: Double(tokens[node.index]) / Double(totalTokens), flowShare: node.flowShare,
                    kvPeakTokens: peaks[node.index], kvCapacityTokens: node.kvCapacity.tokens,
                    kvLimitTokens: node.kvLimitTokens, kvCapacitySource: node.kvCapacity.source)
            }
            return report
        }
    }
}

/// A binary min-heap of completions by (time, insertion order).
private struct CompletionHeap {
    private var items: [(time: Int, sequence: Int, id: Int)] = []
    private var sequence = 0

    mutating func push(time: Int, id: Int) {
        items.append((time, sequence, id))
        sequence += 1
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (time: Int, id: Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                var smallest = parent
                for child in (2 * parent + 1)...(2 * parent + 2) where child < items.count {
                    if Self.precedes(items[child], items[smallest]) { smallest = child }
                }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return (top.time, top.id)
    }

    private static func precedes(_ a: (time: Int, sequence: Int, id: Int), _ b: (time: Int, sequence: Int, id: Int)) -> Bool {
        (a.time, a.sequence) < (b.time, b.sequence)
    }
}
