import LayerFlow
import LayerFlowSimulator
import LayerFlowTestSupport
import Testing

/// The simulator against Helix's own simulator, run on the same three placements of single24
/// with Helix's offline and online example settings (`../shared/sim-data`). Bar: 5 %.
@Suite(.enabled(if: SimulatorFixtures.simDataAvailable, SimulatorFixtures.simDataUnavailable))
struct SimulatorFidelityTests {
    static let placements = ["helix-milp", "stage-aligned-24", "stage-aligned-12"]
    static let tolerance = 0.05

    func simulate(_ name: String, _ workload: Workload, _ options: SimulationOptions) async throws -> SimulationReport {
        let cluster = try SimulatorFixtures.single24()
        let plan = SimulationPlan(cluster: cluster, placement: try SimulatorFixtures.helixPlacement(name))
        return try await Simulator(plan: plan, workload: workload, options: options).run()
    }

    /// Online on Helix's MILP plan (the other two placements are in the release benchmark
    /// `simulator-fidelity`; each online run is about two minutes in a debug build).
    @Test(arguments: ["helix-milp"])
    func onlineLatenciesWithinFivePercentOfHelix(_ name: String) async throws {
        let report = try await simulate(name, try SimulatorFixtures.helixOnlineWorkload(), .helixOnline)
        for (label, summary) in [("promptLatencySeconds", report.promptLatencySeconds), ("decodeLatencySeconds", report.decodeLatencySeconds)] {
            for (statistic, ours) in [("mean", summary.mean), ("p95", summary.p95)] {
                let helix = try SimulatorFixtures.helixFigure("online", name, label, statistic)
                #expect(relativeDifference(ours, helix) <= Self.tolerance, "\(name) \(label).\(statistic): ours \(ours), Helix \(helix)")
            }
        }
        #expect(report.completedRequests == 1293)
        #expect(report.inFlightRequests == 0 && report.rejectedRequests == 0)
        #expect(report.nodes.allSatisfy { $0.kvInUseAtEndTokenLayers == 0 })
    }

    /// Every offline figure within 5 % on each placement, and the ordering Helix shows: the 12-stage
    /// plan has the lowest latencies and the highest "Total time usage" of the three. (One test, so
    /// each of the three runs happens once.)
    @Test func offlineFiguresWithinFivePercentOfHelixAndTwelveStagesServeBest() async throws {
        var reports: [String: SimulationReport] = [:]
        for name in Self.placements {
            let report = try await simulate(name, try SimulatorFixtures.helixOfflineWorkload(), .helixOffline)
            try checkOffline(report, name)
            reports[name] = report
        }
        let best = try #require(reports["stage-aligned-12"])
        for name in Self.placements where name != "stage-aligned-12" {
            let other = try #require(reports[name])
            #expect(best.totalTimeUsageTokensPerSecond > other.totalTimeUsageTokensPerSecond, "vs \(name)")
            #expect(best.decodeLatencySeconds.mean < other.decodeLatencySeconds.mean, "vs \(name)")
            #expect(best.promptLatencySeconds.mean < other.promptLatencySeconds.mean, "vs \(name)")
        }
    }

    func checkOffline(_ report: SimulationReport, _ name: String) throws {
        let pairs: [(String, Double, Double)] = [
            ("decode tokens/s", report.decodeTokensPerSecond, try SimulatorFixtures.helixFigure("offline", name, "avgDecodeSpeedTokensPerSecond")),
            ("window tokens/s", report.realizedTokensPerSecond, try SimulatorFixtures.helixFigure("offline", name, "windowPromptPlusDecodeTokensPerSecond")),
            ("total time usage tokens/s", report.totalTimeUsageTokensPerSecond, try SimulatorFixtures.helixFigure("offline", name, "totalTimeUsageTokensPerSecond")),
            ("mean prompt latency", report.promptLatencySeconds.mean, try SimulatorFixtures.helixFigure("offline", name, "promptLatencySeconds", "mean")),
            ("mean decode latency", report.decodeLatencySeconds.mean, try SimulatorFixtures.helixFigure("offline", name, "decodeLatencySeconds", "mean")),
        ]
        for (label, ours, helix) in pairs {
            #expect(relativeDifference(ours, helix) <= Self.tolerance, "\(name) \(label): ours \(ours), Helix \(helix)")
        }
        #expect(report.kvOverflowEvents == 0)
        #expect(report.issuedRequests == report.completedRequests + report.rejectedRequests + report.inFlightRequests)
    }

}
