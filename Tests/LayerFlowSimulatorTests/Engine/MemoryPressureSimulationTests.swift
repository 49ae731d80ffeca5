import LayerFlow
@testable import LayerFlowSimulator
import LayerFlowTestSupport
import Testing

/// The memory-pressure policy in the simulator: a 2×-capacity burst on two replicas drops (fuses
/// them into one pipeline) and restores, with exact capacities and reload costs, every request
/// completing, the KV books balanced across the switches, and a lower tail TTFT; off by default;
/// bad options are typed errors naming the field.
@Suite
struct MemoryPressureSimulationTests {
    static func workload() -> Workload {
        let arrivals = PressureFixtures.burstArrivals().map {
            Arrival(timeSeconds: $0.time, shape: RequestShape(inputTokens: $0.input, outputTokens: $0.output))
        }
        return .online(OnlineWorkload(arrivals: arrivals, warmupSeconds: 0, windowSeconds: 60))
    }

    /// LayerFlow routing with reservations that match the real outputs, high-water mark 1.
    static func options(pressure: Bool) -> SimulationOptions {
        var options = SimulationOptions.helixOnline
        options.routing = .layerFlow
        options.averageOutputTokens = 400
        options.expectedOutputLengthRatio = 1
        options.expectedKVHighWaterMark = 1
        if pressure {
            var policy = MemoryPressureOptions()
            policy.observationIntervalSeconds = 0.1
            options.memoryPressure = policy
        }
        return options
    }

    static func run(pressure: Bool) async throws -> SimulationReport {
        let (cluster, placement) = try PressureFixtures.replicatedPair()
        let simulator = try Simulator(
            plan: SimulationPlan(cluster: cluster, placement: placement), workload: workload(), options: options(pressure: pressure))
        return try await simulator.run()
    }

    @Test func thePolicyIsOffByDefault() async throws {
        #expect(SimulationOptions().memoryPressure == nil)
        let report = try await Self.run(pressure: false)
        #expect(report.memoryPressure == nil)
        #expect(report.completedRequests == 68)
    }

    @Test func aBurstDropsThenRestoresWithExactCapacitiesAndCosts() async throws {
        let report = try await Self.run(pressure: true)
        let pressure = try #require(report.memoryPressure)
        #expect(pressure.switches.map(\.action) == [.drop, .restore])
        let drop = pressure.switches[0], restore = pressure.switches[1]
        #expect(drop.groups == [["a", "b"]])
        // Σ token·layers ÷ 4 layers: two replicas, then two 2-layer members.
        let replica = PressureFixtures.tokens(layers: 4), member = PressureFixtures.tokens(layers: 2)
        #expect(drop.kvCapacityTokensBefore == 2 * replica)
        #expect(drop.kvCapacityTokensAfter == member)
        #expect(restore.kvCapacityTokensBefore == member && restore.kvCapacityTokensAfter == 2 * replica)
        // The drop reloads nothing; the restore reloads 2 layers on each member at 1 GB/s.
        #expect(drop.weightBytesReloaded == 0 && drop.reloadSeconds == 0)
        #expect(restore.weightBytesReloaded == 4e9)
        #expect(restore.reloadSeconds == 2)
        let reloaded = try #require(restore.reloadedAtSeconds)
        #expect(abs(reloaded - (restore.decidedAtSeconds + 2)) < 1e-9)
        #expect(restore.drainedAtSeconds >= reloaded && restore.switchedAtSeconds >= restore.drainedAtSeconds)
        // Each moved request sends the 2 layers its node gives up: whole multiples of 2 × 40,960
        // bytes per token; the two directions share the pair's link. (A request still in its
        // prompt holds no KV and moves nothing.)
        #expect(pressure.switches.contains { $0.kvBytesMoved > 0 })
        for change in pressure.switches {
            #expect((change.kvBytesMoved > 0) == (change.requestsMoved > 0))
            let perToken = 2 * PressureFixtures.kvBytesPerTokenPerLayer
            #expect((change.kvBytesMoved / perToken).rounded() == change.kvBytesMoved / perToken)
            #expect(change.kvExchangeSeconds <= change.kvBytesMoved / 1e9 + 1e-9)
            #expect(change.kvExchangeSeconds >= change.kvBytesMoved / 2e9 - 1e-9)
            #expect(abs(change.switchedAtSeconds - change.drainedAtSeconds - change.kvExchangeSeconds) < 1e-9)
            #expect(change.requestsPreempted == 0)
        }
        #expect(restore.maxFlowAfterTokensPerSecond == report.maxFlowTokensPerSecond)
        #expect(drop.maxFlowBeforeTokensPerSecond == report.maxFlowTokensPerSecond)
        // Nothing lost, the placement back as it was, and every KV slot given back.
        #expect(report.issuedRequests == 68 && report.completedRequests == 68)
        #expect(report.rejectedRequests == 0 && report.queuedRequests == 0 && report.kvOverflowEvents == 0)
        #expect(report.nodes.map(\.layers) == [LayerRange(0, 4), LayerRange(0, 4)])
        #expect(report.nodes.allSatisfy { $0.kvInUseAtEndTokenLayers == 0 })
        // The observations: the trigger saw ≥ 95 % before the drop, fused samples in between.
        let before = pressure.samples.filter { $0.timeSeconds <= drop.decidedAtSeconds }
        #expect(before.last.map { $0.kvUse >= 0.95 } == true)
        #expect(pressure.samples.contains { $0.fused })
        #expect(pressure.samples.reduce(0) { $0 + $1.promptsFinished } == 68)
    }

