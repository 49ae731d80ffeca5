import LayerFlow

/// The worked example: identical nodes, each one full replica of a 32-layer model with
/// 0.5 GiB per layer and 4 KiB of KV per token per layer, 23 GiB usable, 50 GB/s links, NICs of
/// 25 GB/s, 8 KiB of activations per token. Throughput tables `32,000 ÷ k` tokens/s.
enum PressureFixtures {
    static let gib = 1_073_741_824.0

    static func replicas(count: Int = 8, vramBytes: Double = 23 * gib, kvBytes: Double? = 4096) throws -> (cluster: Cluster, placement: Placement) {
        let model = ModelSpec(
            name: "32-layer", layerCount: 32, parameterBytesPerLayer: gib / 2, activationBytesPerToken: 8192,
            tokenBytes: 4, kvCacheBytesPerTokenPerLayer: kvBytes)
        let type = GPUType(
            name: "G23", vramBytes: vramBytes, nicInBytesPerSecond: 25e9, nicOutBytesPerSecond: 25e9, maxLayers: 32,
            throughputTokensPerSecondByLayerCount: (1...32).map { 32000 / Double($0) })
        let ids = (0..<count).map { "gpu-\($0)" }
        var links: [Link] = []
        for id in ids {
            links.append(Link(from: .coordinator, to: .node(id), bandwidthBytesPerSecond: 50e9))
            links.append(Link(from: .node(id), to: .coordinator, bandwidthBytesPerSecond: 50e9))
        }
        for a in ids { for b in ids where a != b { links.append(Link(from: .node(a), to: .node(b), bandwidthBytesPerSecond: 50e9)) } }
        let cluster = try Cluster(
            name: "replicas", model: model, gpuTypes: [type], nodes: ids.map { ComputeNode(id: $0, type: "G23") }, links: links)
        var placement = Placement()
        for id in ids { placement[id] = LayerRange(0, 32) }
        return (cluster, placement)
    }
}
