import Foundation

/// An analytic estimate of what a placement serves: realized throughput and mean latencies, from
/// the serving profiles, KV capacities and max-flow routing shares, in microseconds instead of the
/// simulator's seconds. The planner ranks candidates with it; the simulator confirms the best.
///
/// The model (docs/Guides/Planner.md, "Serving estimate"):
/// - **Routing shares.** Requests spread over nodes and links as the max flow does: node i sees a
///   share `s_i = flow_i / F` of every request's iterations.
/// - **Per-stage residence.** A node runs one layer batch at a time, its pointer sweeping over its k
///   layers; a batch formed at its first layer rides the sweep to its last. With decode rate λ and
///   prompt rate π at the node, a sweep lasts `c = k · (P(prompt tokens per sweep) + D(λ·c)) +
///   overhead`, a fixed point (P, D: the measured prompt and decode layer-time curves; the expected
///   prompt time is averaged over Poisson prompt arrivals per sweep). A decode waits for the pointer
///   (the residual sweep, length-biased, times the busy fraction) and rides one sweep; a prompt rides
///   a sweep that includes its own tokens.
/// - **Round trip.** TPOT = Σ s_i · residence_i + Σ over links of share · (latency + bytes / bandwidth);
///   TTFT the same for a prompt.
/// - **KV-limited concurrency.** Each request reserves `input + expected output` tokens on every layer;
///   the closed loop stops feeding at `feedHighWaterMark` of the tightest layer's KV (summed over
///   its holders), and no node takes more than `nodeHighWaterMark` of its own.
/// - **Throughput.** Closed loop: requests per second Q solve Little's law, `concurrency = Q · (TTFT +
///   output · TPOT)`; realized = Q · (input + output) (the max flow, a typical-batch figure, is not
///   a limit: larger batches serve more), counted in the workload's window when it has one. Open loop: Q is the offered
///   rate, and the estimate says whether the KV and the nodes sustain it.
public struct ServingEstimate: Sendable, Hashable, Codable {
    /// What limits the realized throughput.
    public enum Limit: String, Sendable, Hashable, Codable {
        /// KV-limited concurrency ÷ round trip (the closed loop at its high-water mark).
        case kvCache
        /// The estimate's ceiling, ten times the plan's max flow (a typical-batch figure, not a
        /// hard limit), before the KV cache fills.
        case maxFlow
        /// The offered load (open loop, sustained).
        case offeredLoad
        /// The offered load exceeds what the KV cache or a node's compute sustains.
        case overloaded
    }

    /// Prompt plus decode tokens per second the plan is predicted to deliver (in the workload's
    /// measurement window when it has one, else in the steady state).
    public var realizedTokensPerSecond: Double
    /// Prompt plus decode tokens per second in the steady state.
    public var steadyStateTokensPerSecond: Double
    /// Decode tokens per second.
    public var decodeTokensPerSecond: Double
    /// Requests in flight at the admission high-water mark.
    public var kvLimitedRequests: Double
    /// Requests in flight at the predicted throughput.
    public var inFlightRequests: Double
    /// Mean time per output token (a decode iteration's round trip), seconds.
    public var timePerOutputTokenSeconds: Double
    /// Mean time to first token (a prompt's round trip), seconds.
    public var timeToFirstTokenSeconds: Double
    /// Flow-weighted mean number of stages a request passes.
    public var meanStages: Double
    /// The busiest node's busy fraction at the predicted load.
    public var peakBusyFraction: Double
    public var limit: Limit
    /// The plan's max flow, tokens/s.
    public var maxFlowTokensPerSecond: Double

    private enum CodingKeys: String, CodingKey {
        case realizedTokensPerSecond, steadyStateTokensPerSecond, decodeTokensPerSecond, kvLimitedRequests
        case inFlightRequests, timePerOutputTokenSeconds, timeToFirstTokenSeconds, meanStages, peakBusyFraction
        case limit, maxFlowTokensPerSecond
    }

