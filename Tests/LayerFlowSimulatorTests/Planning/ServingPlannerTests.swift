import LayerFlow
@testable import LayerFlowSimulator
import LayerFlowTestSupport
import Testing

/// The serving objectives: candidates of every useful depth, ranked by the estimate, the best
/// confirmed in the simulator, never below the max-flow-optimal plan there.
struct ServingPlannerTests {
    static let shapes = SimulatorFixtures.syntheticShapes(count: 2_000, seed: 3)

    static func offline() -> Workload {
        .offline(OfflineWorkload(lengths: .sequence(shapes), warmupSeconds: 5, windowSeconds: 30))
    }

    static func options(_ objective: PlanObjective, seconds: Double = 20) -> PlanOptions {
        PlanOptions(timeLimitSeconds: seconds, formulation: .none, objective: objective)
    }

    @Test func candidatesCoverTheUsefulDepthsAndTheUnconstrainedPlanFirst() async throws {
        let cluster = try SimulatorFixtures.single24()
        let serving = ServingWorkload(Self.offline(), options: .helixOffline)
        let candidates = try await Planner().servingCandidates(cluster, options: Self.options(.realized(serving)))
        #expect(candidates.count >= 5)
        #expect(candidates[0].maxStages == nil)
        let deepest = candidates.map(\.result.throughputTokensPerSecond).max() ?? 0
        #expect(candidates[0].result.throughputTokensPerSecond == deepest)
        // Every stage-limited plan respects its limit and is scored.
        for candidate in candidates.dropFirst() {
            #expect(candidate.result.depth.stages <= candidate.maxStages ?? .max)
            #expect(candidate.estimate.realizedTokensPerSecond > 0)
        }
        #expect(Set(candidates.map(\.result.placement)).count == candidates.count)
    }

    @Test func theRealizedObjectiveChoosesTheBestPredictedPlan() async throws {
        let cluster = try SimulatorFixtures.single24()
        let serving = ServingWorkload(Self.offline(), options: .helixOffline)
        let result = try await Planner().plan(cluster, options: Self.options(.realized(serving)))
        let candidates = try #require(result.candidates)
        let best = candidates.map(\.estimate.realizedTokensPerSecond).max() ?? 0
        #expect((result.serving?.realizedTokensPerSecond ?? 0) >= best * 0.99)
        #expect(result.provenance.options.objective == .realized(serving))
        #expect(result.choice?.contains("predicted realized") == true)
        // The max-flow planner's answer and bound are unchanged by the objective.
        #expect(result.throughputTokensPerSecond > 0)
    }

    @Test func theServingPlannerNeverServesLessThanTheMaxFlowPlanInTheSimulator() async throws {
        let cluster = try SimulatorFixtures.single24()
        let workload = Self.offline()
        let serving = ServingWorkload(workload, options: .helixOffline)
        let result = try await ServingPlanner(planner: Planner(), confirmations: 1)
            .plan(cluster, options: Self.options(.realized(serving), seconds: 30), workload: workload, simulation: .helixOffline)
        let candidates = try #require(result.candidates)
        let simulated = candidates.filter { $0.simulated != nil }
        #expect(simulated.count >= 1)
        let chosen = try #require(candidates.first { $0.placement == result.placement }?.simulated)
        let maxFlowPlan = try #require(candidates.max { $0.throughputTokensPerSecond < $1.throughputTokensPerSecond })
        // The max-flow optimum is always simulated, and the answer never serves less than it.
        let flowFigures = try #require(maxFlowPlan.simulated)
        #expect(chosen.realizedTokensPerSecond >= flowFigures.realizedTokensPerSecond * 0.99)
        #expect(result.choice?.contains("simulated") == true)
    }

    @Test func anUnreachableLatencyTargetSaysSoWithTheBestReachable() async throws {
        let cluster = try SimulatorFixtures.single24()
        let arrivals = (0..<40).map { Arrival(timeSeconds: Double($0) * 0.5, shape: Self.shapes[$0]) }
        let workload = Workload.online(OnlineWorkload(arrivals: arrivals, windowSeconds: 30))
        let serving = ServingWorkload(workload, options: .helixOnline)
        let level = ServiceLevel(timePerOutputTokenSeconds: 1e-4)
        let result = try await ServingPlanner(planner: Planner(), confirmations: 1)
            .plan(cluster, options: Self.options(.serviceLevel(level, serving), seconds: 20), workload: workload, simulation: .helixOnline)
        #expect(result.choice?.hasPrefix("no simulated plan meets the targets") == true)
    }

    @Test func aServiceLevelWithoutTargetsIsRejectedUpFront() async throws {
        let cluster = try SimulatorFixtures.single24()
        let serving = ServingWorkload(Self.offline(), options: .helixOffline)
        await #expect(throws: PlanOptionsError.invalid(field: "objective", reason: "a service level needs a time-per-output-token or time-to-first-token target")) {
            try await Planner().plan(cluster, options: Self.options(.serviceLevel(ServiceLevel(), serving)))
        }
    }

    @Test func neighboursMoveOneBoundaryOrOneNodeAndStayValid() throws {
        let cluster = try SimulatorFixtures.single24()
        let start = SimulatorFixtures.stageAligned24(cluster)
        let refinement = ServingRefinement(
            cluster: cluster, workload: Self.offline(), simulation: .helixOffline,
            serving: ServingWorkload(Self.offline(), options: .helixOffline), objective: .realized(ServingWorkload(Self.offline(), options: .helixOffline)))
        let neighbours = refinement.neighbours(of: start)
        #expect(!neighbours.isEmpty)
        let original = start.rangesByNodeIndex(in: cluster)
        for neighbour in neighbours {
            try neighbour.validate(for: cluster)
            let ranges = neighbour.rangesByNodeIndex(in: cluster)
            let changed = zip(original, ranges).filter { $0 != $1 }.count
            // A boundary moves every holder of two ranges; a node move changes one node.
            #expect(changed >= 1)
            #expect(neighbour != start)
            // Coverage is kept: every layer still has a holder.
            for layer in 0..<cluster.model.layerCount {
                #expect(ranges.contains { $0.map { $0.start <= layer && layer < $0.end } ?? false }, "layer \(layer)")
            }
        }
    }

    @Test func theRefinedPlanIsNeverBelowTheBestSimulatedCandidate() async throws {
        let cluster = try SimulatorFixtures.single24()
        let workload = Self.offline()
        let serving = ServingWorkload(workload, options: .helixOffline)
        let result = try await ServingPlanner(planner: Planner(), confirmations: 2)
            .plan(cluster, options: Self.options(.realized(serving), seconds: 40), workload: workload, simulation: .helixOffline)
        let candidates = try #require(result.candidates)
        let chosen = try #require(candidates.first { $0.placement == result.placement }?.simulated)
        for other in candidates.compactMap(\.simulated) {
            #expect(chosen.realizedTokensPerSecond >= other.realizedTokensPerSecond * 0.99)
        }
        #expect(result.throughputTokensPerSecond > 0)
    }
}
