import LayerFlow
import LayerFlowTestSupport
import Testing

struct EvaluationTests {
    @Test func pipelineIsLimitedByItsSlowestStage() throws {
        let cluster = try ClusterFixtures.small()
        let evaluation = try cluster.evaluate(Placement(["n0": LayerRange(0, 4), "n1": LayerRange(4, 8)]))
        // big holding 4 layers: 360 tokens/s; small holding 4: 150 tokens/s.
        #expect(abs(evaluation.throughputTokensPerSecond - 150) < 1e-9)
        #expect(evaluation.bottleneck.nodes == ["n1"])
        #expect(evaluation.bottleneck.links.isEmpty)
        let n0 = try #require(evaluation.nodes.first { $0.id == "n0" })
        #expect(abs(n0.utilisation - 150.0 / 360.0) < 1e-9)
        #expect(evaluation.nodes.first { $0.id == "n2" }?.range == nil)
    }

    @Test func parallelPipelinesAdd() throws {
        let cluster = try ClusterFixtures.small()
        let placement = Placement([
            "n0": LayerRange(0, 4), "n1": LayerRange(4, 8), "n2": LayerRange(0, 4), "n3": LayerRange(4, 8),
        ])
        // Two stages: {n0, n2} at 360 each, {n1, n3} at 150 each → 300.
        #expect(abs(try cluster.evaluate(placement).throughputTokensPerSecond - 300) < 1e-9)
    }

    @Test func slowLinkIsNamedAsTheBottleneck() throws {
        // 8192 bytes per token over 819,200 B/s: 100 tokens/s between nodes; coordinator links carry 409,600.
        let cluster = try ClusterFixtures.small(bandwidthBytesPerSecond: 819_200)
        let evaluation = try cluster.evaluate(Placement(["n0": LayerRange(0, 4), "n2": LayerRange(4, 8)]))
        #expect(abs(evaluation.throughputTokensPerSecond - 100) < 1e-9)
        #expect(evaluation.bottleneck.nodes.isEmpty)
        #expect(evaluation.bottleneck.links == [Bottleneck.LinkID(from: Endpoint.node("n0"), to: Endpoint.node("n2"))])
        #expect(evaluation.bottleneck.summary.joined().contains("n0→n2"))
    }

    @Test func uncoveredLayersGiveZeroAndSayWhich() throws {
        let cluster = try ClusterFixtures.small()
        let evaluation = try cluster.evaluate(Placement(["n0": LayerRange(0, 4), "n1": LayerRange(5, 8)]))
        #expect(evaluation.throughputTokensPerSecond == 0)
        #expect(evaluation.bottleneck.uncoveredLayers == [LayerRange(4, 5)])
        #expect(evaluation.bottleneck.summary.joined().contains("layer 4"))
    }

    @Test func partialInferenceConnectsOverlappingRanges() throws {
        let cluster = try ClusterFixtures.small()
        let overlapping = Placement(["n0": LayerRange(0, 5), "n2": LayerRange(3, 8)])
        let partial = try cluster.evaluate(overlapping, rule: .partialInference)
        #expect(abs(partial.throughputTokensPerSecond - 300) < 1e-9)  // both big, 5 layers: 300 each
        #expect(try cluster.evaluate(overlapping, rule: .strict).throughputTokensPerSecond == 0)
    }

    @Test func computeUpperBoundIsBestLayerThroughputOverLayers() throws {
        let cluster = try ClusterFixtures.small()
        // big: max_k k·T(k) = 5·300 = 1500; small: 2·320 = 640; 2 of each; L = 8.
        #expect(abs(cluster.computeUpperBoundTokensPerSecond - (2 * 1500 + 2 * 640) / 8) < 1e-9)
    }

    @Test func contiguityRules() {
        #expect(ContiguityRule.strict.connects(LayerRange(0, 4), to: LayerRange(4, 8)))
        #expect(!ContiguityRule.strict.connects(LayerRange(0, 4), to: LayerRange(3, 8)))
        #expect(ContiguityRule.partialInference.connects(LayerRange(0, 4), to: LayerRange(3, 8)))
        #expect(ContiguityRule.partialInference.connects(LayerRange(0, 4), to: LayerRange(4, 8)))
        #expect(!ContiguityRule.partialInference.connects(LayerRange(0, 4), to: LayerRange(5, 8)))
        #expect(!ContiguityRule.partialInference.connects(LayerRange(0, 8), to: LayerRange(2, 8)))
    }
}
