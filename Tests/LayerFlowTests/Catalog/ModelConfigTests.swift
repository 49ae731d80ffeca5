import Foundation
import LayerFlow
import Testing

struct ModelConfigTests {
    @Test func llama2With70BillionParametersDerivesHelixNumbers() throws {
        let config = try ModelCatalog.entry(named: "meta-llama/Llama-2-70b-hf").config
        let spec = config.modelSpec
        #expect(spec.name == "LLaMA-2-70B")
        #expect(spec.layerCount == 80)
        // The same per-token sizes as Helix's instance file.
        #expect(spec.activationBytesPerToken == 16384)
        #expect(spec.tokenBytes == 2)
        // 2 × 8 kv heads × 128 × 2 bytes.
        #expect(spec.kvCacheBytesPerTokenPerLayer == 4096)
        // 80 layers of 855.6 M parameters ≈ 68.4 B (69 B with embeddings).
        #expect(abs(config.parametersPerLayer * 80 - 68.45e9) < 0.01e9)
        #expect(spec.parameterBytesPerLayer == config.parametersPerLayer * 2)
    }

    @Test func everyRequiredModelIsInTheCatalog() throws {
        for name in ["llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-1-30b", "llama-3-8b", "llama-3-70b", "mixtral-8x7b"] {
            let entry = try ModelCatalog.entry(named: name)
            #expect(entry.config.numHiddenLayers >= 32)
            #expect(!entry.huggingFaceID.isEmpty)
        }
    }

    @Test func largeVocabulariesNeedFourByteTokens() throws {
        #expect(try ModelCatalog.entry(named: "llama-3-8b").config.modelSpec.tokenBytes == 4)
        #expect(try ModelCatalog.entry(named: "llama-1-30b").config.modelSpec.activationBytesPerToken == 13312)
    }

    @Test func mixtralCountsEveryExpertButRoutesTwo() throws {
        let config = try ModelCatalog.entry(named: "Mixtral-8x7B").config
        // 32 layers ≈ 46.4 B parameters (46.7 B with embeddings); about 12.6 B active per token.
        #expect(abs(config.parametersPerLayer * 32 - 46.44e9) < 0.01e9)
        #expect(abs(config.activeParametersPerLayer * 32 - 12.6e9) < 0.1e9)
    }

    @Test func configFilesDecodeWithDefaults() throws {
        let json = """
            {"_name_or_path": "my-model", "num_hidden_layers": 4, "hidden_size": 512, "num_attention_heads": 8,
             "intermediate_size": 1024, "vocab_size": 70000, "dtype": "float32", "architectures": ["X"]}
            """
        let config = try ModelConfig.decode(Data(json.utf8), source: "my/config.json")
        #expect(config.name == "my-model")
        #expect(config.numKeyValueHeads == 8)
        #expect(config.dtypeBytes == 4)
        #expect(config.modelSpec.activationBytesPerToken == 2048)
        #expect(config.modelSpec.tokenBytes == 4)
    }

    @Test func missingAndInvalidFieldsAreNamed() throws {
        let missing = """
            {"num_hidden_layers": 4, "num_attention_heads": 8, "intermediate_size": 1024, "vocab_size": 100}
            """
        #expect(throws: CatalogError.missingConfigField(field: "hidden_size", file: "c.json")) {
            try ModelConfig.decode(Data(missing.utf8), source: "c.json")
        }
        let badDtype = """
            {"num_hidden_layers": 4, "hidden_size": 512, "num_attention_heads": 8, "intermediate_size": 1024,
             "vocab_size": 100, "torch_dtype": "int3"}
            """
        let error = try #require(throws: CatalogError.self) { try ModelConfig.decode(Data(badDtype.utf8), source: "c.json") }
        #expect(error.description.hasPrefix("c.json: field 'torch_dtype' = \"int3\" is invalid"))
        let badHeads = """
            {"num_hidden_layers": 4, "hidden_size": 512, "num_attention_heads": 8, "num_key_value_heads": 3,
             "intermediate_size": 1024, "vocab_size": 100}
            """
        let headsError = try #require(throws: CatalogError.self) { try ModelConfig.decode(Data(badHeads.utf8), source: "c.json") }
        #expect(headsError.description.contains("'num_key_value_heads' = 3"))
        let fractional = """
            {"num_hidden_layers": 4.5, "hidden_size": 512, "num_attention_heads": 8, "intermediate_size": 1024, "vocab_size": 100}
            """
        #expect(throws: CatalogError.invalidConfigField(
            field: "num_hidden_layers", value: "4.5", requirement: "must be an integer", file: "c.json")) {
            try ModelConfig.decode(Data(fractional.utf8), source: "c.json")
        }
    }

    @Test func loadsAConfigFileFromDisk() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("layerflow-config-\(UUID().uuidString)/tiny")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("config.json")
        try Data("""
            {"num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100}
            """.utf8).write(to: file)
        let config = try ModelCatalog.config(nameOrPath: file.path)
        #expect(config.name == "tiny")
        #expect(config.numHiddenLayers == 2)
        #expect(throws: CatalogError.self) { try ModelCatalog.config(nameOrPath: "gpt-17") }
    }
}
