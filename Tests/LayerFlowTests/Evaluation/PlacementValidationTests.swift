import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

struct PlacementValidationTests {
    @Test(arguments: [
        (["ghost": LayerRange(0, 8)], PlacementError.unknownNode(id: "ghost")),
        (["n0": LayerRange(4, 9)], PlacementError.rangeOutsideModel(node: "n0", range: LayerRange(4, 9), layerCount: 8)),
        (["n1": LayerRange(-1, 2)], PlacementError.rangeOutsideModel(node: "n1", range: LayerRange(-1, 2), layerCount: 8)),
        (["n0": LayerRange(3, 3)], PlacementError.rangeOutsideModel(node: "n0", range: LayerRange(3, 3), layerCount: 8)),
        (["n0": LayerRange(5, 2)], PlacementError.rangeOutsideModel(node: "n0", range: LayerRange(5, 2), layerCount: 8)),
        (["n1": LayerRange(0, 5)], PlacementError.exceedsMaxLayers(node: "n1", gpuType: "small", layers: 5, maxLayers: 4)),
        (["n0": LayerRange(0, 7)], PlacementError.exceedsMaxLayers(node: "n0", gpuType: "big", layers: 7, maxLayers: 6)),
    ])
    func invalidPlacementsNameTheNode(ranges: [String: LayerRange], expected: PlacementError) throws {
        let cluster = try ClusterFixtures.small()
        #expect(throws: expected) { try cluster.evaluate(Placement(ranges)) }
    }

    @Test func parametersMustFitInMemory() throws {
        let base = try ClusterFixtures.small()
        var model = base.model
        model.parameterBytesPerLayer = 5e9  // 4 layers = 20 GB > a 'small' node's 16 GB
        let cluster = try Cluster(name: "x", model: model, gpuTypes: base.gpuTypes, nodes: base.nodes, links: base.links)
        #expect(throws: PlacementError.exceedsMemory(node: "n1", gpuType: "small", parameterBytes: 20e9, vramBytes: 16e9)) {
            try cluster.evaluate(Placement(["n1": LayerRange(0, 4)]))
        }
    }

    @Test(arguments: ["{\"n0\": [1, 2, 3]}", "{\"n0\": \"0-4\"}", "[[0, 4]]", "{\"n0\": [0.5, 4]}"])
    func malformedPlacementFilesAreRejected(text: String) throws {
        let error = try #require(throws: FormatError.self) { try PlacementFile.decode(Data(text.utf8)) }
        #expect(!error.description.isEmpty)
    }

    @Test func placementFileAcceptsPlanOutput() throws {
        let text = "{\"method\": \"balanced\", \"placement\": {\"n0\": [0, 4], \"n1\": [4, 8]}}"
        #expect(try PlacementFile.decode(Data(text.utf8)) == Placement(["n0": LayerRange(0, 4), "n1": LayerRange(4, 8)]))
    }
}
