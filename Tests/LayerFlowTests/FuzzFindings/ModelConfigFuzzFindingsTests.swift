import Foundation
import LayerFlow
import Testing

/// `config.json` inputs that made the reader's callers hang (Fuzz/, docs/Reliability.md).
struct ModelConfigFuzzFindingsTests {
    /// A hundred million layers of one parameter each: every one fits an A100, so the estimator
    /// built tables of 10⁸ entries per GPU kind (`layerflow plan --model this.json --gpus 1xA100`
    /// ran for over ten minutes and 1.4 GB before it was stopped). Now the reader refuses it.
    @Test func aHugeLayerCountIsAnInvalidField() throws {
        let found = #"{"num_hidden_layers":100000000,"hidden_size":1,"num_attention_heads":1,"intermediate_size":1,"vocab_size":1}"#
        #expect(throws: CatalogError.invalidConfigField(
            field: "num_hidden_layers", value: "100000000", requirement: "must be at most \(InputLimits.maxLayers) (LayerFlow's limit on layers)", file: "config.json")) {
            try ModelConfig.decode(Data(found.utf8), source: "config.json")
        }
    }

    @Test func theLimitItselfIsAccepted() throws {
        let text = #"{"num_hidden_layers":1024,"hidden_size":64,"num_attention_heads":4,"intermediate_size":128,"vocab_size":100}"#
        let config = try ModelConfig.decode(Data(text.utf8))
        #expect(config.modelSpec.layerCount == InputLimits.maxLayers)
        #expect(throws: CatalogError.self) {
            try ModelConfig(
                name: "too deep", numHiddenLayers: InputLimits.maxLayers + 1, hiddenSize: 64, numAttentionHeads: 4,
                intermediateSize: 128, vocabSize: 100)
        }
    }
}
