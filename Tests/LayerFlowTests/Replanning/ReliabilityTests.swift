import LayerFlow
import LayerFlowTestSupport
import Testing

/// The seeded Monte Carlo reliability evaluator against hand-computed expectations.
@Suite struct ReliabilityTests {
    /// Two replicas of the whole model (n0, n2: big nodes holding 4 layers each) fail with
    /// probabilities 0.5 and 0.2: the outage probability is 0.5 · 0.2 = 0.1, and the mean is each
    /// replica's throughput weighted by its survival.
    @Test func twoReplicasMatchTheirExpectation() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 4, layers: 4)
        let placement = Placement(["n0": LayerRange(0, 4), "n2": LayerRange(0, 4)])
        let single = try cluster.evaluate(Placement(["n0": LayerRange(0, 4)])).throughputTokensPerSecond
        let estimate = try cluster.reliability(of: placement, failureProbabilities: ["n0": 0.5, "n2": 0.2], samples: 20_000, seed: 7)
        #expect(abs(estimate.outageProbability - 0.1) < 0.01)
        #expect(abs(estimate.meanThroughputTokensPerSecond - single * (0.5 + 0.8)) < 0.02 * single)
        #expect(estimate.nominalThroughputTokensPerSecond == 2 * single)
        let again = try cluster.reliability(of: placement, failureProbabilities: ["n0": 0.5, "n2": 0.2], samples: 20_000, seed: 7)
        #expect(again == estimate)
    }

    @Test func badProbabilitiesNameTheNode() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 2, layers: 4)
        let placement = Placement(["n0": LayerRange(0, 4)])
        #expect(throws: ReplanError.unknownNode(field: "failureProbabilities", id: "ghost")) {
            try cluster.reliability(of: placement, failureProbabilities: ["ghost": 0.1])
        }
        #expect(throws: ReplanError.self) { try cluster.reliability(of: placement, failureProbabilities: ["n0": 1.5]) }
    }
}
