import Foundation
import LayerFlow

/// The single24 plan the re-planning tests start from, and from-scratch plans to compare against.
enum ReplanFixtures {
    /// Helix's single24 cluster and its optimal 24-stage plan (planned once per run).
    static func single24Plan() throws -> (Cluster, Placement) {
        try SchedulingFixtures.single24Plan()
    }

    /// An unconstrained max-flow plan from scratch (heuristics and the stage-aligned program, no
    /// MILP), deterministic.
    static func fromScratch(_ cluster: Cluster) async throws -> Double {
        let options = PlanOptions(timeLimitSeconds: 60, formulation: .none, deterministicNodeLimit: 1)
        return try await Planner().plan(cluster, options: options).throughputTokensPerSecond
    }

    /// Every layer of `placement` is held by some node.
    static func covers(_ placement: Placement, layers: Int) -> Bool {
        placement.uncoveredLayers(layerCount: layers).isEmpty
    }
}
