@testable import LayerFlow
import LayerFlowTestSupport
import Testing

struct BaselineTests {
    @Test(arguments: BaselineMethod.allCases)
    func baselinesAreValidAndDeterministicOnAFixture(method: BaselineMethod) throws {
        let cluster = try ClusterFixtures.small(nodeCount: 6)
        let placement = method.placement(for: cluster, seed: 7)
        try placement.validate(for: cluster)
        #expect(method.placement(for: cluster, seed: 7) == placement)
        let rule: ContiguityRule = method == .petals ? .partialInference : .strict
        let throughput = try cluster.evaluate(placement, rule: rule).throughputTokensPerSecond
        #expect(throughput > 0)
        #expect(throughput <= cluster.computeUpperBoundTokensPerSecond * (1 + 1e-9))
    }

    @Test func petalsDependsOnTheSeedOnlyThroughJoinOrder() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 6)
        let placements = (0..<10).map { PetalsPlacement.placement(for: cluster, seed: UInt64($0)) }
        // Every node always holds as many layers as it can; only where differs with the join order.
        for placement in placements {
            for (id, range) in placement.ranges {
                let node = try #require(cluster.nodeIndex(of: id))
                #expect(range.count == cluster.maxHoldableLayers(nodeAt: node))
            }
        }
        #expect(Set(placements).count > 1, "the seed should change the join order and so the spans")
    }

    @Test func petalsPicksTheWeakestSpan() {
        #expect(PetalsPlacement.weakestSpanStart(served: [5, 5, 0, 0, 5], span: 2) == 2)
        #expect(PetalsPlacement.weakestSpanStart(served: [0, 0, 0, 0], span: 4) == 0)
        // Lexicographic on sorted throughputs: [1, 9] beats [2, 2].
        #expect(PetalsPlacement.weakestSpanStart(served: [2, 2, 9, 1], span: 2) == 2)
    }

    @Test func swarmStagesAreEqualAndCoverTheModel() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 6)
        let placement = SwarmPlacement.placement(for: cluster)
        // The smallest GPU holds 4 layers: stages [0,4) and [4,8).
        #expect(Set(placement.ranges.values) == [LayerRange(0, 4), LayerRange(4, 8)])
        #expect(placement.ranges.count == 6)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason), arguments: SharedData.instanceNames)
    func baselinesOnSharedInstances(file: String) throws {
        let cluster = try SharedData.instance(file).cluster()
        for method in BaselineMethod.allCases {
            let placement = method.placement(for: cluster, seed: 0)
            try placement.validate(for: cluster)
            let rule: ContiguityRule = method == .petals ? .partialInference : .strict
            let throughput = try cluster.evaluate(placement, rule: rule).throughputTokensPerSecond
            #expect(throughput > 0, "\(method) on \(file)")
            #expect(throughput <= cluster.computeUpperBoundTokensPerSecond * (1 + 1e-9))
        }
    }
}
