import Foundation
import LayerFlow
import LayerFlowGLPK
import Testing

/// The depth-budget relaxation (`LayerCoverageFormulation.Options.depthBudget`): flows without a
/// hop index and one row `Σ flows ≤ D · F`. Its refutations lower the planner's proven bound under
/// a stage limit, so it must never refute a throughput some placement reaches within D stages.
@Suite(.serialized)
struct DepthBudgetBoundTests {
    /// Solves like the planner's target search: GLPK without cuts, integrality tolerance 1e-9.
    static func solve(_ model: MILPModel) throws -> MILPSolution {
        try GLPKSolver().solve(
            model, options: MILPSolveOptions(cuts: [], logLevel: .off, integralityTolerance: 1e-9), log: nil) { _ in .proceed }
    }

    /// On small random clusters, every one with a stage limit: the model, maximising F, is at
    /// least the enumerated optimum (the best max flow of any placement whose flow-carrying paths
    /// have at most D nodes), and as a target test it accepts that optimum (no refutation of a
    /// value a plan reaches). Both contiguity rules; links that bind or not.
    @Test func neverBelowTheEnumeratedOptimum() throws {
        var failures: [String] = []
        var limited = 0
        for seed in UInt64(0)..<120 {
            var tiny = try TinyCluster.random(seed: seed, maxNodes: 4, maxLayers: 5)
            tiny.maxStages = 1 + Int(seed % UInt64(tiny.cluster.nodes.count))
            let optimum = tiny.enumeratedOptimum()
            guard optimum > 0 else { continue }
            limited += 1
            let maximise = LayerCoverageFormulation(
                cluster: tiny.cluster,
                options: .init(maxStages: tiny.maxStages, rule: tiny.rule, depthBudget: true))
            let best = try Self.solve(maximise.model)
            if best.status != .optimal || (best.objective ?? 0) < optimum * (1 - 1e-9) {
                failures.append("\(tiny): max F \(best.objective as Any) (\(best.status)) below the optimum \(optimum)")
            }
            let target = optimum * (1 - 1e-9)
            let test = LayerCoverageFormulation(
                cluster: tiny.cluster,
                options: .init(target: target, upperBound: target, maxStages: tiny.maxStages, rule: tiny.rule, depthBudget: true))
            let answer = try Self.solve(test.model)
            if answer.status == .infeasible {
                failures.append("\(tiny): refutes \(target), which a plan reaches (optimum \(optimum))")
            }
        }
        #expect(limited >= 60, "only \(limited) clusters could serve anything")
        let report = "\(failures.count) failures:\n" + failures.joined(separator: "\n")
        #expect(failures.isEmpty, "\(report)")
    }

    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/helix-single24-llama70b.json").path

    /// The bundled helix-single24-llama70b at 20 stages: the stage-aligned plan reaches 1,754.38
    /// (every A100 holding 9 layers); the depth budget refutes 1,756 at once, where the solver-free
    /// depth-limited work bound only reaches 2,021.80 and the hop-indexed model is too large for
    /// GLPK to decide in the planner's time.
    @Test func refutesTheTwentyStageTargetAboveTheStageAlignedPlan() throws {
        let cluster = try ClusterFile.load(path: Self.example).cluster
        let plan = try #require(StageAlignedPlanner(cluster: cluster)?.bestPlan(maxStages: 20))
        #expect(abs(plan.stageCapacity - 1_754.38) < 0.01)
        #expect(WorkBound(cluster: cluster).upperBound(maxStages: 20) > 2_000)
        let above = LayerCoverageFormulation(
            cluster: cluster, options: .init(target: 1_756, upperBound: 2_021.8, maxStages: 20, depthBudget: true))
        #expect(try Self.solve(above.model).status == .infeasible)
    }
}
