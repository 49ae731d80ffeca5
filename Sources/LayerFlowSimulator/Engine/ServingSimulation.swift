import LayerFlow

/// The discrete-event run of one plan under one workload: Helix's entities and handlers
/// (HELIX-SIMULATOR.md §2), with every event ordered by (time, creation order).
///
/// Handlers create their follow-up events in the same order as Helix's, so ties resolve the same
/// way. All state lives in flat arrays indexed by node, link and query position.
struct ServingSimulation {
    /// The placement serving now: fixed for a run, except that the memory-pressure policy switches
    /// between its two prepared configurations (`ServingSimulation+Pressure.swift`).
    var cluster: SimulatedCluster
    let options: SimulationOptions
    let workload: Workload

    var queue = EventQueue()
    var now = 0.0
    private(set) var events = 0
    var router: HelixFlowRouter
    /// Set when routing by LayerFlow's scheduler; Helix's router then only keeps the expected-KV
    /// view the offline feeder reads.
    var layerFlowRouter: LayerFlowRouter?
    var queued = 0
    var nodes: [NodeState]
    var linkInFlight: [Int]
    var linkClaim: [UInt64]
    private var claimStamp: UInt64 = 0
    private var sentPositions: [Int] = []
    /// Batch stamp of each query, to drop a batch from its queue without a search.
    private var batchMark: [UInt64] = []
    private var batchStamp: UInt64 = 0
    var coordinatorOutbound: [Int] = []
    private var sinkInbox: [Int] = []
    var queries: [QueryState] = []
    var metrics: MetricsRecorder
    var inFlight = 0
    private(set) var issued = 0
    private(set) var completed = 0
    var rejected = 0
    private(set) var kvOverflows = 0

    // Workload feeding.
    private var nextArrival = 0
    private var nextLength = 0
    private var lengthGenerator: SeededGenerator?
    private let endTime: Double
    private let feedUntil: Double
    /// Iterations sent and not yet back at the coordinator.
    var inNetwork = 0
    /// The memory-pressure policy's state; nil when it is off (the run is then Helix's exactly).
    var pressure: PressureRuntime?

    init(
        cluster: SimulatedCluster, workload: Workload, options: SimulationOptions, layerFlowRouter: LayerFlowRouter? = nil,
        pressure: PressureRuntime? = nil
    ) {
        self.cluster = cluster
        self.pressure = pressure
        self.layerFlowRouter = layerFlowRouter
        self.options = options
        self.workload = workload
        let expected = ExpectedKV(
            cluster: cluster, highWaterMark: options.expectedKVHighWaterMark,
            averageOutputTokens: options.averageOutputTokens, outputLengthRatio: options.expectedOutputLengthRatio)
        router = HelixFlowRouter(cluster: cluster, expected: expected)
        let queueCount: (SimulatedCluster.Node) -> Int = { options.execution == .wholeStage ? 1 : $0.range.count }
        nodes = cluster.nodes.map { NodeState(queueCount: queueCount($0)) }
        linkInFlight = [Int](repeating: 0, count: cluster.links.count)
        linkClaim = [UInt64](repeating: 0, count: cluster.links.count)
        let start = cluster.serveStartSeconds
        switch workload {
        case .offline(let offline):
            metrics = MetricsRecorder(
                serveStart: start, warmup: offline.warmupSeconds, window: offline.windowSeconds,
                interval: options.timeSeriesIntervalSeconds)
            endTime = start + offline.warmupSeconds + offline.windowSeconds
            feedUntil = endTime
            if case .sampled(_, let seed) = offline.lengths { lengthGenerator = SeededGenerator(seed: seed) }
        case .online(let online):
            metrics = MetricsRecorder(
                serveStart: start, warmup: online.warmupSeconds, window: online.windowSeconds,
                interval: options.timeSeriesIntervalSeconds)
            endTime = .infinity
            feedUntil = .infinity
        }
    }

    // MARK: - Running

