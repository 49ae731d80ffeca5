import Foundation
import LayerFlow

/// A plan as the simulator takes it: the cluster (with serving profiles) and the placement.
/// Routes come from the placement's max flow, as Helix's MaxFlow scheduler computes them.
public struct SimulationPlan: Sendable {
    public var cluster: Cluster
    public var placement: Placement

    public init(cluster: Cluster, placement: Placement) {
        self.cluster = cluster
        self.placement = placement
    }

    /// The plan a plan file holds.
    public init(_ document: PlanDocument) {
        self.init(cluster: document.clusterDefinition, placement: document.placement)
    }
}

/// Where a running simulation is, for a progress display.
public struct SimulationProgress: Sendable, Hashable {
    /// Simulated seconds since t = 0.
    public var simulatedSeconds: Double
    /// Simulated seconds at which the run ends (nil when it runs until the last query finishes).
    public var endSeconds: Double?
    public var events: Int
    public var wallSeconds: Double
    public var completedRequests: Int
    public var inFlightRequests: Int
}

/// The discrete-event serving simulator: what a plan delivers, in seconds.
///
/// By default it follows Helix's simulator exactly (HELIX-SIMULATOR.md): MaxFlow routing with
/// IWRR and expected-KV admission, one layer at a time with re-formed batches, interpolated layer
/// times, one request per transfer, the offline feeder at its KV high-water mark and Helix's
/// measurement window.
///
/// ```swift
/// let simulator = try Simulator(plan: plan, workload: .offline(OfflineWorkload(lengths: .sequence(shapes))))
/// let report = try await simulator.run()
/// print(report.realizedTokensPerSecond, report.decodeLatencySeconds.p95)
/// ```
public struct Simulator: Sendable {
    public let plan: SimulationPlan
    public let workload: Workload
    public let options: SimulationOptions
    private let cluster: SimulatedCluster
    /// The two placements the memory-pressure policy switches between (nil when it is off).
    private let pressureConfigurations: PressureConfigurations?

    /// Validates the plan, the workload and the options, and prepares the routes.
    /// - Throws: `SimulationError` naming what is wrong.
    public init(plan: SimulationPlan, workload: Workload, options: SimulationOptions = SimulationOptions()) throws(SimulationError) {
        try Self.validate(workload: workload, options: options)
        self.plan = plan
        self.workload = workload
        self.options = options
        let cluster = try SimulatedCluster(
            cluster: plan.cluster, placement: plan.placement, defaultDiskBytesPerSecond: options.defaultDiskBytesPerSecond)
        self.cluster = cluster
        if options.routing == .layerFlow { _ = try LayerFlowRouter(plan: plan, cluster: cluster, options: options) }
        if let pressure = options.memoryPressure {
            guard options.routing == .layerFlow else {
                throw .invalidParameter(
                    name: "memoryPressure", value: "with routing \(options.routing.rawValue)",
                    expected: "routing layerflow (the policy needs the scheduler's queue and reservations)")
            }
            let configurations = try PressureConfigurations(plan: plan, original: cluster, options: options, pressure: pressure)
            _ = try LayerFlowRouter(plan: configurations.plans[1], cluster: configurations.clusters[1], options: options)
            pressureConfigurations = configurations
        } else {
            pressureConfigurations = nil
        }
    }

    /// Events run between yields of the executor (a few milliseconds of work in a release build).
    static let yieldEvents = 1 << 14

    /// Seconds spent loading weights before serving starts.
    public var loadSeconds: Double { cluster.serveStartSeconds }

    /// Max flow of the plan's network, tokens/s.
    public var maxFlowTokensPerSecond: Double { cluster.maxFlow }

