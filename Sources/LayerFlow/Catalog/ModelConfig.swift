import Foundation

/// A transformer described by the fields of its Hugging Face `config.json` that placement and
/// throughput depend on. LLaMA-style decoder layers are assumed: attention with grouped key/value
/// heads, a gated (SwiGLU) MLP of three matrices, two norms; Mixtral-style mixture-of-experts
/// when `numLocalExperts` is set.
///
/// Encoded with the `config.json` key names, so a catalog entry prints as the fields it came from;
/// read files with `load(path:)` or `decode(_:)`, which check every field.
public struct ModelConfig: Sendable, Hashable, Encodable {
    /// Display name, e.g. `"LLaMA-2-70B"` (not a `config.json` field).
    public var name: String
    public var numHiddenLayers: Int
    public var hiddenSize: Int
    public var numAttentionHeads: Int
    /// Key/value heads (grouped-query attention); `config.json` files without it mean one per head.
    public var numKeyValueHeads: Int
    public var intermediateSize: Int
    public var vocabSize: Int
    /// `float16`, `bfloat16`, `float32`, or an 8-bit float type.
    public var torchDtype: String
    /// Experts per MoE layer (`num_local_experts`), nil for a dense model.
    public var numLocalExperts: Int?
    /// Experts each token is routed to (`num_experts_per_tok`), nil for a dense model.
    public var numExpertsPerToken: Int?
    /// Per-head dimension when the file gives it (`head_dim`); else hidden_size / heads.
    public var headDim: Int?

    enum CodingKeys: String, CodingKey {
        case name
        case numHiddenLayers = "num_hidden_layers"
        case hiddenSize = "hidden_size"
        case numAttentionHeads = "num_attention_heads"
        case numKeyValueHeads = "num_key_value_heads"
        case intermediateSize = "intermediate_size"
        case vocabSize = "vocab_size"
        case torchDtype = "torch_dtype"
        case numLocalExperts = "num_local_experts"
        case numExpertsPerToken = "num_experts_per_tok"
        case headDim = "head_dim"
    }

    /// The most layers (`num_hidden_layers`) a configuration may have. Published models have at
    /// most a few hundred; the estimator builds a table entry for every layer count a GPU can hold,
    /// so a hostile `config.json` with a billion tiny layers would otherwise take minutes and
    /// gigabytes before planning starts.
    public static let maximumLayerCount = 1_000

    /// Builds and checks a configuration.
    /// - Throws: `CatalogError.invalidConfigField` naming the first unusable field.
    public init(
        name: String, numHiddenLayers: Int, hiddenSize: Int, numAttentionHeads: Int,
        numKeyValueHeads: Int? = nil, intermediateSize: Int, vocabSize: Int, torchDtype: String = "float16",
        numLocalExperts: Int? = nil, numExpertsPerToken: Int? = nil, headDim: Int? = nil,
        source: String = "config"
    ) throws {
        self.name = name
        self.numHiddenLayers = numHiddenLayers
        self.hiddenSize = hiddenSize
        self.numAttentionHeads = numAttentionHeads
        self.numKeyValueHeads = numKeyValueHeads ?? numAttentionHeads
        self.intermediateSize = intermediateSize
        self.vocabSize = vocabSize
        self.torchDtype = torchDtype
        self.numLocalExperts = numLocalExperts
        self.numExpertsPerToken = numExpertsPerToken
        self.headDim = headDim
        try validate(source: source)
    }