    /// Every figure is written; an unbounded one (a saturated node's latency) as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func put(_ value: Double, _ key: CodingKeys) throws {
            if value.isFinite { try container.encode(value, forKey: key) } else { try container.encodeNil(forKey: key) }
        }
        try put(realizedTokensPerSecond, .realizedTokensPerSecond)
        try put(steadyStateTokensPerSecond, .steadyStateTokensPerSecond)
        try put(decodeTokensPerSecond, .decodeTokensPerSecond)
        try put(kvLimitedRequests, .kvLimitedRequests)
        try put(inFlightRequests, .inFlightRequests)
        try put(timePerOutputTokenSeconds, .timePerOutputTokenSeconds)
        try put(timeToFirstTokenSeconds, .timeToFirstTokenSeconds)
        try put(meanStages, .meanStages)
        try put(peakBusyFraction, .peakBusyFraction)
        try container.encode(limit, forKey: .limit)
        try put(maxFlowTokensPerSecond, .maxFlowTokensPerSecond)
    }

    /// Reads what `encode` writes (`null` as unbounded).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func get(_ key: CodingKeys) throws -> Double { try container.decodeIfPresent(Double.self, forKey: key) ?? .infinity }
        realizedTokensPerSecond = try get(.realizedTokensPerSecond)
        steadyStateTokensPerSecond = try get(.steadyStateTokensPerSecond)
        decodeTokensPerSecond = try get(.decodeTokensPerSecond)
        kvLimitedRequests = try get(.kvLimitedRequests)
        inFlightRequests = try get(.inFlightRequests)
        timePerOutputTokenSeconds = try get(.timePerOutputTokenSeconds)
        timeToFirstTokenSeconds = try get(.timeToFirstTokenSeconds)
        meanStages = try get(.meanStages)
        peakBusyFraction = try get(.peakBusyFraction)
        limit = try container.decode(Limit.self, forKey: .limit)
        maxFlowTokensPerSecond = try get(.maxFlowTokensPerSecond)
    }

    init(
        realizedTokensPerSecond: Double, steadyStateTokensPerSecond: Double, decodeTokensPerSecond: Double,
        kvLimitedRequests: Double, inFlightRequests: Double, timePerOutputTokenSeconds: Double,
        timeToFirstTokenSeconds: Double, meanStages: Double, peakBusyFraction: Double, limit: Limit,
        maxFlowTokensPerSecond: Double
    ) {
        self.realizedTokensPerSecond = realizedTokensPerSecond
        self.steadyStateTokensPerSecond = steadyStateTokensPerSecond
        self.decodeTokensPerSecond = decodeTokensPerSecond
        self.kvLimitedRequests = kvLimitedRequests
        self.inFlightRequests = inFlightRequests
        self.timePerOutputTokenSeconds = timePerOutputTokenSeconds
        self.timeToFirstTokenSeconds = timeToFirstTokenSeconds
        self.meanStages = meanStages
        self.peakBusyFraction = peakBusyFraction
        self.limit = limit
        self.maxFlowTokensPerSecond = maxFlowTokensPerSecond
    }
}

extension Cluster {
    /// Estimates what `evaluation`'s placement serves under `workload` (see ``ServingEstimate``).
    /// - Throws: `ServingEstimateError` for a GPU type without a serving profile or KV capacity, or
    ///   an invalid workload.
    /// - Complexity: O(nodes + links) per evaluation of the round trip, times ~60 bisection steps
    ///   (each node's sweep is a fixed point of at most 200 iterations).
    public func estimateServing(_ evaluation: Evaluation, workload: ServingWorkload) throws(ServingEstimateError) -> ServingEstimate {
        try workload.validate()
        let model = try ServingModel(cluster: self, evaluation: evaluation, workload: workload)
        return model.estimate()
    }
}

/// The per-placement terms of ``ServingEstimate``, gathered once.
struct ServingModel {
    struct Stage {
        var share: Double
        var layers: Double
        /// Where the node's range starts and ends (the stage's place along the pipeline).
        var start: Int
        var end: Int
        var prompt: LayerTimeCurve
        var decode: LayerTimeCurve
    }

