import LayerFlow
import Testing

/// KV-cache admission: reservations never pass capacity, requests that must wait are queued and
/// admitted in order, requests that can never fit are rejected, and nothing is dropped.
@Suite("Scheduling: KV-cache admission")
struct SchedulingKVAdmissionTests {
    /// A saturated backlog on single24 whose footprint is many times the cluster's KV cache, with
    /// some requests larger than any route can hold, driven through the live scheduler (offered in
    /// order; when one must wait, the earliest-finishing request in flight completes until the queue
    /// is empty). The serving simulator drives the scheduler in time (`--routing layerflow`); this
    /// checks the scheduler's own books: never above a limit, FIFO admission, every request
    /// accounted for.
    @Test func saturatedBacklogNeverOverfillsAndAccountsForEveryRequest() throws {
        let (cluster, placement) = try SchedulingFixtures.single24Plan()
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        let largest = try #require(scheduler.largestAdmissibleFootprintTokens)
        var requests = RequestLengths.synthetic(count: 20_000, seed: 11)
        for index in stride(from: 0, to: requests.count, by: 997) {
            requests[index].promptTokens = largest + 1  // can never fit
        }
        // Every request in flight holds its footprint on one first-stage node, so the first
        // stage's KV caches bound the tokens in flight; the backlog needs many times that.
        let firstStage = try #require(scheduler.nextHopTables().first).nextHops.compactMap(\.to.nodeID)
        let firstStageTokens = scheduler.nodes.filter { firstStage.contains($0.id) }.compactMap(\.kvCapacity.tokens).reduce(0, +)
        let backlogTokens = requests.reduce(0) { $0 + $1.footprintTokens }
        #expect(backlogTokens > 5 * firstStageTokens, "the backlog must exceed what the KV caches hold at once")

        var run = Backlog(scheduler: scheduler)
        run.offer(requests)

        #expect(run.routed + run.queued + run.rejected == requests.count)
        #expect(run.queued > 0, "KV pressure should make requests wait")
        #expect(run.admittedFromQueue == run.queued)
        #expect(run.rejected == (requests.count + 996) / 997)
        #expect(run.rejections.allSatisfy { $0.reason == .exceedsRouteCapacity(footprintTokens: $0.footprint, largestTokens: largest) })
        #expect(run.admissionOrderWasFIFO)
        for node in scheduler.nodes {
            if let limit = node.kvLimitTokens {
                #expect(run.peaks[node.index] <= limit, "\(node.id): peak \(run.peaks[node.index]) above its high-water limit \(limit)")
            }
            if let capacity = node.kvCapacity.tokens { #expect(run.peaks[node.index] <= capacity) }
        }
        #expect(scheduler.nodes.contains { node in node.kvLimitTokens.map { run.peaks[node.index] * 10 >= $0 * 9 } ?? false },
                "some node should run near its high-water mark")
        // Everything completed: nothing left reserved.
        let snapshot = scheduler.snapshot()
        #expect(snapshot.reservedTokens.allSatisfy { $0 == 0 })
        #expect(snapshot.inFlight == 0 && snapshot.queued == 0)
    }

    /// The backlog driver of `saturatedBacklogNeverOverfillsAndAccountsForEveryRequest`: time counts
    /// iterations; a request routed at t finishes at t + 1 + its expected output; reservations are
    /// booked here from the routes returned, independently of the scheduler.
    private struct Backlog {
        let scheduler: Scheduler
        var routed = 0
        var queued = 0
        var rejected = 0
        var admittedFromQueue = 0
        var rejections: [(footprint: Int, reason: RoutingReason)] = []
        var admissionOrderWasFIFO = true
        var peaks: [Int]
        private var reserved: [Int]
        private var now = 0
        private var inFlight: [Int: (finish: Int, route: Route, footprint: Int)] = [:]
        private var waiting: [Int] = []
        private var byID: [Int: Request] = [:]