    private func validate(source: String) throws {
        func require(_ ok: Bool, _ field: CodingKeys, _ value: Int?, _ requirement: String) throws {
            if !ok {
                throw CatalogError.invalidConfigField(
                    field: field.rawValue, value: value.map(String.init) ?? "null", requirement: requirement, file: source)
            }
        }
        try require(
            numHiddenLayers >= 1 && numHiddenLayers <= ModelConfig.maximumLayerCount, .numHiddenLayers, numHiddenLayers,
            "must be in 1...\(ModelConfig.maximumLayerCount)")
        try require(hiddenSize >= 1, .hiddenSize, hiddenSize, "must be >= 1")
        try require(numAttentionHeads >= 1, .numAttentionHeads, numAttentionHeads, "must be >= 1")
        try require(intermediateSize >= 1, .intermediateSize, intermediateSize, "must be >= 1")
        try require(vocabSize >= 1, .vocabSize, vocabSize, "must be >= 1")
        try require(
            numKeyValueHeads >= 1 && numAttentionHeads % numKeyValueHeads == 0, .numKeyValueHeads, numKeyValueHeads,
            "must be >= 1 and divide num_attention_heads (\(numAttentionHeads))")
        if let headDim {
            try require(headDim >= 1, .headDim, headDim, "must be >= 1")
        } else {
            try require(
                hiddenSize % numAttentionHeads == 0, .hiddenSize, hiddenSize,
                "must be a multiple of num_attention_heads (\(numAttentionHeads)) when head_dim is absent")
        }
        if numLocalExperts != nil || numExpertsPerToken != nil {
            let experts = numLocalExperts ?? 0
            try require(experts >= 1, .numLocalExperts, numLocalExperts, "must be >= 1 for a mixture of experts")
            let routed = numExpertsPerToken ?? 0
            try require(
                routed >= 1 && routed <= experts, .numExpertsPerToken, numExpertsPerToken,
                "must be between 1 and num_local_experts (\(experts))")
        }
        if ModelConfig.bytesPerElement(dtype: torchDtype) == nil {
            throw CatalogError.invalidConfigField(
                field: CodingKeys.torchDtype.rawValue, value: "\"\(torchDtype)\"",
                requirement: "one of float16, bfloat16, float32, float8_e4m3fn, float8_e5m2", file: source)
        }
    }

    /// Bytes per parameter of a `torch_dtype` name, nil when unknown.
    public static func bytesPerElement(dtype: String) -> Double? {
        switch dtype.lowercased() {
        case "float16", "fp16", "half", "bfloat16", "bf16": return 2
        case "float32", "fp32", "float": return 4
        case let other where other.hasPrefix("float8") || other.hasPrefix("fp8"): return 1
        default: return nil
        }
    }

    /// Bytes per parameter, activation and cache element.
    public var dtypeBytes: Double { ModelConfig.bytesPerElement(dtype: torchDtype) ?? 2 }

    /// Dimension of one attention head.
    public var headDimension: Int { headDim ?? hiddenSize / numAttentionHeads }

    /// Whether the MLP is a mixture of experts.
    public var isMixtureOfExperts: Bool { (numLocalExperts ?? 0) > 0 }

    /// Parameters of the attention block: query and output projections over all heads, key and
    /// value projections over the key/value heads.
    public var attentionParametersPerLayer: Double {
        let h = Double(hiddenSize)
        let d = Double(headDimension)
        return 2 * h * Double(numAttentionHeads) * d + 2 * h * Double(numKeyValueHeads) * d
    }

    /// Parameters of one gated MLP (gate, up and down projections).
    public var mlpParameters: Double { 3 * Double(hiddenSize) * Double(intermediateSize) }

    /// Parameters one decoder layer holds: attention, every expert's MLP (and the router), two norms.
    public var parametersPerLayer: Double {
        let h = Double(hiddenSize)
        let experts = Double(numLocalExperts ?? 0)
        let mlp = isMixtureOfExperts ? experts * mlpParameters + h * experts : mlpParameters
        return attentionParametersPerLayer + mlp + 2 * h
    }

    /// Parameters one token is multiplied with in one layer: with experts, only the routed ones.
    public var activeParametersPerLayer: Double {
        let h = Double(hiddenSize)
        guard isMixtureOfExperts else { return parametersPerLayer }
        let experts = Double(numLocalExperts ?? 0)
        return attentionParametersPerLayer + Double(numExpertsPerToken ?? 1) * mlpParameters + h * experts + 2 * h
    }

    /// Bytes of KV cache per token per layer: keys and values of every key/value head.
    public var kvCacheBytesPerTokenPerLayer: Double {
        2 * Double(numKeyValueHeads) * Double(headDimension) * dtypeBytes
    }

    /// The model as the planner sees it.
    ///
    /// - `parameterBytesPerLayer` = `parametersPerLayer` × dtype bytes (embeddings and the output
    ///   head are not per-layer and are left out);
    /// - `activationBytesPerToken` = hidden_size × dtype bytes (the hidden state sent between stages);
    /// - `tokenBytes` = 2 for vocabularies of at most 65,536 tokens, else 4 (a token id);
    /// - `kvCacheBytesPerTokenPerLayer` = 2 × kv_heads × head_dim × dtype bytes.
    public var modelSpec: ModelSpec {
        ModelSpec(
            name: name, layerCount: numHiddenLayers, parameterBytesPerLayer: parametersPerLayer * dtypeBytes,
            activationBytesPerToken: Double(hiddenSize) * dtypeBytes, tokenBytes: vocabSize <= 65_536 ? 2 : 4,
            kvCacheBytesPerTokenPerLayer: kvCacheBytesPerTokenPerLayer)
    }
}
