import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// Rules on input values beyond their JSON types: figures whose derived capacities or sums would
/// overflow, GPU lists with empty entries, link speeds out of range, a byte-order mark in a CSV.
struct InputValidationTests {
    static func fixture(_ change: (inout [GPUType], inout [Link], inout ModelSpec) -> Void) throws -> Cluster {
        let base = try ClusterFixtures.small()
        var types = base.gpuTypes
        var links = base.links
        var model = base.model
        change(&types, &links, &model)
        return try Cluster(name: "x", model: model, gpuTypes: types, nodes: base.nodes, links: links)
    }

    func invalidNumberField(_ change: (inout [GPUType], inout [Link], inout ModelSpec) -> Void) throws -> String {
        let error = try #require(throws: ClusterError.self) { try Self.fixture(change) }
        guard case let .invalidNumber(field, _, _) = error else { Issue.record("\(error)"); return "" }
        #expect(error.description.contains("small enough"), "\(error)")
        return field
    }

    @Test func figuresWhoseCapacitiesOverflowAreRefusedByField() throws {
        #expect(try invalidNumberField { _, links, _ in links[5].bandwidthBytesPerSecond = 1e308 } == "links[5].bandwidthBytesPerSecond")
        // Finite under the physical convention, infinite under Helix's (× 8): refused either way.
        #expect(try invalidNumberField { _, links, _ in links[2].bandwidthBytesPerSecond = 1e308 / 4 } == "links[2].bandwidthBytesPerSecond")
        // Each link fine alone (a coordinator link carries 1e307 × 8 / 2 tokens/s), the 8 together not.
        #expect(try invalidNumberField { _, links, _ in
            for i in links.indices { links[i].bandwidthBytesPerSecond = 1e307 }
        }.hasPrefix("links["))
        #expect(try invalidNumberField { _, _, model in model.activationBytesPerToken = 5e-324 }.hasPrefix("links["))
        #expect(try invalidNumberField { types, _, _ in types[1].nicInBytesPerSecond = 1e308; types[1].nicOutBytesPerSecond = 1e308 }
            == "gpuTypes[1].nicInBytesPerSecond")
        #expect(try invalidNumberField { types, _, _ in types[0].throughputTokensPerSecondByLayerCount[3] = 1e308 }
            == "gpuTypes[0].throughputTokensPerSecondByLayerCount[3]")
        #expect(try invalidNumberField { types, _, _ in
            types[0].throughputTokensPerSecondByLayerCount[0] = 1e308
            types[1].throughputTokensPerSecondByLayerCount[0] = 1e308
        }.hasPrefix("gpuTypes["))
        #expect(try invalidNumberField { _, _, model in model.parameterBytesPerLayer = 1e308 } == "model.parameterBytesPerLayer")
        #expect(try invalidNumberField { _, links, _ in for i in links.indices { links[i].latencySeconds = 1e307 } }.hasSuffix("latencySeconds"))
    }

    @Test func largeButSafeFiguresStillLoad() throws {
        let cluster = try Self.fixture { types, links, _ in
            for i in links.indices { links[i].bandwidthBytesPerSecond = 1e15 }
            types[0].throughputTokensPerSecondByLayerCount[0] = 1e12
        }
        let evaluation = try cluster.evaluate(BaselineMethod.swarm.placement(for: cluster, rule: .strict, seed: 0), rule: .strict)
        #expect(evaluation.throughputTokensPerSecond.isFinite)
        #expect(evaluation.upperBoundTokensPerSecond.isFinite)
    }

    @Test func gpuListsNameTheEmptyEntry() {
        #expect(throws: CatalogError.emptyEntry(
            option: "--gpus", text: "4xA100,,8xL4,", position: 2, expected: "COUNTxGPU[,COUNTxGPU...], e.g. 4xA100,8xL4")) {
            try QuickClusterSyntax.gpuList("4xA100,,8xL4,")
        }
        #expect(throws: CatalogError.emptyEntry(
            option: "--gpus", text: "4xA100,", position: 2, expected: "COUNTxGPU[,COUNTxGPU...], e.g. 4xA100,8xL4")) {
            try QuickClusterSyntax.gpuList("4xA100,")
        }
        let error = CatalogError.emptyEntry(option: "--gpus", text: "4xA100,,8xL4,", position: 2, expected: "x")
        #expect(error.description == "--gpus '4xA100,,8xL4,': empty entry at position 2; expected x")
    }

    @Test func linkSpeedsBeyondEightPetabitsAreRefusedByOption() throws {
        for text in ["1e308Gbps", "9Pbps", "1e16B/s", "1e7Tbps"] {
            let error = try #require(throws: CatalogError.self) { try QuickClusterSyntax.bandwidth(text, option: "--network") }
            #expect(error.description.hasPrefix("--network '\(text)'"), "\(error)")
        }
        #expect(try QuickClusterSyntax.bandwidth("8000Tbps") == 1e15)
    }

    @Test func aByteOrderMarkBeforeTheCSVHeaderIsIgnored() throws {
        let requests = try RequestLengths.parseCSV("\u{FEFF}prompt,output\n10,20\n")
        #expect(requests == [Request(id: 0, promptTokens: 10, expectedOutputTokens: 20)])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bom-\(UUID().uuidString).csv")
        try (Data([0xEF, 0xBB, 0xBF]) + Data("input_tokens,output_tokens\r\n5,6\r\n".utf8)).write(to: file)
        #expect(try RequestLengths.loadCSV(path: file.path) == [Request(id: 0, promptTokens: 5, expectedOutputTokens: 6)])
    }

    @Test func aConfigJSONWithADuplicateKeyOrBadSyntaxIsRefused() throws {
        let duplicate = #"{"num_hidden_layers": 2, "hidden_size": 8, "num_hidden_layers": 4}"#
        let error = try #require(throws: FormatError.self) { try ModelConfig.decode(Data(duplicate.utf8)) }
        #expect(error.description.hasPrefix("num_hidden_layers: the key is given twice"), "\(error)")
        let array = try #require(throws: FormatError.self) { try ModelConfig.decode(Data("[1]".utf8)) }
        #expect(array.description.contains("expected a JSON object"), "\(array)")
    }
}
