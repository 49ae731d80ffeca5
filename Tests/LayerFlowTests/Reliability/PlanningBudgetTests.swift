import Foundation
@testable import LayerFlow
import LayerFlowTestSupport
import Testing

/// Every loop that grows with the input polls one budget: heuristics, dynamic programs and the
/// planner stop when it runs out, with the best result so far.
@Suite(.serialized)
struct PlanningBudgetTests {
    /// `count` nodes of two types on a ring (each node linked to its neighbours and the coordinator).
    static func ring(_ count: Int, layers: Int = 80) throws -> Cluster {
        let big = GPUType(
            name: "big", vramBytes: 80e9, nicInBytesPerSecond: 1.25e9, nicOutBytesPerSecond: 1.25e9,
            maxLayers: 12, throughputTokensPerSecondByLayerCount: (1...12).map { 24000 / Double($0) })
        let small = GPUType(
            name: "small", vramBytes: 16e9, nicInBytesPerSecond: 1.25e9, nicOutBytesPerSecond: 1.25e9,
            maxLayers: 8, throughputTokensPerSecondByLayerCount: (1...8).map { 6000 / Double($0) })
        let nodes = (0..<count).map { ComputeNode(id: "n\($0)", type: $0 % 3 == 0 ? "big" : "small") }
        var links: [Link] = []
        for i in 0..<count {
            links.append(Link(from: .coordinator, to: .node("n\(i)"), bandwidthBytesPerSecond: 1.25e8))
            links.append(Link(from: .node("n\(i)"), to: .coordinator, bandwidthBytesPerSecond: 1.25e8))
            links.append(Link(from: .node("n\(i)"), to: .node("n\((i + 1) % count)"), bandwidthBytesPerSecond: 1.25e9))
            links.append(Link(from: .node("n\((i + 1) % count)"), to: .node("n\(i)"), bandwidthBytesPerSecond: 1.25e9))
        }
        return try Cluster(
            name: "ring\(count)",
            model: ModelSpec(name: "m", layerCount: layers, parameterBytesPerLayer: 1.5e9, activationBytesPerToken: 16384, tokenBytes: 2),
            gpuTypes: [big, small], nodes: nodes, links: links)
    }

    @Test func budgetsExpireAndShare() throws {
        #expect(!PlanningBudget.unlimited.isExhausted)
        #expect(PlanningBudget.unlimited.remainingSeconds == .infinity)
        #expect(PlanningBudget(seconds: 0).isExhausted)
        #expect(PlanningBudget(seconds: -1).isExhausted)
        #expect(PlanningBudget(seconds: .nan).isExhausted)
        #expect(!PlanningBudget(seconds: .infinity).isExhausted)
        let budget = PlanningBudget(seconds: 10)
        #expect(budget.share(0.1).remainingSeconds <= 1.0001)
        #expect(budget.share(2).remainingSeconds <= 10.0001)
        let flag = CancellationFlag()
        let cancellable = budget.cancelled(by: flag)
        #expect(!cancellable.isExhausted)
        flag.raise()
        #expect(cancellable.isExhausted && cancellable.isCancelled && cancellable.share(0.5).isCancelled)
    }

    /// A spent budget makes every heuristic return at once, whatever the cluster's size.
    @Test func heuristicsReturnAtOnceOnASpentBudget() throws {
        let cluster = try Self.ring(3000)
        let spent = PlanningBudget(seconds: 0)
        for method in BaselineMethod.allCases {
            let start = Date()
            _ = method.placement(for: cluster, rule: .partialInference, seed: 0, budget: spent)
            #expect(Date().timeIntervalSince(start) < 2, "\(method)")
        }
        let start = Date()
        _ = SwapSearch.improve(
            [LayerRange?](repeating: nil, count: cluster.nodes.count), cluster: cluster, rule: .strict, budget: spent)
        #expect(Date().timeIntervalSince(start) < 2)
    }