    /// Issues the workload's opening queries; call once before `step`.
    mutating func start() {
        now = cluster.serveStartSeconds
        metrics.inFlightChanged(at: now, to: 0)
        if case .offline(let offline) = workload {
            for index in 0..<offline.initialQueries {
                guard issueOfflineQuery(at: cluster.serveStartSeconds + Double(index) * offline.initialSpacingSeconds) else { break }
            }
        }
    }

    /// Whether an event remains before the end of the run.
    var isFinished: Bool {
        if case .online(let online) = workload, nextArrival < online.arrivals.count { return false }
        guard let next = queue.nextTime else { return true }
        return next >= endTime
    }

    /// Processes up to `limit` events; returns how many ran.
    mutating func step(limit: Int) -> Int {
        var ran = 0
        while ran < limit {
            feedOnlineArrival()
            guard var next = queue.nextTime, next < endTime else { break }
            if pressure != nil {
                // The trigger's observations up to the next event; a decision may schedule one sooner.
                observePressure(before: next)
                guard let rescheduled = queue.nextTime, rescheduled < endTime else { break }
                next = rescheduled
            }
            while metrics.nextSampleTime <= next { takeSample() }
            guard let event = queue.pop() else { break }
            now = event.time
            handle(event)
            ran += 1
        }
        events += ran
        return ran
    }

    /// Like Helix's online feeder, the next arrival's event is created only once every earlier
    /// event has run, so its creation order (and hence tie-breaking) is the same.
    private mutating func feedOnlineArrival() {
        guard case .online(let online) = workload, nextArrival < online.arrivals.count else { return }
        let arrival = online.arrivals[nextArrival]
        let time = cluster.serveStartSeconds + arrival.timeSeconds
        if let next = queue.nextTime, next < time { return }
        nextArrival += 1
        issueQuery(arrival.shape, at: time)
    }

    private mutating func handle(_ event: SimulationEvent) {
        switch event.kind {
        case .newIteration: newIteration(query: Int(event.a))
        case .startTransmission: startTransmission(sender: Int(event.a))
        case .finishSending: finishSending(link: Int(event.a), query: Int(event.b))
        case .finishTransmission: finishTransmission(link: Int(event.a), query: Int(event.b))
        case .gatherFinished: gatherFinished()
        case .startExecution: startExecution(node: Int(event.a))
        case .finishExecution: finishExecution(node: Int(event.a))
        case .pressureReloaded: pressureReloaded()
        case .pressureSwitch: pressureSwitch()
        }
    }

    // MARK: - Queries

    @discardableResult
    private mutating func issueQuery(_ shape: RequestShape, at time: Double) -> Int {
        let index = queries.count
        queries.append(QueryState(shape: shape, issuedAt: time, arrivedAt: time))
        batchMark.append(0)
        queue.schedule(.newIteration, at: time, Int32(index))
        return index
    }

    /// Draws the next offline query's lengths; false when a fixed sequence has run out.
    private mutating func issueOfflineQuery(at time: Double) -> Bool {
        guard case .offline(let offline) = workload else { return false }
        switch offline.lengths {
        case .sequence(let shapes):
            guard nextLength < shapes.count else { return false }
            issueQuery(shapes[nextLength], at: time)
            nextLength += 1
        case .sampled(let pool, _):
            guard !pool.isEmpty, var generator = lengthGenerator else { return false }
            let shape = pool[Int.random(in: 0..<pool.count, using: &generator)]
            lengthGenerator = generator
            issueQuery(shape, at: time)
        }
        return true
    }

    /// Helix's `CommandNewRequest`: route a prompt (or follow the route for a decode step) and hand
    /// the iteration to the coordinator's sender.
    private mutating func newIteration(query index: Int) {
        if queries[index].inPrompt {
            if pressure?.holdsPrompts == true {
                pressure?.heldPrompts.append(index)
                return
            }
            issued += 1
            guard admitPrompt(index) else { return }
        } else if layerFlowRouter == nil {
            router.routeDecode(queries[index].route, cluster: cluster)
        }
        send(index)
    }