        init(scheduler: Scheduler) {
            self.scheduler = scheduler
            peaks = [Int](repeating: 0, count: scheduler.nodes.count)
            reserved = peaks
        }

        mutating func offer(_ requests: [Request]) {
            for request in requests {
                byID[request.id] = request
                switch scheduler.route(for: request) {
                case .routed(let route):
                    routed += 1
                    start(request, route)
                case .queued:
                    queued += 1
                    waiting.append(request.id)
                    while !waiting.isEmpty, completeNext() {}
                case .rejected(let reason):
                    rejected += 1
                    rejections.append((request.footprintTokens, reason))
                }
            }
            while completeNext() {}
        }

        private mutating func start(_ request: Request, _ route: Route) {
            inFlight[request.id] = (now + 1 + request.expectedOutputTokens, route, request.footprintTokens)
            for hop in route.hops {
                reserved[hop.node] += request.footprintTokens
                peaks[hop.node] = max(peaks[hop.node], reserved[hop.node])
            }
        }

        /// Completes the earliest finisher (lowest id on ties); false when nothing is in flight.
        private mutating func completeNext() -> Bool {
            guard let (id, entry) = inFlight.min(by: { ($0.value.finish, $0.key) < ($1.value.finish, $1.key) }) else { return false }
            inFlight[id] = nil
            now = max(now, entry.finish)
            for hop in entry.route.hops { reserved[hop.node] -= entry.footprint }
            for admission in (try? scheduler.complete(id)) ?? [] {
                if waiting.first != admission.request.id { admissionOrderWasFIFO = false }
                waiting.removeAll { $0 == admission.request.id }
                admittedFromQueue += 1
                start(byID[admission.request.id] ?? admission.request, admission.route)
            }
            return true
        }
    }

