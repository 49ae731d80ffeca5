import Foundation
import LayerFlow
import LayerFlowGLPK
import Testing

/// The planner against brute force on small random clusters (both contiguity rules, with and
/// without stage limits): the proven bound is at least the enumerated optimum, the plan at most
/// it, and on clusters this small the plan *is* the optimum; every run ends within its time limit.
@Suite(.serialized)
struct PlannerPropertyTests {
    /// 150 clusters by default; `LAYERFLOW_TINY_CLUSTERS`, `LAYERFLOW_TINY_NODES` and
    /// `LAYERFLOW_TINY_LAYERS` widen the audit (e.g. 2,000 clusters of up to 5 nodes and 6 layers).
    static let environment = ProcessInfo.processInfo.environment
    static let clusterCount = environment["LAYERFLOW_TINY_CLUSTERS"].flatMap(Int.init) ?? 150
    static let maxNodes = environment["LAYERFLOW_TINY_NODES"].flatMap(Int.init) ?? 4
    static let maxLayers = environment["LAYERFLOW_TINY_LAYERS"].flatMap(Int.init) ?? 5
    static let firstSeed = environment["LAYERFLOW_TINY_SEED"].flatMap(UInt64.init) ?? 0
    static let timeLimit = 2.0

    @Test func planMeetsTheEnumeratedOptimumWithinTheTimeLimit() async throws {
        var failures: [String] = []
        for seed in Self.firstSeed..<(Self.firstSeed + UInt64(Self.clusterCount)) {
            let tiny = try TinyCluster.random(seed: seed, maxNodes: Self.maxNodes, maxLayers: Self.maxLayers)
            let optimum = tiny.enumeratedOptimum()
            let start = Date()
            let result: PlanResult
            do {
                result = try await Planner(solver: GLPKSolver()).plan(
                    tiny.cluster, options: PlanOptions(timeLimitSeconds: Self.timeLimit, rule: tiny.rule, maxStages: tiny.maxStages))
            } catch {
                failures.append("\(tiny) — optimum \(optimum): \(error)")
                continue
            }
            let elapsed = Date().timeIntervalSince(start)
            let plan = result.throughputTokensPerSecond
            let bound = result.upperBoundTokensPerSecond
            var problems: [String] = []
            // The planner's own clock (start to result) holds the bar; the wall clock also counts
            // waiting for a thread of the test pool, which parallel suites can keep busy.
            if result.provenance.seconds > Self.timeLimit * 1.1 + 1 { problems.append("took \(result.provenance.seconds) s") }
            if elapsed > Self.timeLimit * 1.1 + 1 + 30 { problems.append("returned after \(elapsed) s") }
            if bound < optimum * (1 - 1e-9) { problems.append("bound \(bound) below the optimum") }
            if plan > optimum * (1 + 1e-9) { problems.append("plan \(plan) above the optimum") }
            if plan < optimum * (1 - 1e-6) { problems.append("plan \(plan) below the optimum") }
            if optimum == 0 && result.status != .infeasible && bound > 0 {
                problems.append("status \(result.status) with bound \(bound) where nothing can be served")
            }
            if result.status == .optimal && !(result.gap <= 1e-6 + PlanResult.gapTolerance) {
                problems.append("optimal with gap \(result.gap)")
            }
            if !problems.isEmpty {
                failures.append("\(tiny) — optimum \(optimum), plan \(plan), bound \(bound), status \(result.status), "
                    + "method \(result.provenance.method): " + problems.joined(separator: "; "))
            }
        }
        let report = "\(failures.count) of \(Self.clusterCount):\n" + failures.joined(separator: "\n")
        #expect(failures.isEmpty, "\(report)")
    }
}