    /// Routes a prompt; false when it is rejected, or queued by LayerFlow's scheduler.
    private mutating func admitPrompt(_ index: Int) -> Bool {
        let input = queries[index].shape.inputTokens
        let route: [RouteStage]
        if let layerFlowRouter {
            switch layerFlowRouter.route(query: index, inputTokens: input, cluster: cluster) {
            case .routed(let stages): route = stages
            case .queued:
                queued += 1
                pressureQueued(index)
                return false
            case .rejected:
                queries[index].phase = .rejected
                rejected += 1
                return false
            }
            router.reserveExpected(route, inputTokens: input)
        } else {
            guard let stages = router.routePrompt(inputTokens: input, cluster: cluster) else {
                queries[index].phase = .rejected
                rejected += 1
                return false
            }
            route = stages
        }
        activate(index, route: route)
        return true
    }

    mutating func activate(_ index: Int, route: [RouteStage]) {
        if queries[index].queued { pressureAdmitted(index) }
        queries[index].route = route
        queries[index].phase = .active
        inFlight += 1
        metrics.inFlightChanged(at: now, to: inFlight)
    }

    /// Hands the query's iteration to the coordinator's sender.
    mutating func send(_ index: Int) {
        if pressure?.holdsIterations == true {
            pressure?.heldSends.append(index)
            return
        }
        inNetwork += 1
        queries[index].hop = 0
        coordinatorOutbound.append(index)
        queue.schedule(.startTransmission, at: now, EventQueue.coordinator)
    }

    // MARK: - Network

    /// For each idle out-link, send the first waiting iteration whose next hop it is (Helix's
    /// `schedule_transmission`: one request per transfer, a link carries one transfer at a time).
    private mutating func startTransmission(sender: Int) {
        // Take the list out of its owner so it stays uniquely referenced: removals are in place.
        var waiting: [Int] = []
        if sender == SimulatedCluster.coordinator { swap(&waiting, &coordinatorOutbound) } else { swap(&waiting, &nodes[sender].outbound) }
        defer {
            if sender == SimulatedCluster.coordinator { swap(&waiting, &coordinatorOutbound) } else { swap(&waiting, &nodes[sender].outbound) }
        }
        guard !waiting.isEmpty else { return }
        // Links are marked with a fresh stamp instead of a set: no hashing, no allocation.
        claimStamp &+= 1
        let degree = sender == SimulatedCluster.coordinator
            ? cluster.coordinatorOutLinks.count : cluster.nodes[sender].outLinks.count
        var claimed = 0
        sentPositions.removeAll(keepingCapacity: true)
        for (position, query) in waiting.enumerated() {
            let link = queries[query].route[queries[query].hop].link
            if linkClaim[link] == claimStamp { continue }
            linkClaim[link] = claimStamp
            claimed += 1
            if linkInFlight[link] == 0 { sentPositions.append(position) }
            if claimed == degree { break }
        }
        for position in sentPositions {
            let query = waiting[position]
            let stage = queries[query].route[queries[query].hop]
            let link = cluster.links[stage.link]
            let bytes = Double(queries[query].iterationTokens) * link.bytesPerToken
            let duration = link.latencySeconds + bytes / stage.bandwidth
            linkInFlight[stage.link] += 1
            queries[query].hop += 1
            // Helix computes the end of sending as now + duration − latency; kept for identical ties.
            queue.schedule(.finishSending, at: now + duration - link.latencySeconds, Int32(stage.link), Int32(query))
        }
        for position in sentPositions.reversed() { waiting.remove(at: position) }
    }

    private mutating func finishSending(link: Int, query: Int) {
        linkInFlight[link] -= 1
        let info = cluster.links[link]
        queue.schedule(.startTransmission, at: now, Int32(info.from))
        queue.schedule(.finishTransmission, at: now + info.latencySeconds, Int32(link), Int32(query))
    }

    private mutating func finishTransmission(link: Int, query: Int) {
        let receiver = cluster.links[link].to
        if receiver == SimulatedCluster.coordinator {
            sinkInbox.append(query)
            queue.schedule(.gatherFinished, at: now)
        } else {
            nodes[receiver].queues[0].append(query)
            nodes[receiver].receivedTokens += queries[query].iterationTokens
            queue.schedule(.startExecution, at: now, Int32(receiver))
        }
    }

