import LayerFlow

/// A small data-parallel deployment for the memory-pressure simulations: two full replicas ("a",
/// "b") of a 4-layer model, fast enough to simulate a 2×-capacity burst in a debug build.
///
/// Memory: 5 GB of VRAM, 1 GB of weights per layer, 40,960 bytes of KV per token per layer, so a
/// node holding `k` layers keeps ⌊(5e9 − k · 1e9) ÷ (k · 40,960)⌋ tokens (a replica 6,103; a
/// 2-layer pipeline member 36,621), and its KV table is `k` times that in token·layers. Links and
/// NICs 1 GB/s; prompt layers 2 ms per 1,000 tokens, decode layers 1 ms + 0.02 ms per sequence.
public enum PressureFixtures {
    public static let layerBytes = 1e9
    public static let kvBytesPerTokenPerLayer = 40_960.0
    public static let vramBytes = 5e9

    /// KV tokens a node holding `layers` layers keeps.
    public static func tokens(layers: Int) -> Int {
        Int(((vramBytes - Double(layers) * layerBytes) / (Double(layers) * kvBytesPerTokenPerLayer)).rounded(.down))
    }

    /// The cluster and the placement of two full replicas.
    public static func replicatedPair() throws -> (Cluster, Placement) {
        let limits = ServingProfile.BatchLimits(
            promptMaxRequests: 8, promptMaxTokens: 8192, decodeMaxSequences: 256, decodeMaxContextTokens: 1_000_000)
        let profile = ServingProfile(
            promptLayerTimes: [.init(batch: 0, milliseconds: 0), .init(batch: 4096, milliseconds: 8.2)],
            decodeLayerTimes: [.init(batch: 0, milliseconds: 1), .init(batch: 256, milliseconds: 6)],
            batchLimitsByLayerCount: Array(repeating: limits, count: 4), diskBytesPerSecond: 1e9)
        let gpu = GPUType(
            name: "g", vramBytes: vramBytes, nicInBytesPerSecond: 1e9, nicOutBytesPerSecond: 1e9, maxLayers: 4,
            throughputTokensPerSecondByLayerCount: [4000, 2000, 1300, 1000],
            kvCacheTokenLayersByLayerCount: (1...4).map { Double($0 * tokens(layers: $0)) }, serving: profile)
        func link(_ from: Endpoint, _ to: Endpoint) -> Link { Link(from: from, to: to, bandwidthBytesPerSecond: 1e9) }
        let cluster = try Cluster(
            name: "pair",
            model: ModelSpec(
                name: "toy", layerCount: 4, parameterBytesPerLayer: layerBytes, activationBytesPerToken: 8192, tokenBytes: 2,
                kvCacheBytesPerTokenPerLayer: kvBytesPerTokenPerLayer),
            gpuTypes: [gpu],
            nodes: [ComputeNode(id: "a", type: "g"), ComputeNode(id: "b", type: "g")],
            links: [
                link(.coordinator, .node("a")), link(.coordinator, .node("b")), link(.node("a"), .coordinator),
                link(.node("b"), .coordinator), link(.node("a"), .node("b")), link(.node("b"), .node("a")),
            ])
        return (cluster, Placement(["a": LayerRange(0, 4), "b": LayerRange(0, 4)]))
    }

    /// A burst of `burst` requests (100 prompt, 400 output tokens) within 0.1 s of t = 0, then one
    /// request a second for `tail` seconds from t = 10 (so the run goes on past the burst and a
    /// restore can happen): (time, input, output) rows.
    public static func burstArrivals(burst: Int = 48, tail: Int = 20) -> [(time: Double, input: Int, output: Int)] {
        var rows: [(time: Double, input: Int, output: Int)] = []
        for index in 0..<burst { rows.append((time: Double(index) * 0.1 / Double(burst), input: 100, output: 400)) }
        for index in 0..<tail { rows.append((time: 10 + Double(index), input: 100, output: 400)) }
        return rows
    }
}
