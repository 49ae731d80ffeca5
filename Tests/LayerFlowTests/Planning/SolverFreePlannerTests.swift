import LayerFlow
import Synchronization
import LayerFlowTestSupport
import Testing

/// The planner without a MILP solver (heuristics, the stage-aligned program and the solver-free
/// bounds): it still plans, bounds and proves, and it validates its options before any work.
@Suite struct SolverFreePlannerTests {
    @Test func withoutASolverThePlannerProvesSingle24() async throws {
        let cluster = try BundledExamples.cluster("helix-single24-llama70b")
        let result = try await Planner().plan(cluster, options: PlanOptions(formulation: .none))
        #expect(result.throughputTokensPerSecond >= 2045.64)
        #expect(result.provenance.solver == nil)
        #expect(result.upperBoundTokensPerSecond >= result.throughputTokensPerSecond)
        #expect(result.status == .optimal, "the capped work bound proves the 24-stage plan")
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason))
    func withoutASolverThePlannerStillPlansAndBounds() async throws {
        let cluster = try SharedData.instance("helix-single24-a100-llama30b.json").cluster()
        let result = try await Planner().plan(cluster, options: PlanOptions(formulation: .none))
        #expect(result.throughputTokensPerSecond >= 1044.53)
        #expect(result.provenance.solver == nil)
        #expect(result.upperBoundTokensPerSecond >= result.throughputTokensPerSecond)
    }

    @Test func invalidOptionsAreRejectedNamingTheOption() async throws {
        let cluster = try ClusterFixtures.small()
        await #expect(throws: PlanOptionsError.invalid(field: "maxStages", reason: "0 must be ≥ 1")) {
            try await Planner().plan(cluster, options: PlanOptions(maxStages: 0))
        }
    }

    @Test func helixUnderPartialInferenceIsRefusedBeforeAnyWork() async throws {
        let cluster = try BundledExamples.cluster("helix-single24-llama70b")
        let phases = PhaseLog()
        await #expect(throws: PlanOptionsError.invalid(field: "formulation", reason: "Helix's formulation models strict contiguity only")) {
            try await Planner().plan(cluster, options: PlanOptions(rule: .partialInference, formulation: .helix)) { phases.append($0.phase) }
        }
        #expect(phases.all.isEmpty, "no phase ran: \(phases.all)")
    }

    @Test func progressNamesEachPhaseAsAValue() async throws {
        let cluster = try BundledExamples.cluster("helix-single24-llama70b")
        let phases = PhaseLog()
        _ = try await Planner().plan(cluster, options: PlanOptions(formulation: .none)) { phases.append($0.phase) }
        #expect(phases.all.contains(.heuristics))
        #expect(phases.all.allSatisfy { !$0.description.isEmpty })
    }
}

/// Phases a progress callback saw, from any thread.
final class PhaseLog: Sendable {
    private let phases = Mutex<[PlanPhase]>([])
    func append(_ phase: PlanPhase) { phases.withLock { $0.append(phase) } }
    var all: [PlanPhase] { phases.withLock { $0 } }
}