    /// The balanced greedy with a budget to finish gives the same placement as without one, and
    /// a short budget ends near its deadline.
    @Test func balancedGreedyHonoursItsBudget() throws {
        let small = try ClusterFixtures.small(nodeCount: 12, layers: 16)
        #expect(BalancedPipelinesPlacement.placement(for: small, rule: .strict)
            == BalancedPipelinesPlacement.placement(for: small, rule: .strict, budget: PlanningBudget(seconds: 60)))
        let cluster = try Self.ring(3000)
        let start = Date()
        _ = BalancedPipelinesPlacement.placement(for: cluster, rule: .strict, budget: PlanningBudget(seconds: 0.5))
        #expect(Date().timeIntervalSince(start) < 0.5 * 1.1 + 1)
    }

    /// Without a solver, the whole planner on a 3,000-node ring ends within its time limit.
    @Test func plannerHonoursTheTimeLimitOnALargeRing() async throws {
        let cluster = try Self.ring(3000)
        let start = Date()
        let result = try await Planner().plan(cluster, options: PlanOptions(timeLimitSeconds: 2))
        let elapsed = Date().timeIntervalSince(start)
        // The planner's clock holds the bar; the wall clock also waits for a thread of the test pool.
        let bar: Double = 2 * 1.1 + 1
        #expect(result.provenance.seconds < bar, "took \(result.provenance.seconds) s")
        #expect(elapsed < bar + 30, "returned after \(elapsed) s")
        #expect(result.upperBoundTokensPerSecond >= result.throughputTokensPerSecond)
    }

    /// On a ring the other heuristics deal nodes that cannot reach each other into pipelines (max
    /// flow 0); pipelines that follow the links are consecutive arcs of the ring and serve.
    @Test func linkFollowingPipelinesServeARing() async throws {
        let cluster = try Self.ring(60)
        #expect(!LinkChainPlacement.isCompleteMesh(cluster))
        #expect(LinkChainPlacement.isCompleteMesh(try ClusterFixtures.small(nodeCount: 5)))
        let ranges = LinkChainPlacement.bestRanges(for: cluster, rule: .strict)
        #expect(cluster.throughput(ranges: ranges, rule: .strict) > 0)
        let result = try await Planner().plan(cluster, options: PlanOptions(timeLimitSeconds: 5))
        #expect(result.throughputTokensPerSecond >= cluster.throughput(ranges: ranges, rule: .strict))
    }

    /// A model no path can hold is infeasible at once: nothing runs (1,000 layers on nodes holding
    /// at most 12 each took the heuristics' full m × (L + 1) tables before).
    @Test func infeasibleModelsAreAnsweredAtOnce() async throws {
        let cluster = try Self.ring(40, layers: 1000)
        let result = try await Planner().plan(cluster, options: PlanOptions(timeLimitSeconds: 30))
        #expect(result.provenance.seconds < 1)
        #expect(result.status == .infeasible)
        #expect(result.upperBoundTokensPerSecond == 0 && result.gap == 0)
    }

    /// The stage-aligned dynamic program refuses tables past its cell limit instead of allocating them.
    @Test func stageAlignedTableIsCapped() throws {
        let cluster = try Self.ring(300, layers: 1000)
        #expect(StageAlignedPlanner(cluster: cluster) == nil)
        #expect(StageAlignedPlanner(cluster: try Self.ring(24)) != nil)
    }

    /// A stage limit above min(nodes, layers) builds the same layer-coverage model (it used to
    /// allocate hop tables for every stage: 12 GB for 100,000 stages); a limit of 0 does not trap.
    @Test func stageLimitsAreClampedInTheModel() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 6, layers: 8)
        let six = LayerCoverageFormulation(cluster: cluster, options: .init(maxStages: 6)).model
        let huge = LayerCoverageFormulation(cluster: cluster, options: .init(maxStages: 100_000)).model
        #expect(six.variables.count == huge.variables.count && six.constraints.count == huge.constraints.count)
        let none = LayerCoverageFormulation(cluster: cluster, options: .init(maxStages: 0)).model
        #expect(none.variables.count > 0)
    }

    /// Size estimates are at least what the builders make, and refuse hostile sizes.
    @Test func formulationSizesAreUpperEstimates() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 6, layers: 8)
        for rule in ContiguityRule.allCases {
            for stages in [nil, 3, 100_000] as [Int?] {
                for coverageOnly in [false, true] {
                    let options = LayerCoverageFormulation.Options(maxStages: stages, rule: rule, coverageOnly: coverageOnly)
                    let model = LayerCoverageFormulation(cluster: cluster, options: options).model
                    let size = LayerCoverageFormulation.estimatedSize(cluster: cluster, options: options)
                    #expect(size.columns >= model.variables.count && size.nonzeros >= model.termCount, "\(rule) \(stages as Any) \(coverageOnly)")
                    #expect(size.isWithinLimits)
                }
            }
        }
        let helix = HelixFormulation(cluster: cluster).model
        let helixSize = HelixFormulation.estimatedSize(cluster: cluster)
        #expect(helixSize.columns >= helix.variables.count && helixSize.nonzeros >= helix.termCount)
        let large = try Self.ring(3000)
        #expect(throws: FormulationError.self) {
            try LayerCoverageFormulation.estimatedSize(
                cluster: large, classes: NodeClasses(cluster: large, key: { $0 }),
                options: .init(maxStages: 80, rule: .partialInference)).check()
        }
    }
}
