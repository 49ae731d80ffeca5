import LayerFlow
import Testing

/// Which plans vLLM's pipeline parallelism can run, and the messages for those it cannot.
struct VLLMLayoutTests {
    @Test func twoIdenticalPipelinesShareOnePartition() throws {
        let cluster = try ExportTestClusters.cluster(
            layers: 8, capacities: [("a", 300), ("b", 300), ("c", 150), ("d", 150), ("e", 400), ("f", 400)])
        let placement = ExportTestClusters.placement([
            "a": (0, 3), "b": (0, 3), "c": (3, 5), "d": (3, 5), "e": (5, 8), "f": (5, 8),
        ])
        let layout = try VLLMLayout(cluster: cluster, placement: placement)
        #expect(layout.partition == [3, 2, 3])
        #expect(layout.partitionValue == "3,2,3")
        #expect(layout.pipelines.count == 2)
        #expect(layout.pipelines.allSatisfy { $0.count == 3 })
        #expect(Set(layout.pipelines.map { $0[0] }) == ["a", "b"])
        #expect(Set(layout.pipelines.map { $0[1] }) == ["c", "d"])
        #expect(abs(layout.throughputTokensPerSecond - 300) < 1e-9)
        let script = layout.script()
        #expect(script.contains("export VLLM_PP_LAYER_PARTITION=\"3,2,3\""))
        #expect(script.contains("PIPELINE_PARALLEL_SIZE=3"))
        #expect(script.contains("PIPELINE_1_NODES="))
    }

    @Test func unusedNodesAreLeftOut() throws {
        let cluster = try ExportTestClusters.cluster(layers: 4, capacities: [("a", 100), ("b", 100), ("idle", 100)])
        let layout = try VLLMLayout(cluster: cluster, placement: ExportTestClusters.placement(["a": (0, 2), "b": (2, 4)]))
        #expect(layout.pipelines == [["a", "b"]])
        #expect(layout.partition == [2, 2])
    }

    @Test func replicasSharingAStageAreRejected() throws {
        let cluster = try ExportTestClusters.cluster(layers: 8, capacities: [("a", 300), ("b", 150), ("c", 150)])
        let placement = ExportTestClusters.placement(["a": (0, 4), "b": (4, 8), "c": (4, 8)])
        let error = try #require(throws: ExportError.self) { try VLLMLayout(cluster: cluster, placement: placement) }
        #expect(error == .unequalStageReplicas(stage: LayerRange(0, 4), nodes: 1, otherStage: LayerRange(4, 8), otherNodes: 2))
        #expect(error.description.contains("stage [0, 4) is held by 1 node but stage [4, 8) by 2"))
    }

    @Test func overlappingRangesAreRejected() throws {
        let cluster = try ExportTestClusters.cluster(layers: 8, capacities: [("a", 300), ("b", 150)])
        let placement = ExportTestClusters.placement(["a": (0, 5), "b": (3, 8)])
        let error = try #require(throws: ExportError.self) { try VLLMLayout(cluster: cluster, placement: placement) }
        #expect(error.description.contains("node 'a' holds [0, 5) and node 'b' holds [3, 8)"))
    }

    @Test func uncoveredLayersAreRejected() throws {
        let cluster = try ExportTestClusters.cluster(layers: 8, capacities: [("a", 300), ("b", 150)])
        let placement = ExportTestClusters.placement(["a": (0, 4), "b": (4, 6)])
        let error = try #require(throws: ExportError.self) { try VLLMLayout(cluster: cluster, placement: placement) }
        #expect(error == .uncoveredLayers([LayerRange(6, 8)]))
        #expect(error.description == "no node holds layers 6–7: the plan cannot serve a request")
    }

    @Test func flowsSplittingBetweenPipelinesAreRejected() throws {
        // a (300) feeds c and d (200 each), b (100) feeds d: the plan serves 400, but as two fixed
        // pipelines at best a–c (200) + b–d (100) = 300.
        let cluster = try ExportTestClusters.cluster(layers: 2, capacities: [("a", 300), ("b", 100), ("c", 200), ("d", 200)])
        let placement = ExportTestClusters.placement(["a": (0, 1), "b": (0, 1), "c": (1, 2), "d": (1, 2)])
        #expect(abs(try cluster.evaluate(placement).throughputTokensPerSecond - 400) < 1e-6)
        let error = try #require(throws: ExportError.self) { try VLLMLayout(cluster: cluster, placement: placement) }
        guard case let .flowsSplitBetweenPipelines(node, successors, pipelines, plan) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(node == "a")
        #expect(Set(successors) == ["c", "d"])
        #expect(abs(pipelines - 300) < 1e-9)
        #expect(abs(plan - 400) < 1e-6)
        #expect(error.description.contains("as fixed pipelines vLLM would serve 300.00 tokens/s of the plan's 400.00 tokens/s"))
    }

    @Test func emptyPlacementIsRejected() throws {
        let cluster = try ExportTestClusters.cluster(layers: 2, capacities: [("a", 300)])
        #expect(throws: ExportError.emptyPlacement) { try VLLMLayout(cluster: cluster, placement: Placement()) }
    }
}
