import LayerFlow

/// The memory-pressure policy in the engine: observe, decide, drain, move KV, switch placement.
///
/// Semantics (docs/Guides/Simulator.md, "Memory pressure"): every `observationIntervalSeconds`
/// the trigger sees KV use (max of real use and the scheduler's reservations, over the current
/// placement's capacity) and the queue. A drop drains the network (new iterations wait at the
/// coordinator), re-routes every in-flight request on the fused placement's scheduler, moves its KV
/// to the nodes of its new route (bytes = context tokens × layers changing node × KV bytes per
/// token per layer, pairs in parallel, each node's NIC shared by its copies) and switches when the
/// copy is done; queued requests are then admitted on the fused placement. A restore first reloads
/// the dropped weights (the restore plan's seconds) while the fused pipelines keep serving and new
/// prompts wait, then drains and switches back the same way.
extension ServingSimulation {
    /// Takes the observations due before `next`.
    /// - Complexity: O(nodes) per observation.
    mutating func observePressure(before next: Double) {
        while let due = pressure?.nextCheck, due <= next {
            pressure!.nextCheck = due + pressure!.options.observationIntervalSeconds
            now = max(now, due)
            checkPressure()
        }
    }

    /// One observation at `now`: records a sample (KV use, queue, TTFT and tokens since the last
    /// one) and, while serving, asks the trigger; a drop starts draining, a restore the reload.
    /// - Complexity: O(nodes).
    private mutating func checkPressure() {
        let layers = Double(cluster.layerCount)
        var realSlots = 0, reservedSlots = 0, capacitySlots = 0
        let reserved = layerFlowRouter?.reservedTokens ?? []
        for (index, node) in cluster.nodes.enumerated() {
            realSlots += nodes[index].kvUsed
            capacitySlots += node.kvCapacity
            if node.clusterIndex < reserved.count { reservedSlots += reserved[node.clusterIndex] * node.range.count }
        }
        let used = Int((Double(max(realSlots, reservedSlots)) / layers).rounded(.up))
        let total = Int(Double(capacitySlots) / layers)
        let observation = PressureObservation(
            usedKV: used, totalKV: total, queuedRequests: queued + pressure!.heldPrompts.count,
            queuedKVNeeded: pressure!.queuedFootprint)
        let interval = pressure!.options.observationIntervalSeconds
        let prompts = pressure!.promptsSince
        pressure!.samples.append(MemoryPressureReport.Sample(
            timeSeconds: now, kvUse: observation.usage, realKVUse: capacitySlots > 0 ? Double(realSlots) / Double(capacitySlots) : 0,
            queuedRequests: observation.queuedRequests, inFlightRequests: inFlight, fused: pressure!.current == 1,
            promptsFinished: prompts, ttftMeanSeconds: prompts > 0 ? pressure!.ttftSumSince / Double(prompts) : nil,
            ttftMaxSeconds: prompts > 0 ? pressure!.ttftMaxSince : nil,
            tokensPerSecond: Double(pressure!.tokensSince) / interval))
        pressure!.promptsSince = 0
        pressure!.ttftSumSince = 0
        pressure!.ttftMaxSince = 0
        pressure!.tokensSince = 0
        guard case .serving = pressure!.phase, let action = pressure!.trigger.observe(observation) else { return }
        let configurations = pressure!.configurations
        let groups = configurations.drop.groups.map { $0.members.map(\.node) }
        pressure!.pending = MemoryPressureReport.Switch(
            action: action, decidedAtSeconds: now, reloadedAtSeconds: nil, drainedAtSeconds: now, switchedAtSeconds: now,
            groups: groups, addedKVTokens: action == .drop ? configurations.drop.addedKVTokens : -configurations.drop.addedKVTokens,
            kvCapacityTokensBefore: total, kvCapacityTokensAfter: total, requestsMoved: 0, kvBytesMoved: 0, kvExchangeSeconds: 0,
            weightBytesReloaded: action == .restore ? configurations.reloadBytes : 0,
            reloadSeconds: action == .restore ? configurations.reloadSeconds : 0, requestsPreempted: 0,
            maxFlowBeforeTokensPerSecond: cluster.maxFlow, maxFlowAfterTokensPerSecond: cluster.maxFlow)
        switch action {
        case .drop:
            beginDrain()
        case .restore:
            pressure!.phase = .reloading
            queue.schedule(.pressureReloaded, at: now + configurations.reloadSeconds)
        }
    }