    let workload: ServingWorkload
    let stages: [Stage]
    let maxFlow: Double
    let activationBytes: Double
    /// Σ over links of share · latency, and Σ share · bytes-per-token / bandwidth (per token).
    let linkLatency: Double
    let linkSecondsPerToken: Double
    /// Reserved tokens per layer the KV admits in all: the tightest layer's at the feed mark, or a
    /// node's own at its high-water mark over its share, whichever is less.
    let kvLimitedTokens: Double

    init(cluster: Cluster, evaluation: Evaluation, workload: ServingWorkload) throws(ServingEstimateError) {
        self.workload = workload
        maxFlow = evaluation.throughputTokensPerSecond
        activationBytes = cluster.model.activationBytesPerToken
        let flow = max(maxFlow, .leastNonzeroMagnitude)
        var stages: [Stage] = []
        var layerKV = [Double](repeating: 0, count: cluster.model.layerCount)
        var nodeLimited = Double.infinity
        for (index, report) in evaluation.nodes.enumerated() {
            guard let range = report.range else { continue }
            let type = cluster.gpuType(ofNodeAt: index)
            guard let whole = KVCacheCapacity.of(nodeAt: index, layers: range.count, in: cluster).tokens else {
                if report.flowTokensPerSecond > 0 { throw .missingKVCapacity(gpuType: type.name, layers: range.count) }
                continue
            }
            let tokens = Double(whole)
            for layer in range.start..<range.end { layerKV[layer] += tokens }
            guard report.flowTokensPerSecond > 0 else { continue }
            guard let profile = type.serving else { throw .missingServingProfile(gpuType: type.name) }
            let share = report.flowTokensPerSecond / flow
            nodeLimited = min(nodeLimited, workload.nodeHighWaterMark * tokens / share)
            stages.append(Stage(
                share: share, layers: Double(range.count), start: range.start, end: range.end,
                prompt: LayerTimeCurve(profile.promptLayerTimes), decode: LayerTimeCurve(profile.decodeLayerTimes)))
        }
        self.stages = stages
        var latency = 0.0, perToken = 0.0
        let multiplier = cluster.bandwidthConvention.bandwidthMultiplier
        var linkByEnds: [Bottleneck.LinkID: Link] = [:]
        for link in cluster.links { linkByEnds[Bottleneck.LinkID(from: link.from, to: link.to)] = link }
        for report in evaluation.links where report.flowTokensPerSecond > 0 {
            guard let link = linkByEnds[Bottleneck.LinkID(from: report.from, to: report.to)] else { continue }
            let share = report.flowTokensPerSecond / flow
            let onCoordinator = report.from == .coordinator || report.to == .coordinator
            let bytes = cluster.model.tokenBytes + (onCoordinator ? 0 : cluster.model.activationBytesPerToken)
            let bandwidth = max(link.bandwidthBytesPerSecond * multiplier, .leastNonzeroMagnitude)
            latency += share * link.latencySeconds
            perToken += share * bytes / bandwidth
        }
        linkLatency = latency
        linkSecondsPerToken = perToken
        let feedMark: Double
        switch workload.arrivals {
        case .closedLoop(let mark): feedMark = mark
        case .offered: feedMark = workload.nodeHighWaterMark
        }
        let tightest = layerKV.min() ?? 0
        kvLimitedTokens = min(feedMark * tightest, nodeLimited)
    }

