import LayerFlow
import LayerFlowTestSupport
import Testing

struct WorkBoundTests {
    @Test func boundIsValidForEveryStageAlignedPlanOfAFixture() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 6)
        let bound = WorkBound(cluster: cluster).upperBound()
        let plan = try #require(StageAlignedPlanner(cluster: cluster)?.bestPlan())
        #expect(plan.stageCapacity <= bound * (1 + 1e-12))
        #expect(bound <= cluster.computeUpperBoundTokensPerSecond * (1 + 1e-12))
    }

    @Test func tooFewStagesToHoldTheModelGiveZeroAtOnce() throws {
        // Fixture: big nodes hold ≤ 6 layers, small ≤ 4; 8 layers need at least 2 nodes on a path.
        let cluster = try ClusterFixtures.small(nodeCount: 4, layers: 8)
        #expect(WorkBound(cluster: cluster).upperBound(maxStages: 1) == 0)
        #expect(WorkBound(cluster: cluster).upperBound(maxStages: 2) > 0)
    }

    @Test func nodesThatCannotHoldTheModelTogetherGiveZero() throws {
        // Two nodes of at most 6 and 4 layers cannot hold 12 layers, with or without a stage limit.
        let cluster = try ClusterFixtures.small(nodeCount: 2, layers: 12)
        #expect(WorkBound(cluster: cluster).upperBound() == 0)
        #expect(WorkBound(cluster: cluster).upperBound(maxStages: 5) == 0)
        #expect(try ClusterFixtures.small(nodeCount: 3, layers: 12).computeUpperBoundTokensPerSecond > 0)
        #expect(WorkBound(cluster: try ClusterFixtures.small(nodeCount: 3, layers: 12)).upperBound() > 0)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason))
    func stageLimitsOnSingle24() throws {
        let cluster = try SharedData.instance("helix-single24-llama70b.json").cluster()
        let bound = WorkBound(cluster: cluster)
        // 4 A100 × 12 + 4 L4 × 7 = 76 < 80 layers: nothing within 8 stages; 83 ≥ 80 within 9.
        #expect(bound.upperBound(maxStages: 8) == 0)
        #expect(bound.upperBound(maxStages: 9) > 0)
        #expect(StageAlignedPlanner(cluster: cluster)?.bestPlan(maxStages: 8) == nil)
        // More stages never lower the bound.
        let limits = [9, 12, 16, 24, 40].map { bound.upperBound(maxStages: $0) }
        #expect(zip(limits, limits.dropFirst()).allSatisfy { $0 <= $1 * (1 + 1e-12) })
        #expect(limits.last! <= bound.upperBound() * (1 + 1e-12))
    }
}