    /// Runs the simulation to its end, reporting progress about every `progressEvents` events and
    /// honouring task cancellation (throws `CancellationError`).
    public func run(
        progressEvents: Int = 1 << 18,
        progress: (@Sendable (SimulationProgress) -> Void)? = nil
    ) async throws -> SimulationReport {
        let clock = ContinuousClock.now
        // A fresh scheduler per run: its queue and reservations are run state.
        let layerFlowRouter = options.routing == .layerFlow
            ? try LayerFlowRouter(plan: plan, cluster: cluster, options: options) : nil
        let pressure = pressureConfigurations.map { configurations in
            PressureRuntime(configurations: configurations, options: options.memoryPressure!, serveStart: cluster.serveStartSeconds)
        }
        var simulation = ServingSimulation(
            cluster: cluster, workload: workload, options: options, layerFlowRouter: layerFlowRouter, pressure: pressure)
        simulation.start()
        let chunk = max(1, progressEvents)
        let end: Double? = {
            if case .offline(let offline) = workload {
                return cluster.serveStartSeconds + offline.warmupSeconds + offline.windowSeconds
            }
            return nil
        }()
        var sinceProgress = 0
        while !simulation.isFinished {
            try Task.checkCancellation()
            let ran = simulation.step(limit: min(chunk, Self.yieldEvents))
            if ran == 0 { break }
            // The run is CPU-bound: give the cooperative pool back between slices, or a long run
            // starves every other task of the process (2 threads on a 2-core machine).
            await Task.yield()
            sinceProgress += ran
            if sinceProgress >= chunk || simulation.isFinished {
                sinceProgress = 0
                progress?(SimulationProgress(
                    simulatedSeconds: simulation.now, endSeconds: end, events: simulation.events,
                    wallSeconds: Self.seconds(since: clock), completedRequests: simulation.completed,
                    inFlightRequests: simulation.inFlightCount))
            }
        }
        return report(of: &simulation, wallSeconds: Self.seconds(since: clock))
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    private func report(of simulation: inout ServingSimulation, wallSeconds: Double) -> SimulationReport {
        let meanInFlight = simulation.closeWindow()
        let metrics = simulation.metrics
        let window = metrics.windowEnd - metrics.windowStart
        // The placement serving at the end (the original one unless a drop was never restored).
        let serving = simulation.cluster
        let nodeReports = serving.nodes.enumerated().map { index, node in
            let state = simulation.nodeStates[index]
            return SimulationReport.NodeReport(
                id: node.id, type: node.typeName, layers: node.range,
                busyFraction: window > 0 ? state.busySecondsInWindow / window : 0,
                kvPeakTokenLayers: state.kvPeak, kvInUseAtEndTokenLayers: state.kvUsed, kvCapacityTokenLayers: node.kvCapacity,
                batches: state.batchesInWindow,
                meanBatchRequests: state.batchesInWindow > 0 ? Double(state.batchRequestsInWindow) / Double(state.batchesInWindow) : 0)
        }
        let workloadName: String
        switch workload {
        case .offline: workloadName = "offline"
        case .online: workloadName = "online"
        }
        var report = SimulationReport(
            workload: workloadName, routing: options.routing, execution: options.execution,
            maxFlowTokensPerSecond: cluster.maxFlow, loadSeconds: cluster.serveStartSeconds,
            windowStartSeconds: metrics.windowStart, windowEndSeconds: metrics.windowEnd,
            realizedTokensPerSecond: window > 0 ? Double(metrics.windowPromptTokens + metrics.windowDecodeTokens) / window : 0,
            totalTimeUsageTokensPerSecond: metrics.lastFinish > 0 ? Double(metrics.allTokens) / metrics.lastFinish : 0,
            totalTimeUsageSeconds: metrics.lastFinish,
            decodeTokensPerSecond: window > 0 ? Double(metrics.windowDecodeTokens) / window : 0,
            promptLatencySeconds: MetricsRecorder.summary(metrics.promptLatencies),
            decodeLatencySeconds: MetricsRecorder.summary(metrics.decodeLatencies),
            meanInFlightRequests: meanInFlight,
            issuedRequests: simulation.issued, completedRequests: simulation.completed,
            rejectedRequests: simulation.rejected, inFlightRequests: simulation.inFlightCount,
            queuedRequests: simulation.queuedCount,
            kvOverflowEvents: simulation.kvOverflows,
            simulatedSeconds: simulation.now, wallSeconds: wallSeconds, events: simulation.events,
            nodes: nodeReports, timeSeries: metrics.timeSeries(end: simulation.now))
        report.memoryPressure = simulation.pressure?.report()
        return report
    }

    private static func validate(workload: Workload, options: SimulationOptions) throws(SimulationError) {
        func require(_ ok: Bool, _ name: String, _ value: Double, _ expected: String) throws(SimulationError) {
            if !ok { throw .invalidParameter(name: name, value: "\(value)", expected: expected) }
        }
        try require(options.expectedKVHighWaterMark > 0 && options.expectedKVHighWaterMark <= 1,
                    "expectedKVHighWaterMark", options.expectedKVHighWaterMark, "a number in (0, 1]")
        try require(options.expectedOutputLengthRatio >= 0 && options.expectedOutputLengthRatio.isFinite,
                    "expectedOutputLengthRatio", options.expectedOutputLengthRatio, "a finite number ≥ 0")
        try require(options.timeSeriesIntervalSeconds > 0 && options.timeSeriesIntervalSeconds.isFinite,
                    "timeSeriesIntervalSeconds", options.timeSeriesIntervalSeconds, "a finite number > 0")
        try options.memoryPressure?.validate()
        try require(options.defaultDiskBytesPerSecond > 0 && options.defaultDiskBytesPerSecond.isFinite,
                    "defaultDiskBytesPerSecond", options.defaultDiskBytesPerSecond, "a finite number > 0")
        switch workload {
        case .offline(let offline):
            try require(offline.windowSeconds > 0 && offline.windowSeconds.isFinite, "windowSeconds", offline.windowSeconds, "a finite duration > 0")
            try require(offline.warmupSeconds >= 0 && offline.warmupSeconds.isFinite, "warmupSeconds", offline.warmupSeconds, "a finite duration ≥ 0")
            try require(offline.initialQueries >= 0, "initialQueries", Double(offline.initialQueries), "a count ≥ 0")
            try require(offline.feedHighWaterMark.isFinite, "feedHighWaterMark", offline.feedHighWaterMark, "a finite number")
            try require(offline.issueDelaySeconds >= 0 && offline.issueDelaySeconds.isFinite, "issueDelaySeconds", offline.issueDelaySeconds, "a finite delay ≥ 0")
            let shapes: [RequestShape]
            switch offline.lengths {
            case .sequence(let sequence): shapes = sequence
            case .sampled(let pool, _): shapes = pool
            }
            if shapes.isEmpty { throw .invalidParameter(name: "lengths", value: "empty", expected: "at least one (input, output) pair") }
            try validate(shapes)
        case .online(let online):
            try require(online.windowSeconds > 0 && online.windowSeconds.isFinite, "windowSeconds", online.windowSeconds, "a finite duration > 0")
            try require(online.warmupSeconds >= 0 && online.warmupSeconds.isFinite, "warmupSeconds", online.warmupSeconds, "a finite duration ≥ 0")
            var previous = 0.0
            for (index, arrival) in online.arrivals.enumerated() {
                try require(arrival.timeSeconds.isFinite && arrival.timeSeconds >= previous,
                            "arrivals[\(index)].timeSeconds", arrival.timeSeconds, "finite, ≥ 0 and in time order")
                previous = arrival.timeSeconds
            }
            try validate(online.arrivals.map(\.shape))
        }
    }

    private static func validate(_ shapes: [RequestShape]) throws(SimulationError) {
        for (index, shape) in shapes.enumerated() {
            if shape.inputTokens < 1 {
                throw .invalidParameter(name: "queries[\(index)].inputTokens", value: "\(shape.inputTokens)", expected: "≥ 1")
            }
            if shape.outputTokens < 1 {
                throw .invalidParameter(name: "queries[\(index)].outputTokens", value: "\(shape.outputTokens)", expected: "≥ 1")
            }
        }
    }
}
