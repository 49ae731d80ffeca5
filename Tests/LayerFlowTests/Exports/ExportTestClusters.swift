import LayerFlow

/// Small clusters for the export tests: every node a type of its own with a one-entry or
/// flat table, a complete mesh of fast links.
enum ExportTestClusters {
    /// Nodes named by id with their capacity at any layer count up to `maxLayers`.
    static func cluster(layers: Int, capacities: [(id: String, tokensPerSecond: Double)], maxLayers: Int = 8) throws -> Cluster {
        let types = capacities.map { node in
            GPUType(
                name: "gpu-\(node.id)", vramBytes: 80e9, nicInBytesPerSecond: 1e12, nicOutBytesPerSecond: 1e12,
                maxLayers: maxLayers,
                throughputTokensPerSecondByLayerCount: [Double](repeating: node.tokensPerSecond, count: maxLayers))
        }
        let nodes = capacities.map { ComputeNode(id: $0.id, type: "gpu-\($0.id)") }
        var links: [Link] = []
        for node in nodes {
            links.append(Link(from: .coordinator, to: .node(node.id), bandwidthBytesPerSecond: 1e12))
            links.append(Link(from: .node(node.id), to: .coordinator, bandwidthBytesPerSecond: 1e12))
            for other in nodes where other.id != node.id {
                links.append(Link(from: .node(node.id), to: .node(other.id), bandwidthBytesPerSecond: 1e12))
            }
        }
        return try Cluster(
            name: "export-test",
            model: ModelSpec(name: "LLaMA-2-7B", layerCount: layers, parameterBytesPerLayer: 1e9, activationBytesPerToken: 8192, tokenBytes: 2),
            gpuTypes: types, nodes: nodes, links: links)
    }

    static func placement(_ ranges: [String: (Int, Int)]) -> Placement {
        Placement(ranges.mapValues { LayerRange($0.0, $0.1) })
    }
}
