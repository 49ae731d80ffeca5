import Foundation
import LayerFlow
import LayerFlowSimulator
import LayerFlowTestSupport
import Testing

/// Invariants of every run, on the bundled single24 cluster (no ../shared needed): requests are
/// accounted for, KV never overflows and is freed, Little's law holds, and runs are deterministic.
struct SimulatorInvariantTests {
    static let shapes = SimulatorFixtures.syntheticShapes(count: 4_000, seed: 7)

    func offline(window: Double = 240, routing: SimulationOptions.Routing = .helixMaxFlow) async throws -> SimulationReport {
        let cluster = try SimulatorFixtures.single24()
        var options = SimulationOptions.helixOffline
        options.routing = routing
        let workload = Workload.offline(OfflineWorkload(lengths: .sequence(Self.shapes), warmupSeconds: 30, windowSeconds: window))
        let plan = SimulationPlan(cluster: cluster, placement: SimulatorFixtures.stageAligned24(cluster))
        return try await Simulator(plan: plan, workload: workload, options: options).run()
    }

    @Test(arguments: SimulationOptions.Routing.allCases)
    func everyQueryIsAccountedForAndKVStaysWithinCapacity(_ routing: SimulationOptions.Routing) async throws {
        let report = try await offline(window: 120, routing: routing)
        #expect(report.issuedRequests > 0 && report.completedRequests > 0)
        #expect(report.issuedRequests
                == report.completedRequests + report.rejectedRequests + report.inFlightRequests + report.queuedRequests)
        #expect(report.kvOverflowEvents == 0)
        for node in report.nodes {
            #expect(node.kvPeakTokenLayers <= node.kvCapacityTokenLayers, "\(node.id)")
            #expect(node.busyFraction >= 0 && node.busyFraction <= 1, "\(node.id)")
        }
    }

    /// In flight ≈ throughput × latency: every admitted query has exactly one iteration in flight,
    /// so the mean number in flight equals decode tokens/s × mean time between tokens.
    @Test func littlesLawHoldsWithinFivePercent() async throws {
        let report = try await offline(window: 300)
        let predicted = report.decodeTokensPerSecond * report.decodeLatencySeconds.mean
        #expect(relativeDifference(report.meanInFlightRequests, predicted) <= 0.05,
                "in flight \(report.meanInFlightRequests), throughput × latency \(predicted)")
    }

    @Test func sameInputsGiveByteIdenticalReports() async throws {
        func encoded(_ report: SimulationReport) throws -> Data {
            var report = report
            report.wallSeconds = 0  // the only figure that is not simulated
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return try encoder.encode(report)
        }
        let first = try encoded(try await offline(window: 60))
        let second = try encoded(try await offline(window: 60))
        #expect(first == second)
    }

    /// An online run serves every query to its end and frees every KV slot it took.
    @Test func onlineRunFinishesEveryQueryAndFreesAllKV() async throws {
        let cluster = try SimulatorFixtures.single24()
        let arrivals = try ArrivalGenerator(
            process: .poisson, lengths: Self.shapes, offeredTokensPerSecond: 500, durationSeconds: 120, seed: 3).arrivals()
        let plan = SimulationPlan(cluster: cluster, placement: SimulatorFixtures.stageAligned24(cluster))
        let report = try await Simulator(
            plan: plan, workload: .online(OnlineWorkload(arrivals: arrivals, windowSeconds: 120)), options: .helixOnline).run()
        #expect(report.completedRequests == arrivals.count)
        #expect(report.inFlightRequests == 0 && report.rejectedRequests == 0)
        #expect(report.nodes.allSatisfy { $0.kvInUseAtEndTokenLayers == 0 })
        #expect(report.timeSeries.last?.inFlightRequests == 0)
    }

    @Test func cancellationStopsTheRun() async throws {
        let cluster = try SimulatorFixtures.single24()
        let plan = SimulationPlan(cluster: cluster, placement: SimulatorFixtures.stageAligned24(cluster))
        let simulator = try Simulator(plan: plan, workload: .offline(OfflineWorkload(lengths: .sequence(Self.shapes))))
        let task = Task { try await simulator.run(progressEvents: 1_000) }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }
}