    /// A two-node pipeline with known capacities: fill, queue, release in order.
    @Test func queuesWhenFullAndAdmitsFirstInFirstOutOnCompletion() throws {
        let (cluster, placement) = try SchedulingKVAdmissionTests.pipeline(kvTokensPerLayer: 1000)
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict, options: SchedulerOptions(highWaterMark: 0.9))
        #expect(scheduler.largestAdmissibleFootprintTokens == 900)
        #expect(scheduler.route(for: Request(id: 1, promptTokens: 500, expectedOutputTokens: 100)).route != nil)
        #expect(scheduler.route(for: Request(id: 2, promptTokens: 400, expectedOutputTokens: 0)) == .queued(.kvCacheFull(footprintTokens: 400)))
        // Small enough to fit, but FIFO: it waits behind request 2.
        #expect(scheduler.route(for: Request(id: 3, promptTokens: 100, expectedOutputTokens: 0)) == .queued(.behindQueuedRequests(count: 1)))
        #expect(scheduler.route(for: Request(id: 4, promptTokens: 901, expectedOutputTokens: 0))
            == .rejected(.exceedsRouteCapacity(footprintTokens: 901, largestTokens: 900)))
        #expect(scheduler.route(for: Request(id: 2, promptTokens: 1, expectedOutputTokens: 0)) == .rejected(.duplicateID(2)))
        #expect(scheduler.route(for: Request(id: 5, promptTokens: 0, expectedOutputTokens: 0))
            == .rejected(.invalidRequest(field: "promptTokens", value: 0)))
        #expect(scheduler.snapshot().reservedTokens == [600, 600])

        let admitted = try scheduler.complete(1)
        #expect(admitted.map(\.request.id) == [2, 3])
        #expect(scheduler.snapshot().reservedTokens == [500, 500])
        #expect(scheduler.snapshot().queued == 0)
        #expect(throws: SchedulingError.unknownRequest(id: 1)) { try scheduler.complete(1) }
        _ = try scheduler.complete(2)
        _ = try scheduler.complete(3)
        #expect(scheduler.snapshot().reservedTokens == [0, 0])
    }

    @Test func queueLimitRejectsWithAReasonAndCancellingAQueuedRequestFreesItsPlace() throws {
        let (cluster, placement) = try SchedulingKVAdmissionTests.pipeline(kvTokensPerLayer: 1000)
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict, options: SchedulerOptions(queueLimit: 1))
        #expect(scheduler.route(for: Request(id: 1, promptTokens: 800, expectedOutputTokens: 0)).route != nil)
        #expect(scheduler.route(for: Request(id: 2, promptTokens: 800, expectedOutputTokens: 0)) == .queued(.kvCacheFull(footprintTokens: 800)))
        #expect(scheduler.route(for: Request(id: 3, promptTokens: 10, expectedOutputTokens: 0)) == .rejected(.queueFull(limit: 1)))
        #expect(try scheduler.complete(2).isEmpty)  // cancels the queued request
        #expect(scheduler.snapshot().queued == 0)
        #expect(scheduler.route(for: Request(id: 3, promptTokens: 10, expectedOutputTokens: 0)).route != nil)
    }

    /// A KV mask steers around a full node: two parallel first stages, one filled by a long request.
    @Test func maskedHopsAreSkippedAndTheRoundRobinContinuesOverTheRest() throws {
        let (cluster, placement) = try Self.twoWide(kvTokensPerLayer: 1000)
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict, options: SchedulerOptions(highWaterMark: 1))
        let first = try #require(scheduler.route(for: Request(id: 0, promptTokens: 990, expectedOutputTokens: 0)).route)
        let full = first.hops[0].node
        for id in 1...20 {
            let route = try #require(scheduler.route(for: Request(id: id, promptTokens: 20, expectedOutputTokens: 0)).route)
            #expect(route.hops[0].node != full, "request \(id) went to the full node")
            _ = try scheduler.complete(id)
        }
        _ = try scheduler.complete(0)
        var firstHops = Set<Int>()
        for id in 21...24 {
            firstHops.insert(try #require(scheduler.route(for: Request(id: id, promptTokens: 20, expectedOutputTokens: 0)).route).hops[0].node)
            _ = try scheduler.complete(id)
        }
        #expect(firstHops.count == 2, "after release both first stages are used again")
    }

    @Test func capacityComesFromTheProfileTheMemoryOrNowhere() throws {
        let cluster = try SchedulingFixtures.single24()
        let a100 = try #require(cluster.nodes.indices.first { cluster.gpuType(ofNodeAt: $0).name == "A100" })
        let profiled = KVCacheCapacity.of(nodeAt: a100, layers: 8, in: cluster)
        // Helix's A100 figure for 8 layers: 5,048,576 token·layer slots.
        #expect(profiled == KVCacheCapacity(tokens: 5_048_576 / 8, source: .profiled))

        let (pipeline, _) = try SchedulingKVAdmissionTests.pipeline(kvTokensPerLayer: nil, kvBytesPerTokenPerLayer: 1e6)
        // 40 GB − 2 layers × 4 GB = 32 GB over 1 MB per token per layer × 2 layers.
        #expect(KVCacheCapacity.of(nodeAt: 0, layers: 2, in: pipeline) == KVCacheCapacity(tokens: 16_000, source: .memory))
        let (unknown, unknownPlacement) = try SchedulingKVAdmissionTests.pipeline(kvTokensPerLayer: nil)
        #expect(KVCacheCapacity.of(nodeAt: 0, layers: 2, in: unknown) == KVCacheCapacity(tokens: nil, source: .unlimited))
        let unlimited = try Scheduler(cluster: unknown, placement: unknownPlacement, rule: .strict)
        #expect(unlimited.largestAdmissibleFootprintTokens == nil)
        #expect(unlimited.route(for: Request(id: 1, promptTokens: 1_000_000_000, expectedOutputTokens: 0)).route != nil)
    }

    @Test func badOptionsAndEmptyPlansAreRefusedByName() throws {
        let (cluster, placement) = try SchedulingKVAdmissionTests.pipeline(kvTokensPerLayer: 1000)
        #expect(throws: SchedulingError.invalidOption(name: "highWaterMark", value: "1.5")) {
            try Scheduler(cluster: cluster, placement: placement, rule: .strict, options: SchedulerOptions(highWaterMark: 1.5))
        }
        #expect(throws: SchedulingError.planServesNothing) {
            try Scheduler(cluster: cluster, placement: Placement(["a": LayerRange(0, 2)]), rule: .strict)
        }
        #expect(throws: SchedulingError.invalidPlacement(.unknownNode(id: "zz"))) {
            try Scheduler(cluster: cluster, placement: Placement(["zz": LayerRange(0, 2)]), rule: .strict)
        }
    }

    // MARK: - Fixtures

    static func gpu(kvTokensPerLayer: Int?) -> GPUType {
        GPUType(name: "g", vramBytes: 40e9, nicInBytesPerSecond: 1e9, nicOutBytesPerSecond: 1e9, maxLayers: 4,
                throughputTokensPerSecondByLayerCount: [4000, 2000, 1300, 1000],
                kvCacheTokenLayersByLayerCount: kvTokensPerLayer.map { tokens in (1...4).map { Double($0 * tokens) } })
    }

    static func model(kvBytesPerTokenPerLayer: Double? = nil) -> ModelSpec {
        ModelSpec(name: "toy", layerCount: 4, parameterBytesPerLayer: 4e9, activationBytesPerToken: 8192, tokenBytes: 2,
                  kvCacheBytesPerTokenPerLayer: kvBytesPerTokenPerLayer)
    }

    static func link(_ from: Endpoint, _ to: Endpoint) -> Link { Link(from: from, to: to, bandwidthBytesPerSecond: 1e9) }

    /// coordinator → a[0, 2) → b[2, 4) → coordinator.
    static func pipeline(kvTokensPerLayer: Int?, kvBytesPerTokenPerLayer: Double? = nil) throws -> (Cluster, Placement) {
        let cluster = try Cluster(
            name: "pipeline", model: model(kvBytesPerTokenPerLayer: kvBytesPerTokenPerLayer),
            gpuTypes: [gpu(kvTokensPerLayer: kvTokensPerLayer)],
            nodes: [ComputeNode(id: "a", type: "g"), ComputeNode(id: "b", type: "g")],
            links: [link(.coordinator, .node("a")), link(.node("a"), .node("b")), link(.node("b"), .coordinator)])
        return (cluster, Placement(["a": LayerRange(0, 2), "b": LayerRange(2, 4)]))
    }

    /// A type fast enough and with KV cache enough never to limit: the second stage of `twoWide`.
    static let wide = GPUType(
        name: "wide", vramBytes: 40e9, nicInBytesPerSecond: 1e9, nicOutBytesPerSecond: 1e9, maxLayers: 4,
        throughputTokensPerSecondByLayerCount: [8000, 8000, 8000, 8000],
        kvCacheTokenLayersByLayerCount: (1...4).map { Double($0 * 1_000_000) })

    /// Two equal first stages a1, a2 [0, 2) feeding one wide second stage b [2, 4): both first
    /// stages are saturated in every max flow.
    static func twoWide(kvTokensPerLayer: Int) throws -> (Cluster, Placement) {
        let cluster = try Cluster(
            name: "two-wide", model: model(), gpuTypes: [gpu(kvTokensPerLayer: kvTokensPerLayer), wide],
            nodes: [ComputeNode(id: "a1", type: "g"), ComputeNode(id: "a2", type: "g"), ComputeNode(id: "b", type: "wide")],
            links: [link(.coordinator, .node("a1")), link(.coordinator, .node("a2")), link(.node("a1"), .node("b")),
                    link(.node("a2"), .node("b")), link(.node("b"), .coordinator)])
        return (cluster, Placement(["a1": LayerRange(0, 2), "a2": LayerRange(0, 2), "b": LayerRange(2, 4)]))
    }
}
