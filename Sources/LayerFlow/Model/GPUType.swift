/// A kind of GPU server, with the throughput it reaches for each number of layers it may hold.
///
/// The throughput table is the planner's view of compute: entry `k - 1` is the tokens per second
/// (prompt plus decode tokens) a server of this type sustains while holding `k` contiguous layers.
/// Tables come from profiling or an estimator; they need not be monotone.
public struct GPUType: Sendable, Hashable, Codable {
    /// Unique name within a cluster, e.g. `"A100"`.
    public var name: String
    /// GPU memory in bytes; the parameters of the layers a node holds must fit in it.
    public var vramBytes: Double
    /// Network interface speed into the server, bytes per second.
    public var nicInBytesPerSecond: Double
    /// Network interface speed out of the server, bytes per second.
    public var nicOutBytesPerSecond: Double
    /// The most layers a server of this type may hold (K).
    public var maxLayers: Int
    /// Entry `k - 1`: tokens per second when holding `k` layers; `maxLayers` entries.
    public var throughputTokensPerSecondByLayerCount: [Double]
    /// Entry `k - 1`: KV-cache capacity in token·layer slots when holding `k` layers, when known.
    public var kvCacheTokenLayersByLayerCount: [Double]?
    /// Per-layer batch times and batch limits for the serving simulator, when known.
    public var serving: ServingProfile?

    public init(
        name: String,
        vramBytes: Double,
        nicInBytesPerSecond: Double,
        nicOutBytesPerSecond: Double,
        maxLayers: Int,
        throughputTokensPerSecondByLayerCount: [Double],
        kvCacheTokenLayersByLayerCount: [Double]? = nil,
        serving: ServingProfile? = nil
    ) {
        self.name = name
        self.vramBytes = vramBytes
        self.nicInBytesPerSecond = nicInBytesPerSecond
        self.nicOutBytesPerSecond = nicOutBytesPerSecond
        self.maxLayers = maxLayers
        self.throughputTokensPerSecondByLayerCount = throughputTokensPerSecondByLayerCount
        self.kvCacheTokenLayersByLayerCount = kvCacheTokenLayersByLayerCount
        self.serving = serving
    }

    /// Table throughput for a server holding `layers` layers (`1...maxLayers`), else 0.
    public func tableThroughput(layers: Int) -> Double {
        guard layers >= 1, layers <= throughputTokensPerSecondByLayerCount.count else { return 0 }
        return throughputTokensPerSecondByLayerCount[layers - 1]
    }
}
