import LayerFlow
import LayerFlowGLPK
import Testing

/// The planner on small random network-bound clusters (regions inferred, never labelled) against
/// brute force: the regions are found (where some region has two nodes), the proven bound (with the MILP's classes by type and
/// inferred region) is never below the enumerated optimum, and neither the planner's plan nor the
/// network-aware stage-aligned plan is above it (and the planner reaches it: these clusters are tiny).
@Suite(.serialized)
struct GeoPlannerPropertyTests {
    static let clusterCount = 150

    @Test func boundsHoldAndRegionsAreFoundOnNetworkBoundClusters() async throws {
        var failures: [String] = []
        for seed in UInt64(0)..<UInt64(Self.clusterCount) {
            let (tiny, regionOfNode) = try TinyCluster.randomGeo(seed: seed)
            let regions = RegionInference(cluster: tiny.cluster)
            var problems: [String] = []
            // Regions can be told apart only when one of them has an inner link to compare with.
            let hasInnerLink = Set(regionOfNode).count < regionOfNode.count
            if hasInnerLink && regions.regionOfNode != regionOfNode { problems.append("regions \(regions.regionOfNode), made \(regionOfNode)") }
            let optimum = tiny.enumeratedOptimum()
            let result = try await Planner(solver: GLPKSolver()).plan(
                tiny.cluster, options: PlanOptions(timeLimitSeconds: 2, rule: tiny.rule))
            if result.upperBoundTokensPerSecond < optimum * (1 - 1e-9) {
                problems.append("bound \(result.upperBoundTokensPerSecond) below the optimum")
            }
            if result.throughputTokensPerSecond > optimum * (1 + 1e-9) {
                problems.append("plan \(result.throughputTokensPerSecond) above the optimum")
            }
            if result.throughputTokensPerSecond < optimum * (1 - 1e-6) {
                problems.append("plan \(result.throughputTokensPerSecond) below the optimum")
            }
            if let geo = GeoStagePlanner(cluster: tiny.cluster, regions: regions, rule: tiny.rule)?
                .bestPlan(maxStages: nil, budget: .unlimited) {
                let recomputed = tiny.cluster.throughput(ranges: geo.ranges, rule: tiny.rule)
                if geo.throughput > optimum * (1 + 1e-9) { problems.append("network-aware plan \(geo.throughput) above the optimum") }
                if abs(recomputed - geo.throughput) > 1e-9 * max(1, recomputed) {
                    problems.append("network-aware plan claims \(geo.throughput), max flow \(recomputed)")
                }
            }
            if !problems.isEmpty {
                failures.append("\(tiny) — optimum \(optimum), plan \(result.throughputTokensPerSecond), "
                    + "bound \(result.upperBoundTokensPerSecond): " + problems.joined(separator: "; "))
            }
        }
        let report = "\(failures.count) of \(Self.clusterCount):\n" + failures.joined(separator: "\n")
        #expect(failures.isEmpty, "\(report)")
    }
}
