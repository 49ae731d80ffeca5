import Foundation
@testable import LayerFlow
import LayerFlowTestSupport
import Testing

/// Sizes past `InputLimits` fail with a typed error naming the field and the limit, before
/// anything is allocated for them (they used to trap or allocate gigabytes).
struct InputLimitsTests {
    static let type = GPUType(
        name: "g", vramBytes: 80e9, nicInBytesPerSecond: 1e12, nicOutBytesPerSecond: 1e12,
        maxLayers: 2, throughputTokensPerSecondByLayerCount: [100, 60])

    static func cluster(layers: Int, nodes: Int = 2) throws -> Cluster {
        let nodes = (0..<nodes).map { ComputeNode(id: "n\($0)", type: "g") }
        return try Cluster(
            name: "limits", model: ModelSpec(name: "m", layerCount: layers, parameterBytesPerLayer: 0, activationBytesPerToken: 1000, tokenBytes: 2),
            gpuTypes: [type], nodes: nodes, links: [])
    }

    @Test(arguments: [Int.max, 1 << 62, 1_000_000_000, 1_000_000, InputLimits.maxLayers + 1])
    func layerCountsPastTheLimitNameTheField(layers: Int) throws {
        #expect(throws: ClusterError.limitExceeded(field: "model.layerCount", value: layers, limit: InputLimits.maxLayers)) {
            try Self.cluster(layers: layers)
        }
        let message = ClusterError.limitExceeded(field: "model.layerCount", value: layers, limit: InputLimits.maxLayers).description
        #expect(message.contains("model.layerCount") && message.contains("\(InputLimits.maxLayers)"))
    }

    @Test func theLimitItselfIsAccepted() throws {
        #expect(try Self.cluster(layers: InputLimits.maxLayers).model.layerCount == InputLimits.maxLayers)
    }

    @Test func nodeAndLinkCountsAreLimited() throws {
        #expect(throws: ClusterError.limitExceeded(field: "nodes", value: InputLimits.maxNodes + 1, limit: InputLimits.maxNodes)) {
            try Self.cluster(layers: 2, nodes: InputLimits.maxNodes + 1)
        }
        #expect(throws: ClusterError.limitExceeded(field: "nodes", value: Int.max, limit: InputLimits.maxNodes)) {
            try ClusterGenerator.meshSize([Int.max, Int.max])
        }
        #expect(throws: ClusterError.limitExceeded(field: "links", value: 3000 * 3001, limit: InputLimits.maxLinks)) {
            try ClusterGenerator.meshSize([3000])
        }
        #expect(try ClusterGenerator.meshSize([2000]) == (2000, 2000 * 2001))
        #expect(QuickCluster.largestMesh * (QuickCluster.largestMesh + 1) <= InputLimits.maxLinks)
        #expect((QuickCluster.largestMesh + 1) * (QuickCluster.largestMesh + 2) > InputLimits.maxLinks)
    }

    @Test func quickClustersPastTheLimitNameTheOption() throws {
        for gpus in ["99999999999xT4", "3000xT4", "2000xT4,2000xL4", "9223372036854775807xT4,9223372036854775807xT4"] {
            let error = try #require(throws: CatalogError.self) {
                try QuickCluster.parse(model: "llama-2-70b", gpus: gpus, regions: nil)
            }
            #expect(error.description.contains("--gpus"), "\(gpus): \(error)")
        }
        let regions = try #require(throws: CatalogError.self) {
            try QuickCluster.parse(model: "llama-2-70b", gpus: nil, regions: "us:99999999999xT4")
        }
        #expect(regions.description.contains("--regions"))
        // Built directly, past the parser: refused before any table or node is made.
        let config = try ModelCatalog.config(nameOrPath: "llama-2-70b")
        let t4 = try GPUCatalog.spec(named: "T4")
        let quick = QuickCluster(model: config, regions: [.init(name: "r", members: [.init(gpu: t4, count: .max), .init(gpu: t4, count: .max)])])
        #expect(throws: ClusterError.self) { try quick.cluster() }
    }

    @Test func modelConfigsPastTheLayerLimitNameTheField() throws {
        let json = #"{"num_hidden_layers": 1000000000, "hidden_size": 64, "num_attention_heads": 8, "intermediate_size": 128, "vocab_size": 100}"#
        let error = try #require(throws: CatalogError.self) { try ModelConfig.decode(Data(json.utf8)) }
        #expect(error.description.contains("num_hidden_layers") && error.description.contains("\(InputLimits.maxLayers)"))
    }

    @Test func duplicateLinksAreStillFoundInInputOrder() throws {
        let nodes = [ComputeNode(id: "a", type: "g"), ComputeNode(id: "b", type: "g")]
        let links = [
            Link(from: .node("a"), to: .node("b"), bandwidthBytesPerSecond: 1),
            Link(from: .coordinator, to: .node("a"), bandwidthBytesPerSecond: 1),
            Link(from: .node("b"), to: .node("a"), bandwidthBytesPerSecond: 1),
            Link(from: .coordinator, to: .node("a"), bandwidthBytesPerSecond: 2),
            Link(from: .node("a"), to: .node("b"), bandwidthBytesPerSecond: 2),
        ]
        #expect(throws: ClusterError.duplicateLink(field: "links[3]", from: "coordinator", to: "a")) {
            try Cluster(
                name: "d", model: ModelSpec(name: "m", layerCount: 2, parameterBytesPerLayer: 0, activationBytesPerToken: 1, tokenBytes: 1),
                gpuTypes: [Self.type], nodes: nodes, links: links)
        }
    }
}