    // MARK: - Execution

    /// Forms a batch for the node's current layer from its queue in FIFO order, skipping what does
    /// not fit the per-batch limits (no head-of-line blocking), and starts it.
    private mutating func startExecution(node index: Int) {
        guard !nodes[index].busy else { return }
        if nodes[index].queues[nodes[index].current].isEmpty { nodes[index].marchToNextLayer() }
        let position = nodes[index].current
        let waiting = nodes[index].queues[position]
        guard !waiting.isEmpty else { return }
        let limits = cluster.nodes[index].limits
        var batch: [Int] = []
        batchStamp &+= 1
        var prompts = 0, promptTokens = 0, decodes = 0, context = 0
        for query in waiting {
            let state = queries[query]
            if state.inPrompt {
                if prompts + 1 <= limits.promptMaxRequests && promptTokens + state.shape.inputTokens <= limits.promptMaxTokens {
                    batch.append(query)
                    batchMark[query] = batchStamp
                    prompts += 1
                    promptTokens += state.shape.inputTokens
                }
            } else if decodes + 1 <= limits.decodeMaxSequences && context + state.contextTokens <= limits.decodeMaxContextTokens {
                batch.append(query)
                batchMark[query] = batchStamp
                decodes += 1
                context += state.contextTokens
            }
        }
        guard !batch.isEmpty else { return }
        var duration = layerTime(node: index, promptTokens: promptTokens, decodes: decodes)
        if options.execution == .wholeStage { duration *= Double(cluster.nodes[index].range.count) }
        if position == 0 {
            let bytes = Double(nodes[index].receivedTokens) * cluster.activationBytes
            duration += bytes * options.firstLayerOverheadSecondsPerByte
            nodes[index].receivedTokens = 0
        }
        nodes[index].queues[position] = batch.count == waiting.count ? [] : waiting.filter { batchMark[$0] != batchStamp }
        nodes[index].busy = true
        nodes[index].batch = batch
        nodes[index].batchStartedAt = now
        queue.schedule(.finishExecution, at: now + duration, Int32(index))
    }

    /// `lerp_prompt(P) + lerp_decode(D)`, the decode term doubled when exactly one decode runs.
    private func layerTime(node: Int, promptTokens: Int, decodes: Int) -> Double {
        let profile = cluster.nodes[node]
        var decode = profile.decodeCurve.time(decodes)
        if decodes == 1 { decode *= options.singleDecodeMultiplier }
        return profile.promptCurve.time(promptTokens) + decode
    }

    private mutating func finishExecution(node index: Int) {
        let batch = nodes[index].batch
        nodes[index].busy = false
        nodes[index].batch = []
        recordBatch(node: index, requests: batch.count)
        let layersRun = options.execution == .wholeStage ? cluster.nodes[index].range.count : 1
        for query in batch {
            allocateKV(node: index, slots: queries[query].iterationTokens * layersRun)
        }
        let position = nodes[index].current
        let isLast = position == nodes[index].queues.count - 1
        if isLast {
            nodes[index].outbound.append(contentsOf: batch)
        } else {
            nodes[index].queues[position + 1].append(contentsOf: batch)
        }
        nodes[index].marchToNextLayer()
        if isLast { queue.schedule(.startTransmission, at: now, Int32(index)) }
        queue.schedule(.startExecution, at: now, Int32(index))
    }

    private mutating func recordBatch(node index: Int, requests: Int) {
        let started = nodes[index].batchStartedAt
        nodes[index].busySecondsInWindow += metrics.overlap(started, now)
        if metrics.inWindow(started) {
            nodes[index].batchesInWindow += 1
            nodes[index].batchRequestsInWindow += requests
        }
    }

    /// Real KV: a prompt allocates its tokens on the layer it finished, a decode step one slot. A
    /// node that would go over its capacity is recorded as an overflow (Helix aborts there).
    private mutating func allocateKV(node index: Int, slots: Int) {
        nodes[index].kvUsed += slots
        if nodes[index].kvUsed > cluster.nodes[index].kvCapacity { kvOverflows += 1 }
        nodes[index].kvPeak = max(nodes[index].kvPeak, nodes[index].kvUsed)
    }