    /// One node's sweeps at decode rate `decodeRate` and prompt rate `promptRate` (per second, at
    /// this node): a decode's residence when it meets no prompt, the length of a sweep that carries a
    /// prompt, and the chance that a prompt is running when a decode arrives; nil when the node cannot
    /// keep up.
    /// - Complexity: at most 200 fixed-point iterations.
    func sweeps(of stage: Stage, decodeRate: Double, promptRate: Double) -> (decode: Double, prompt: Double, promptBusy: Double, busy: Double)? {
        let input = workload.meanInputTokens
        let overheadPerToken = workload.firstLayerOverheadSecondsPerByte * activationBytes
        func decodeTime(_ batch: Double) -> Double {
            let size = max(batch, 1)
            guard size < 2 else { return stage.decode.time(atMeanSize: size) }
            // Between one and two decodes per batch on average: a mix of single-decode batches (with
            // the single-decode multiplier) and pairs.
            let single = workload.singleDecodeMultiplier * stage.decode.time(atMeanSize: 1)
            return (2 - size) * single + (size - 1) * stage.decode.time(atMeanSize: 2)
        }
        func decodeSweep(_ cycle: Double) -> Double {
            stage.layers * decodeTime(decodeRate * cycle) + overheadPerToken * decodeRate * cycle
        }
        guard let cycle = Self.leastFixedPoint(from: decodeSweep(0), decodeSweep) else { return nil }
        let queued = decodeRate * cycle
        // A prompt's sweep carries its own tokens, the decodes that queued meanwhile and the prompts
        // that arrived during the last one (at least itself): another fixed point, since a longer
        // sweep gathers more prompts.
        func promptSweepCarrying(_ prompts: Double) -> Double {
            stage.layers * (stage.prompt.time(atMeanSize: input * prompts) + min(1, queued) * decodeTime(queued))
                + overheadPerToken * (input * prompts + queued)
        }
        guard let promptSweep = Self.leastFixedPoint(from: promptSweepCarrying(1), { promptSweepCarrying(max(1, promptRate * $0)) }) else {
            return nil
        }
        let promptsPerSweep = max(1, promptRate * promptSweep)
        // The share of time prompt sweeps run: one sweep per `promptsPerSweep` prompts.
        let promptBusy = promptRate * promptSweep / promptsPerSweep
        let decodeBusy = min(1, decodeRate * cycle)
        guard promptBusy < 1 else { return nil }
        // A decode that meets no prompt waits for the pointer (half a sweep when one is under way) and
        // rides one sweep.
        return (decodeBusy * cycle / 2 + cycle, promptSweep, promptBusy, min(1, promptBusy + decodeBusy))
    }

    /// The least fixed point of a nondecreasing sweep-length map, iterated from `start` (a sweep no
    /// longer than it): the iteration rises monotonically to it; nil when the sweep's work grows
    /// faster than the sweep itself (the node saturates: no fixed point below 10⁴ s, or none within
    /// 200 steps to 1e-9 relative).
    static func leastFixedPoint(from start: Double, _ sweep: (Double) -> Double) -> Double? {
        var value = start
        for _ in 0..<200 {
            let next = sweep(value)
            if !next.isFinite || next > 1e4 { return nil }
            if abs(next - value) <= 1e-9 * next { return next }
            value = next
        }
        return nil
    }

