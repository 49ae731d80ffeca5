/// How many tokens a node's KV cache holds, and where that figure comes from.
///
/// A token occupies one KV entry in every layer a node runs for it, and every layer a node holds
/// has the same number of entries, so a node's capacity in *tokens* is its capacity in
/// token·layer slots divided by the layers it holds. Under partial inference a request that runs
/// fewer than all of a node's layers still reserves its full token count there: conservative,
/// since the fullest layer never holds more than that.
public struct KVCacheCapacity: Sendable, Hashable, Codable {
    /// Which figure the capacity was computed from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// The GPU type's `kvCacheTokenLayersByLayerCount` (profiled, as in Helix): entry[k−1] / k.
        case profiled
        /// Memory left after the parameters: `(vram − k·parameterBytesPerLayer) / (kvCacheBytesPerTokenPerLayer · k)`.
        case memory
        /// Neither figure is known: the node never limits admission.
        case unlimited
    }

    /// Tokens the node's KV cache holds, rounded down; nil when unlimited.
    public var tokens: Int?
    public var source: Source

    public init(tokens: Int?, source: Source) {
        self.tokens = tokens
        self.source = source
    }

    /// The capacity of the node at `index` holding `layers` layers.
    /// - Complexity: O(1).
    public static func of(nodeAt index: Int, layers: Int, in cluster: Cluster) -> KVCacheCapacity {
        let type = cluster.gpuType(ofNodeAt: index)
        guard layers >= 1 else { return KVCacheCapacity(tokens: 0, source: .unlimited) }
        if let slots = type.kvCacheTokenLayersByLayerCount, layers <= slots.count {
            return KVCacheCapacity(tokens: wholeTokens(slots[layers - 1] / Double(layers)), source: .profiled)
        }
        if let bytesPerToken = cluster.model.kvCacheBytesPerTokenPerLayer, bytesPerToken > 0 {
            let free = type.vramBytes - Double(layers) * cluster.model.parameterBytesPerLayer
            return KVCacheCapacity(tokens: wholeTokens(free / (bytesPerToken * Double(layers))), source: .memory)
        }
        return KVCacheCapacity(tokens: nil, source: .unlimited)
    }

    /// `value` rounded down to whole tokens, clamped to `0...Int32.max`.
    package static func wholeTokens(_ value: Double) -> Int {
        guard value.isFinite, value > 0 else { return value == .infinity ? Int(Int32.max) : 0 }
        return Int(min(value.rounded(.down), Double(Int32.max)))
    }
}
