/// The model being served, as far as placement and routing care: how many layers it has and how
/// many bytes each layer and each token cost.
///
/// All sizes are in bytes. `activationBytesPerToken` is what one token's hidden state costs on the
/// wire between two pipeline stages; `tokenBytes` is what a token id costs between the coordinator
/// and the first or last stage.
public struct ModelSpec: Sendable, Hashable, Codable {
    /// A human-readable name, e.g. `"LLaMA-2-70B"`.
    public var name: String
    /// Number of transformer layers (L). Placements cut `0..<layerCount` into ranges.
    public var layerCount: Int
    /// Bytes of parameters one layer occupies in GPU memory.
    public var parameterBytesPerLayer: Double
    /// Bytes of activations per token sent from one stage to the next.
    public var activationBytesPerToken: Double
    /// Bytes per token exchanged with the coordinator (prompt in, sampled token out).
    public var tokenBytes: Double
    /// Bytes of KV cache one token occupies in one layer, when known (keys and values, all heads).
    public var kvCacheBytesPerTokenPerLayer: Double?

    public init(
        name: String,
        layerCount: Int,
        parameterBytesPerLayer: Double,
        activationBytesPerToken: Double,
        tokenBytes: Double,
        kvCacheBytesPerTokenPerLayer: Double? = nil
    ) {
        self.name = name
        self.layerCount = layerCount
        self.parameterBytesPerLayer = parameterBytesPerLayer
        self.activationBytesPerToken = activationBytesPerToken
        self.tokenBytes = tokenBytes
        self.kvCacheBytesPerTokenPerLayer = kvCacheBytesPerTokenPerLayer
    }
}
