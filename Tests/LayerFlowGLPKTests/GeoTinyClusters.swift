import LayerFlow

extension TinyCluster {
    /// A seeded random *network-bound* cluster: 2–3 regions of 1–2 unlabelled nodes (at most
    /// `maxNodes`), links of 10⁶ tokens/s inside a region and 20–400 tokens/s between regions
    /// (below the nodes' capacities, so the WAN binds), coordinator links fast to the first region
    /// and slow to the others, 2–`maxLayers` layers, 1–2 GPU types.
    static func randomGeo(seed: UInt64, maxNodes: Int = 4, maxLayers: Int = 4) throws -> (tiny: TinyCluster, regionOfNode: [Int]) {
        var random = SeededGenerator(seed: seed)
        let layers = Int.random(in: 2...maxLayers, using: &random)
        let typeCount = Int.random(in: 1...2, using: &random)
        let types = (0..<typeCount).map { t in
            let length = Int.random(in: 1...min(3, layers), using: &random)
            let table = (0..<length).map { _ in Double(Int.random(in: 100...1000, using: &random)) }
            return GPUType(
                name: "g\(t)", vramBytes: 1e12, nicInBytesPerSecond: 1e12, nicOutBytesPerSecond: 1e12,
                maxLayers: length, throughputTokensPerSecondByLayerCount: table)
        }
        let regionCount = Int.random(in: 2...3, using: &random)
        var regionOfNode: [Int] = []
        for region in 0..<regionCount where regionOfNode.count < maxNodes {
            let size = min(Int.random(in: 1...2, using: &random), maxNodes - regionOfNode.count)
            regionOfNode += [Int](repeating: region, count: size)
        }
        let nodes = regionOfNode.indices.map { ComputeNode(id: "n\($0)", type: "g\(Int.random(in: 0..<typeCount, using: &random))") }
        // Capacity = bandwidth / 1000 bytes per token on node links, / 2 on coordinator links.
        var links: [Link] = []
        for (i, node) in nodes.enumerated() {
            let near = regionOfNode[i] == 0
            let coordinator = (near ? 1e6 : Double(Int.random(in: 20...400, using: &random))) * 2
            links.append(Link(from: .coordinator, to: .node(node.id), bandwidthBytesPerSecond: coordinator, latencySeconds: 0.001))
            links.append(Link(from: .node(node.id), to: .coordinator, bandwidthBytesPerSecond: coordinator, latencySeconds: 0.001))
            for (j, other) in nodes.enumerated() where j != i {
                let same = regionOfNode[i] == regionOfNode[j]
                let capacity = same ? 1e6 : Double(Int.random(in: 20...400, using: &random))
                links.append(Link(
                    from: .node(node.id), to: .node(other.id), bandwidthBytesPerSecond: capacity * 1000,
                    latencySeconds: same ? 0.001 : 0.05))
            }
        }
        let cluster = try Cluster(
            name: "tiny-geo-\(seed)",
            model: ModelSpec(name: "toy", layerCount: layers, parameterBytesPerLayer: 0, activationBytesPerToken: 1000, tokenBytes: 2),
            gpuTypes: types, nodes: nodes, links: links)
        return (TinyCluster(seed: seed, cluster: cluster, rule: .strict, maxStages: nil), regionOfNode)
    }
}