    // MARK: - Coordinator

    /// Helix's `GatherFinished`: record each iteration that reached the coordinator, issue the
    /// query's next one at once, or close the query and free its KV; offline, maybe feed a new query.
    private mutating func gatherFinished() {
        guard !sinkInbox.isEmpty else { return }
        let arrived = sinkInbox
        sinkInbox.removeAll(keepingCapacity: true)
        for index in arrived {
            inNetwork -= 1
            let wasPrompt = queries[index].inPrompt
            if pressure != nil { pressureIterationFinished(index, isPrompt: wasPrompt) }
            metrics.iterationFinished(
                at: now, latency: now - queries[index].issuedAt, tokens: queries[index].iterationTokens, isPrompt: wasPrompt)
            if !wasPrompt { queries[index].decodesDone += 1 }
            let finished = queries[index].decodesDone >= queries[index].shape.outputTokens
            if finished {
                closeQuery(index)
            } else {
                queries[index].inPrompt = false
                queries[index].issuedAt = now
                queue.schedule(.newIteration, at: now, Int32(index))
            }
            if wasPrompt || finished { feedAfterCompletion() }
        }
        if inNetwork == 0, pressure?.phase.isDraining == true { pressureDrained() }
    }

    private mutating func closeQuery(_ index: Int) {
        let shape = queries[index].shape
        router.release(queries[index].route, inputTokens: shape.inputTokens)
        let layersPerSlot = shape.inputTokens + shape.outputTokens
        for stage in queries[index].route where stage.receiver != SimulatedCluster.coordinator {
            nodes[stage.receiver].kvUsed -= layersPerSlot * cluster.nodes[stage.receiver].range.count
        }
        queries[index].phase = .finished
        completed += 1
        inFlight -= 1
        metrics.inFlightChanged(at: now, to: inFlight)
        if let layerFlowRouter {
            for admitted in layerFlowRouter.complete(query: index, cluster: cluster) {
                queued -= 1
                router.reserveExpected(admitted.route, inputTokens: queries[admitted.query].shape.inputTokens)
                activate(admitted.query, route: admitted.route)
                send(admitted.query)
            }
        }
    }

    /// Helix's offline feeder: after a prompt or a query finishes, issue one more query
    /// `issueDelaySeconds` later while the expected-KV bottleneck is at most the high-water mark.
    private mutating func feedAfterCompletion() {
        guard case .offline(let offline) = workload, now <= feedUntil else { return }
        guard router.expected.bottleneckUsage() <= offline.feedHighWaterMark else { return }
        _ = issueOfflineQuery(at: now + offline.issueDelaySeconds)
    }

    // MARK: - Observation

    private mutating func takeSample() {
        metrics.sample(inFlight: inFlight, queued: queued, kvUse: realKVBottleneck())
    }

    /// Highest real KV use over layers: used ÷ capacity summed over each layer's holders.
    func realKVBottleneck() -> Double {
        var used = [Double](repeating: 0, count: cluster.layerCount)
        var total = [Double](repeating: 0, count: cluster.layerCount)
        for (index, node) in cluster.nodes.enumerated() {
            let k = Double(node.range.count)
            for layer in node.range.start..<node.range.end {
                used[layer] += Double(nodes[index].kvUsed) / k
                total[layer] += Double(node.kvCapacity) / k
            }
        }
        var worst = 0.0
        for layer in 0..<cluster.layerCount where total[layer] > 0 { worst = max(worst, used[layer] / total[layer]) }
        return worst
    }

    var inFlightCount: Int { inFlight }
    var queuedCount: Int { queued }
    var nodeStates: [NodeState] { nodes }

    /// Ends the in-flight integral at the end of the run and returns the window's mean in-flight.
    mutating func closeWindow() -> Double {
        metrics.closeWindow(at: min(now, metrics.windowEnd))
    }
}
