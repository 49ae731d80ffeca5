import LayerFlow

/// Small hand-made clusters for tests that must not depend on `../shared`.
public enum ClusterFixtures {
    /// Two GPU types, `nodeCount` nodes alternating between them, complete mesh, one coordinator.
    public static func small(
        nodeCount: Int = 4, layers: Int = 8, bandwidthBytesPerSecond: Double = 1.25e8
    ) throws -> Cluster {
        let big = GPUType(
            name: "big", vramBytes: 80e9, nicInBytesPerSecond: 1.25e9, nicOutBytesPerSecond: 1.25e9,
            maxLayers: 6, throughputTokensPerSecondByLayerCount: [1200, 700, 480, 360, 300, 240])
        let small = GPUType(
            name: "small", vramBytes: 16e9, nicInBytesPerSecond: 1.25e9, nicOutBytesPerSecond: 1.25e9,
            maxLayers: 4, throughputTokensPerSecondByLayerCount: [600, 320, 200, 150])
        let nodes = (0..<nodeCount).map { ComputeNode(id: "n\($0)", type: $0 % 2 == 0 ? "big" : "small") }
        var links: [Link] = []
        for node in nodes {
            links.append(Link(from: .coordinator, to: .node(node.id), bandwidthBytesPerSecond: bandwidthBytesPerSecond, latencySeconds: 0.001))
            links.append(Link(from: .node(node.id), to: .coordinator, bandwidthBytesPerSecond: bandwidthBytesPerSecond, latencySeconds: 0.001))
            for other in nodes where other.id != node.id {
                links.append(Link(from: .node(node.id), to: .node(other.id), bandwidthBytesPerSecond: bandwidthBytesPerSecond, latencySeconds: 0.001))
            }
        }
        return try Cluster(
            name: "fixture", model: ModelSpec(name: "toy", layerCount: layers, parameterBytesPerLayer: 2e9, activationBytesPerToken: 8192, tokenBytes: 2),
            gpuTypes: [big, small], nodes: nodes, links: links)
    }
}