    /// Round trips at `requestsPerSecond`: (TPOT, TTFT, peak busy fraction); nil when a node saturates.
    ///
    /// Prompts make convoys: a decode that arrives while a prompt's sweep runs waits for it, and then
    /// trails that prompt node after node, paced by the prompt's sweeps, since the prompt reaches each
    /// next node first. So a decode's residence at a stage is its own sweep while it has met no prompt,
    /// and the prompt's sweep once it has; the chance of having met one grows along the pipeline as
    /// `1 − exp(−Σ share · promptBusy)` over the stages before (ordered by where their ranges end).
    func roundTrip(requestsPerSecond: Double) -> (decode: Double, prompt: Double, busy: Double)? {
        let decodeRate = requestsPerSecond * workload.meanOutputTokens
        var terms: [(stage: Stage, sweeps: (decode: Double, prompt: Double, promptBusy: Double, busy: Double))] = []
        for stage in stages {
            guard let sweeps = sweeps(of: stage, decodeRate: decodeRate * stage.share, promptRate: requestsPerSecond * stage.share) else {
                return nil
            }
            terms.append((stage, sweeps))
        }
        // Prompt encounters expected before each layer boundary: Σ share · promptBusy of the stages ending there or earlier.
        var encountersEndingAt = [Double](repeating: 0, count: (stages.map(\.end).max() ?? 0) + 1)
        for term in terms { encountersEndingAt[term.stage.end] += term.stage.share * min(1, term.sweeps.promptBusy) }
        var before = [Double](repeating: 0, count: encountersEndingAt.count)
        for boundary in 1..<max(encountersEndingAt.count, 1) { before[boundary] = before[boundary - 1] + encountersEndingAt[boundary] }
        var decode = linkLatency + linkSecondsPerToken
        var prompt = linkLatency + linkSecondsPerToken * workload.meanInputTokens
        var busy = 0.0
        for term in terms {
            let sweeps = term.sweeps
            let convoy = 1 - exp(-before[term.stage.start])
            let meets = min(1, sweeps.promptBusy)
            let free = (1 - meets) * sweeps.decode + meets * (sweeps.prompt / 2 + sweeps.decode)
            // Trailing a prompt is never faster than meeting none.
            decode += term.stage.share * ((1 - convoy) * free + convoy * max(sweeps.prompt, free))
            // A prompt waits for a prompt under way (half its sweep), then rides its own.
            prompt += term.stage.share * (meets * sweeps.prompt / 2 + sweeps.prompt)
            busy = max(busy, sweeps.busy)
        }
        return (decode, prompt, busy)
    }

    func estimate() -> ServingEstimate {
        let tokensPerRequest = workload.meanInputTokens + workload.meanOutputTokens
        let meanStages = stages.reduce(0) { $0 + $1.share }
        func result(_ rate: Double, _ trip: (decode: Double, prompt: Double, busy: Double), _ limit: ServingEstimate.Limit) -> ServingEstimate {
            ServingEstimate(
                realizedTokensPerSecond: rate * tokensPerRequest, steadyStateTokensPerSecond: rate * tokensPerRequest,
                decodeTokensPerSecond: rate * workload.meanOutputTokens,
                kvLimitedRequests: kvLimitedRequests(trip), inFlightRequests: rate * lifetime(trip),
                timePerOutputTokenSeconds: trip.decode, timeToFirstTokenSeconds: trip.prompt, meanStages: meanStages,
                peakBusyFraction: trip.busy, limit: limit, maxFlowTokensPerSecond: maxFlow)
        }
        let idle = roundTrip(requestsPerSecond: 0) ?? (.infinity, .infinity, 1)
        guard maxFlow > 0, kvLimitedTokens > 0, !stages.isEmpty else {
            return result(0, idle, .kvCache)
        }
        switch workload.arrivals {
        case .offered(let tokens):
            let rate = tokens / tokensPerRequest
            guard let trip = roundTrip(requestsPerSecond: rate), rate * lifetime(trip) <= kvLimitedRequests(trip) else {
                return result(rate, roundTrip(requestsPerSecond: rate) ?? (.infinity, .infinity, 1), .overloaded)
            }
            return result(rate, trip, .offeredLoad)
        case .closedLoop:
            // Little's law: Q · lifetime(Q) rises with Q; bisect for the Q that fills the KV-limited
            // concurrency, up to ten times the max flow (a typical-batch figure, not a hard limit).
            let cap = 10 * maxFlow / tokensPerRequest
            func filled(_ rate: Double) -> Bool {
                guard let trip = roundTrip(requestsPerSecond: rate) else { return true }
                return rate * lifetime(trip) >= kvLimitedRequests(trip)
            }
            var steady: ServingEstimate
            if !filled(cap), let trip = roundTrip(requestsPerSecond: cap) {
                steady = result(cap, trip, .maxFlow)
            } else {
                var low = 0.0, high = cap
                // The static max flow is a typical-batch figure, not a hard limit: larger batches
                // serve more. Search up to where a node saturates or the KV fills.
                for _ in 0..<60 {
                    let middle = (low + high) / 2
                    if filled(middle) { high = middle } else { low = middle }
                }
                steady = result(low, roundTrip(requestsPerSecond: low) ?? idle, .kvCache)
            }
            if let window = workload.window, let samples = workload.samples {
                let perRequest = windowedTokens(
                    timeToFirstToken: steady.timeToFirstTokenSeconds, timePerOutputToken: steady.timePerOutputTokenSeconds,
                    window: window, samples: samples)
                steady.realizedTokensPerSecond = steady.inFlightRequests * perRequest / window.lengthSeconds
            }
            return steady
        }
    }