    /// Without pressure the policy only observes: the run is the same event for event.
    @Test func anIdlePolicyChangesNothing() async throws {
        let (cluster, placement) = try PressureFixtures.replicatedPair()
        let plan = SimulationPlan(cluster: cluster, placement: placement)
        let arrivals = PressureFixtures.burstArrivals(burst: 0, tail: 20).map {
            Arrival(timeSeconds: $0.time, shape: RequestShape(inputTokens: $0.input, outputTokens: $0.output))
        }
        let workload = Workload.online(OnlineWorkload(arrivals: arrivals, warmupSeconds: 0, windowSeconds: 60))
        let off = try await Simulator(plan: plan, workload: workload, options: Self.options(pressure: false)).run()
        let on = try await Simulator(plan: plan, workload: workload, options: Self.options(pressure: true)).run()
        let pressure = try #require(on.memoryPressure)
        #expect(pressure.switches.isEmpty)
        #expect(!pressure.samples.isEmpty && pressure.samples.allSatisfy { !$0.fused && $0.kvUse < 0.95 })
        #expect(on.events == off.events)
        #expect(on.promptLatencySeconds == off.promptLatencySeconds && on.decodeLatencySeconds == off.decodeLatencySeconds)
        #expect(on.realizedTokensPerSecond == off.realizedTokensPerSecond && on.nodes == off.nodes)
        #expect(on.timeSeries == off.timeSeries)
    }

    @Test func thePolicyCutsTheTailTTFTOfTheBurst() async throws {
        let without = try await Self.run(pressure: false)
        let with = try await Self.run(pressure: true)
        #expect(with.completedRequests == without.completedRequests)
        #expect(with.promptLatencySeconds.p99 * 2 < without.promptLatencySeconds.p99)
    }

    @Test func badOptionsAreTypedErrorsNamingTheField() throws {
        let (cluster, placement) = try PressureFixtures.replicatedPair()
        let plan = SimulationPlan(cluster: cluster, placement: placement)
        func name(_ options: SimulationOptions, _ plan: SimulationPlan) -> String? {
            do {
                _ = try Simulator(plan: plan, workload: Self.workload(), options: options)
                return nil
            } catch {
                if case let .invalidParameter(name, _, _) = error { return name }
                return "\(error)"
            }
        }
        var helix = Self.options(pressure: true)
        helix.routing = .helixMaxFlow
        #expect(name(helix, plan) == "memoryPressure")
        var interval = Self.options(pressure: true)
        interval.memoryPressure?.observationIntervalSeconds = 0
        #expect(name(interval, plan) == "memoryPressure.observationIntervalSeconds")
        var thresholds = Self.options(pressure: true)
        thresholds.memoryPressure?.policy.restoreUsage = 0.99
        #expect(name(thresholds, plan) == "memoryPressure.policy.restoreUsage")
        var degree = Self.options(pressure: true)
        degree.memoryPressure?.maxPipelineDegree = 1
        #expect(name(degree, plan) == "memoryPressure.maxPipelineDegree")
        // A pipeline (no replicated range) has no weight copy to donate.
        let pipeline = SimulationPlan(cluster: cluster, placement: Placement(["a": LayerRange(0, 2), "b": LayerRange(2, 4)]))
        #expect(name(Self.options(pressure: true), pipeline) == "memoryPressure (drop plan)")
    }
}