    /// The restore's weights are back: drain, then switch.
    mutating func pressureReloaded() {
        pressure!.pending?.reloadedAtSeconds = now
        beginDrain()
    }

    /// Holds new iterations and takes back those not started: waiting at the coordinator's sender,
    /// or in the first-layer queue of their route's first node (no layer run, no KV written).
    /// Started iterations finish on the old placement; the switch waits for them.
    /// - Complexity: O(iterations waiting at the coordinator and in first-layer queues).
    private mutating func beginDrain() {
        pressure!.phase = .draining
        for index in coordinatorOutbound {
            inNetwork -= 1
            pressure!.heldSends.append(index)
        }
        coordinatorOutbound.removeAll()
        for node in nodes.indices {
            var kept: [Int] = []
            for index in nodes[node].queues[0] {
                if queries[index].hop == 1, queries[index].route.first?.receiver == node {
                    inNetwork -= 1
                    nodes[node].receivedTokens -= queries[index].iterationTokens
                    pressure!.heldSends.append(index)
                } else {
                    kept.append(index)
                }
            }
            nodes[node].queues[0] = kept
        }
        if inNetwork == 0 { pressureDrained() }
    }

    /// A prompt went into the scheduler's queue.
    mutating func pressureQueued(_ index: Int) {
        guard pressure != nil, let layerFlowRouter else { return }
        queries[index].queued = true
        pressure!.queuedFootprint += layerFlowRouter.footprint(inputTokens: queries[index].shape.inputTokens)
    }

    /// A queued prompt was admitted.
    mutating func pressureAdmitted(_ index: Int) {
        queries[index].queued = false
        guard pressure != nil, let layerFlowRouter else { return }
        pressure!.queuedFootprint -= layerFlowRouter.footprint(inputTokens: queries[index].shape.inputTokens)
    }

    /// An iteration came back to the coordinator: counted for the next observation.
    mutating func pressureIterationFinished(_ index: Int, isPrompt: Bool) {
        pressure!.tokensSince += queries[index].iterationTokens
        guard isPrompt else { return }
        let ttft = now - queries[index].issuedAt
        pressure!.promptsSince += 1
        pressure!.ttftSumSince += ttft
        pressure!.ttftMaxSince = max(pressure!.ttftMaxSince, ttft)
    }

