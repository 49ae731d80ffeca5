import Foundation
import LayerFlow
import LayerFlowGLPK
import LayerFlowTestSupport
import Testing

/// The anytime planner with GLPK: reaches each best known value and proves it optimal (on the
/// bundled examples always, on the other shared Helix instances where `../shared` is present);
/// honours time limits, cancellation and deterministic mode.
@Suite(.serialized)
struct PlannerTests {
    /// A cluster, a stage limit, the value to reach.
    struct Target: Sendable, CustomTestStringConvertible {
        var name: String
        var maxStages: Int?
        var atLeast: Double
        var testDescription: String { "\(name) ≤\(maxStages.map(String.init) ?? "∞") stages" }
    }

    /// The bundled examples: the best stage-aligned values the issue quotes for single24 (Helix's
    /// own plan: 1289.56), the file's proven optimum for cluster10.
    static let bundledTargets: [Target] = [
        Target(name: "helix-single24-llama70b", maxStages: nil, atLeast: 2045.64),
        Target(name: "helix-single24-llama70b", maxStages: 12, atLeast: 1392.63),
        Target(name: "helix-cluster10-llama30b", maxStages: nil, atLeast: 286.5874097546421 * (1 - 1e-12)),
    ]

    /// The shared instances that are not bundled: the files' proven optima.
    static let sharedTargets: [Target] = [
        Target(name: "helix-single24-a100-llama30b", maxStages: nil, atLeast: 1044.533345056491 * (1 - 1e-12)),
        Target(name: "helix-single24-l4-llama30b", maxStages: nil, atLeast: 252.6498460282083 * (1 - 1e-12)),
        Target(name: "helix-single24-t4-llama30b", maxStages: nil, atLeast: 397.6850640835782 * (1 - 1e-12)),
    ]

    @Test(arguments: bundledTargets)
    func reachesAndProvesTheBestKnownPlan(_ target: Target) async throws {
        try await Self.check(target, on: try BundledExamples.cluster(target.name))
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason), arguments: sharedTargets)
    func reachesAndProvesTheBestKnownPlanOnTheSharedInstances(_ target: Target) async throws {
        try await Self.check(target, on: try SharedData.instance("\(target.name).json").cluster())
    }

    static func check(_ target: Target, on cluster: Cluster) async throws {
        let result = try await Planner(solver: GLPKSolver()).plan(
            cluster, options: PlanOptions(timeLimitSeconds: 60, maxStages: target.maxStages))
        #expect(result.throughputTokensPerSecond >= target.atLeast, "\(target.name): \(result.throughputTokensPerSecond)")
        #expect(result.status == .optimal)
        #expect(result.gap <= 1e-6)
        #expect(result.upperBoundTokensPerSecond >= result.throughputTokensPerSecond)
        // The reported throughput is our own max-flow of the placement.
        let recomputed = try cluster.evaluate(result.placement).throughputTokensPerSecond
        #expect(recomputed == result.throughputTokensPerSecond)
        if let limit = target.maxStages { #expect(result.depth.stages <= limit) }
    }

    /// A 45-node, three-region cluster with slow links between regions: the search runs to its limit.
    static func threeRegions() throws -> Cluster {
        let base = try BundledExamples.cluster("helix-single24-llama70b")
        return try ClusterGenerator.multiRegion(
            name: "three-regions", model: base.model, gpuTypes: base.gpuTypes,
            regions: [
                .init(name: "us", nodeCounts: ["A100": 3, "L4": 6, "T4": 6]),
                .init(name: "eu", nodeCounts: ["A100": 2, "L4": 4, "T4": 9]),
                .init(name: "ap", nodeCounts: ["A100": 1, "L4": 6, "T4": 8]),
            ],
            network: .init(intraRegionBandwidthBytesPerSecond: 1.25e9, interRegionBandwidthBytesPerSecond: 1e7, jitter: 0.1),
            seed: 1)
    }

    @Test func timeLimitIsHonouredWithinTenPercent() async throws {
        let cluster = try Self.threeRegions()
        let start = Date()
        let result = try await Planner(solver: GLPKSolver()).plan(cluster, options: PlanOptions(timeLimitSeconds: 5))
        let elapsed = Date().timeIntervalSince(start)
        // The documented contract (docs/Reliability.md): the limit holds within T + 10 % + 1 s, which
        // covers the final evaluation and a GLPK solve reaching its next callback.
        #expect(elapsed <= 5 * 1.1 + 1, "took \(elapsed) s")
        #expect(result.status == .timeLimit || result.status == .optimal)
        #expect(result.throughputTokensPerSecond > 0)
        #expect(result.upperBoundTokensPerSecond >= result.throughputTokensPerSecond)
    }

    @Test func cancellationStopsWithinOneSecond() async throws {
        let cluster = try Self.threeRegions()
        let task = Task { try await Planner(solver: GLPKSolver()).plan(cluster, options: PlanOptions(timeLimitSeconds: 60)) }
        try await Task.sleep(for: .seconds(2))
        let cancelled = Date()
        task.cancel()
        let result = try await task.value
        let delay = Date().timeIntervalSince(cancelled)
        #expect(delay <= 1, "stopped \(delay) s after cancellation")
        #expect(result.status == .cancelled)
        #expect(result.upperBoundTokensPerSecond >= result.throughputTokensPerSecond)
    }

    @Test func deterministicModeGivesByteIdenticalPlans() async throws {
        let cluster = try BundledExamples.cluster("helix-cluster10-llama30b")
        let options = PlanOptions(seed: 7, deterministicNodeLimit: 50)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var encodings: [Data] = []
        for _ in 0..<2 {
            let result = try await Planner(solver: GLPKSolver()).plan(cluster, options: options)
            var stable = result
            stable.statistics = PlanResult.Statistics()  // wall-clock timings differ
            stable.provenance.seconds = 0
            encodings.append(try encoder.encode(stable))
        }
        #expect(encodings[0] == encodings[1])
    }

    @Test func networkBoundClusterBeatsTheBaselines() async throws {
        let cluster = try Self.threeRegions()
        #expect(cluster.nodes.count >= 40 && cluster.links.count >= 2000)
        let result = try await Planner(solver: GLPKSolver()).plan(cluster, options: PlanOptions(timeLimitSeconds: 10))
        for method in BaselineMethod.allCases {
            let baseline = try cluster.evaluate(method.placement(for: cluster)).throughputTokensPerSecond
            #expect(result.throughputTokensPerSecond >= baseline, "\(method): \(baseline)")
        }
        #expect(result.upperBoundTokensPerSecond >= result.throughputTokensPerSecond)
    }

    @Test func prunedLinksPlanIsEvaluatedOnEveryLink() async throws {
        let cluster = try Self.threeRegions()
        // Helix's rule: keep each node's 4 to 8 fastest links (threshold in bytes per second here).
        let pruning = PlanOptions.LinkPruning(minKeep: 4, maxKeep: 8, keepBandwidthThreshold: 1e9)
        let pruned = cluster.pruned(minKeep: 4, maxKeep: 8, keepBandwidthThreshold: 1e9)
        #expect(pruned.links.count < cluster.links.count)
        let result = try await Planner(solver: GLPKSolver()).plan(
            cluster, options: PlanOptions(timeLimitSeconds: 5, formulation: .none, pruning: pruning))
        let onFull = try cluster.evaluate(result.placement).throughputTokensPerSecond
        #expect(result.throughputTokensPerSecond == onFull)
        #expect(onFull >= (try pruned.evaluate(result.placement).throughputTokensPerSecond))
        #expect(result.throughputTokensPerSecond > 0)
    }
}