    /// Tokens one request slot of a closed loop finishes inside `window` when its first request
    /// starts at serving start and each next one starts `issueDelay` after the last finishes:
    /// the renewal process of request lifetimes `TTFT + output · TPOT + delay`, over `samples`
    /// (equally likely), counted on a grid of 2,000 steps. Prompt tokens count when the prompt
    /// finishes in the window; decode tokens as they are generated in it.
    /// - Complexity: O(2,000 · samples).
    func windowedTokens(
        timeToFirstToken: Double, timePerOutputToken: Double, window: ServingWorkload.MeasurementWindow,
        samples: [ServingWorkload.RequestSample]
    ) -> Double {
        let outputs = samples.map(\.outputTokens)
        let meanInput = samples.reduce(0) { $0 + $1.inputTokens } / Double(samples.count)
        guard timePerOutputToken.isFinite, timeToFirstToken.isFinite, timePerOutputToken > 0 else { return 0 }
        let end = window.startSeconds + window.lengthSeconds
        let steps = 2_000
        let step = end / Double(steps)
        let weight = 1 / Double(outputs.count)
        let shifts = outputs.map { max(1, Int(((timeToFirstToken + $0 * timePerOutputToken + workload.issueDelaySeconds) / step).rounded())) }
        // starts[i]: expected requests starting at step i.
        var starts = [Double](repeating: 0, count: steps + 1)
        starts[0] = 1
        for i in 1...steps {
            var total = 0.0
            for shift in shifts where shift <= i { total += starts[i - shift] }
            starts[i] = total * weight
        }
        var tokens = 0.0
        for (i, mass) in starts.enumerated() where mass > 0 {
            let promptDone = Double(i) * step + timeToFirstToken
            if promptDone >= window.startSeconds && promptDone < end { tokens += mass * meanInput }
            var decoded = 0.0
            for output in outputs {
                let overlap = min(end, promptDone + output * timePerOutputToken) - max(window.startSeconds, promptDone)
                if overlap > 0 { decoded += overlap / timePerOutputToken }
            }
            tokens += mass * decoded * weight
        }
        return tokens
    }

    /// A request's time in flight: its prompt, then one round trip per output token.
    func lifetime(_ trip: (decode: Double, prompt: Double, busy: Double)) -> Double {
        trip.prompt + workload.meanOutputTokens * trip.decode
    }

    /// Tokens a request in flight reserves on each layer (`input + expected output`), averaged over
    /// time in flight: a request with a long output stays longer, so with the workload's samples the
    /// mean is weighted by each sample's lifetime.
    func reservation(_ trip: (decode: Double, prompt: Double, busy: Double)) -> Double {
        let expected = workload.expectedOutputTokens
        guard let samples = workload.samples, trip.decode.isFinite, trip.prompt.isFinite else {
            return workload.meanInputTokens + expected
        }
        var weighted = 0.0, time = 0.0
        for sample in samples {
            let life = trip.prompt + sample.outputTokens * trip.decode
            weighted += (sample.inputTokens + expected) * life
            time += life
        }
        return time > 0 ? weighted / time : workload.meanInputTokens + expected
    }

    /// Requests in flight the KV admits at round trip `trip`.
    func kvLimitedRequests(_ trip: (decode: Double, prompt: Double, busy: Double)) -> Double {
        kvLimitedTokens / reservation(trip)
    }
}
