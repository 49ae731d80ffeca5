import LayerFlow
import Testing

struct PetalsLayoutTests {
    @Test func everyServerGetsItsBlockIndices() throws {
        let cluster = try ExportTestClusters.cluster(layers: 8, capacities: [("a", 300), ("b", 150), ("c", 150)])
        // Overlapping ranges are fine for Petals (it routes through servers itself).
        let placement = ExportTestClusters.placement(["b": (3, 8), "a": (0, 5), "c": (5, 8)])
        let layout = try PetalsLayout(cluster: cluster, placement: placement)
        #expect(layout.servers.map(\.node) == ["a", "b", "c"])
        #expect(layout.servers.map(\.blockIndices) == ["0:5", "3:8", "5:8"])
        #expect(layout.modelID == "meta-llama/Llama-2-7b-hf")
        let script = layout.script()
        #expect(script.contains("python -m petals.cli.run_server meta-llama/Llama-2-7b-hf --block_indices 0:5"))
        #expect(script.contains("# node b (gpu-b): blocks 3–7"))
    }

    @Test func uncoveredLayersAreRejected() throws {
        let cluster = try ExportTestClusters.cluster(layers: 8, capacities: [("a", 300)])
        #expect(throws: ExportError.uncoveredLayers([LayerRange(0, 2)])) {
            try PetalsLayout(cluster: cluster, placement: ExportTestClusters.placement(["a": (2, 8)]))
        }
    }

    @Test func unknownModelsGetAPlaceholder() throws {
        let base = try ExportTestClusters.cluster(layers: 2, capacities: [("a", 300)])
        var model = base.model
        model.name = "home-made"
        let cluster = try Cluster(name: "x", model: model, gpuTypes: base.gpuTypes, nodes: base.nodes, links: base.links)
        let script = try PetalsLayout(cluster: cluster, placement: ExportTestClusters.placement(["a": (0, 2)])).script()
        #expect(script.contains("run_server MODEL --block_indices 0:2"))
        #expect(script.contains("replace MODEL"))
    }
}