    /// Nothing is in the network: re-route every request on the other placement, move its KV, and
    /// schedule the switch for when the copy is done. Node state is rebuilt at once (the nodes are
    /// idle and every iteration is held until the switch event).
    /// - Complexity: O(queries + nodes² + routes × stages²), and one scheduler built.
    mutating func pressureDrained() {
        let configurations = pressure!.configurations
        let target = 1 - pressure!.current
        let old = cluster
        let new = configurations.clusters[target]
        let newRouter: LayerFlowRouter
        do {
            newRouter = try LayerFlowRouter(plan: configurations.plans[target], cluster: new, options: options)
        } catch {
            // `Simulator.init` built this very router once already; the same inputs cannot fail now.
            preconditionFailure("the prepared configuration's scheduler failed: \(error)")
        }
        var helix = HelixFlowRouter(cluster: new, expected: ExpectedKV(
            cluster: new, highWaterMark: options.expectedKVHighWaterMark,
            averageOutputTokens: options.averageOutputTokens, outputLengthRatio: options.expectedOutputLengthRatio))
        let count = new.nodes.count
        var pairBytes = [Double](repeating: 0, count: count * count)
        var newUsed = [Int](repeating: 0, count: count)
        var moved = 0, preempted = 0
        let kvBytes = configurations.kvBytesPerTokenPerLayer
        let waiting = queries.indices.filter { queries[$0].queued }
        for index in queries.indices where queries[index].phase == .active {
            let input = queries[index].shape.inputTokens
            switch newRouter.route(query: index, inputTokens: input, cluster: new) {
            case .routed(let stages):
                let context = queries[index].inPrompt ? 0 : input + queries[index].decodesDone
                var movedAny = false
                for stage in stages where stage.receiver != SimulatedCluster.coordinator {
                    let to = stage.receiver
                    newUsed[to] += context * new.nodes[to].range.count
                    guard context > 0 else { continue }
                    for previous in queries[index].route where previous.receiver != SimulatedCluster.coordinator && previous.receiver != to {
                        let overlap = Self.sharedLayers(new.nodes[to].range, old.nodes[previous.receiver].range)
                        guard overlap > 0 else { continue }
                        pairBytes[previous.receiver * count + to] += Double(context * overlap) * kvBytes
                        movedAny = true
                    }
                }
                if movedAny { moved += 1 }
                queries[index].route = stages
                helix.reserveExpected(stages, inputTokens: input)
            case .queued:
                // The placement cannot hold it: its KV is dropped and its prompt waits again.
                preempted += 1
                queries[index].phase = .waiting
                queries[index].inPrompt = true
                queries[index].decodesDone = 0
                queries[index].issuedAt = queries[index].arrivedAt
                queries[index].route = []
                inFlight -= 1
                queued += 1
                pressureQueued(index)
                pressure!.heldSends.removeAll { $0 == index }
            case .rejected:
                queries[index].phase = .rejected
                queries[index].route = []
                inFlight -= 1
                rejected += 1
                pressure!.heldSends.removeAll { $0 == index }
            }
        }
        metrics.inFlightChanged(at: now, to: inFlight)
        layerFlowRouter = newRouter
        router = helix
        for index in waiting {
            switch newRouter.route(query: index, inputTokens: queries[index].shape.inputTokens, cluster: new) {
            case .routed(let stages):
                queued -= 1
                router.reserveExpected(stages, inputTokens: queries[index].shape.inputTokens)
                activate(index, route: stages)
                pressure!.heldSends.append(index)
            case .queued:
                continue
            case .rejected:
                queued -= 1
                pressureAdmitted(index)
                queries[index].phase = .rejected
                rejected += 1
            }
        }

        // The copy: node pairs in parallel, each node's NIC shared by everything it sends or receives.
        var exchange = 0.0, totalBytes = 0.0
        var outBytes = [Double](repeating: 0, count: count), inBytes = [Double](repeating: 0, count: count)
        for from in 0..<count {
            for to in 0..<count where pairBytes[from * count + to] > 0 {
                let bytes = pairBytes[from * count + to]
                totalBytes += bytes
                outBytes[from] += bytes
                inBytes[to] += bytes
                exchange = max(exchange, bytes / configurations.pairBandwidth[from * count + to])
            }
        }
        for node in 0..<count {
            exchange = max(exchange, outBytes[node] / new.nodes[node].nicOutBytesPerSecond, inBytes[node] / new.nodes[node].nicInBytesPerSecond)
        }

        var states = new.nodes.map { NodeState(queueCount: options.execution == .wholeStage ? 1 : $0.range.count) }
        for index in 0..<count {
            states[index].kvUsed = newUsed[index]
            states[index].kvPeak = max(nodes[index].kvPeak, newUsed[index])
            states[index].busySecondsInWindow = nodes[index].busySecondsInWindow
            states[index].batchesInWindow = nodes[index].batchesInWindow
            states[index].batchRequestsInWindow = nodes[index].batchRequestsInWindow
        }
        nodes = states
        linkInFlight = [Int](repeating: 0, count: new.links.count)
        linkClaim = [UInt64](repeating: 0, count: new.links.count)
        cluster = new
        pressure!.current = target
        pressure!.phase = .exchanging
        pressure!.pending?.drainedAtSeconds = now
        pressure!.pending?.kvCapacityTokensAfter = Int(Double(new.nodes.reduce(0) { $0 + $1.kvCapacity }) / Double(new.layerCount))
        pressure!.pending?.requestsMoved = moved
        pressure!.pending?.kvBytesMoved = totalBytes
        pressure!.pending?.kvExchangeSeconds = exchange
        pressure!.pending?.requestsPreempted = preempted
        pressure!.pending?.maxFlowAfterTokensPerSecond = new.maxFlow
        queue.schedule(.pressureSwitch, at: now + exchange)
    }

    /// Layers two ranges have in common.
    private static func sharedLayers(_ a: LayerRange, _ b: LayerRange) -> Int {
        max(0, min(a.end, b.end) - max(a.start, b.start))
    }

    /// The KV is in place: the new placement serves; held iterations go out, held prompts are routed.
    /// - Complexity: O(held iterations and prompts).
    mutating func pressureSwitch() {
        pressure!.pending?.switchedAtSeconds = now
        if let done = pressure!.pending { pressure!.switches.append(done) }
        pressure!.pending = nil
        pressure!.phase = .serving
        let sends = pressure!.heldSends
        let prompts = pressure!.heldPrompts
        pressure!.heldSends = []
        pressure!.heldPrompts = []
        for index in sends { send(index) }
        for index in prompts { queue.schedule(.newIteration, at: now, Int32(index)) }
    }
}
