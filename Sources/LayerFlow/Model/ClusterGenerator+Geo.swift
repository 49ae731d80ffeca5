extension ClusterGenerator {
    /// A geo-distributed cluster of the shape of Helix's 3-region setup: regions whose nodes carry
    /// **no region labels** (the planner must infer them), each node's links drawn at random:
    /// inside a region `intraBandwidth` (bytes/s) with `intraLatencySeconds`, between regions (and
    /// from the coordinator, which sits in the first region, to the others) `crossBandwidth` with
    /// latencies in `crossLatencySeconds`. Nodes are `n0`, `n1`, … in region order. Bandwidths are
    /// what the links carry under `bandwidthConvention` (stored divided by its multiplier), so
    /// GPU types taken from a Helix instance keep their NIC figures.
    /// - Parameters:
    ///   - name: the cluster's name.
    ///   - model: the model to serve.
    ///   - gpuTypes: the GPU types the regions name.
    ///   - regions: per region, GPU type name → node count (e.g. the 4 A100 | 8 T4 + 2 L4
    ///     | 6 L4 + 4 T4 of Helix's cluster, scaled up for bigger ones).
    ///   - intraBandwidth: the range a link inside a region is drawn from, bytes per second.
    ///   - crossBandwidth: the range a link between regions is drawn from, bytes per second.
    ///   - intraLatencySeconds: the latency of every link inside a region.
    ///   - crossLatencySeconds: the range a link between regions draws its latency from.
    ///   - bandwidthConvention: how the stored bandwidths become capacities.
    ///   - seed: seeds every draw; the same seed gives the same cluster.
    /// - Throws: `ClusterError` if a region names an unknown GPU type or the mesh is too large.
    /// - Complexity: O(n²) links for n nodes.
    public static func geoDistributed(
        name: String, model: ModelSpec, gpuTypes: [GPUType], regions: [[String: Int]],
        intraBandwidth: ClosedRange<Double> = 1.1e9...1.3e9, crossBandwidth: ClosedRange<Double> = 10e6...15e6,
        intraLatencySeconds: Double = 0.001, crossLatencySeconds: ClosedRange<Double> = 0.04...0.06,
        bandwidthConvention: BandwidthConvention = .physical, seed: UInt64
    ) throws -> Cluster {
        _ = try meshSize(regions.flatMap { $0.values })
        var nodes: [ComputeNode] = []
        var regionOfNode: [Int] = []
        for (r, counts) in regions.enumerated() {
            for type in counts.keys.sorted() {
                for _ in 0..<(counts[type] ?? 0) {
                    nodes.append(ComputeNode(id: "n\(nodes.count)", type: type))
                    regionOfNode.append(r)
                }
            }
        }
        var random = SeededGenerator(seed: seed)
        func link(_ from: Endpoint, _ to: Endpoint, near: Bool) -> Link {
            Link(
                from: from, to: to,
                bandwidthBytesPerSecond: Double.random(in: near ? intraBandwidth : crossBandwidth, using: &random)
                    / bandwidthConvention.bandwidthMultiplier,
                latencySeconds: near ? intraLatencySeconds : Double.random(in: crossLatencySeconds, using: &random))
        }
        var links: [Link] = []
        for (i, node) in nodes.enumerated() {
            links.append(link(.coordinator, .node(node.id), near: regionOfNode[i] == 0))
            links.append(link(.node(node.id), .coordinator, near: regionOfNode[i] == 0))
        }
        for (i, from) in nodes.enumerated() {
            for (j, to) in nodes.enumerated() where i != j {
                links.append(link(.node(from.id), .node(to.id), near: regionOfNode[i] == regionOfNode[j]))
            }
        }
        return try Cluster(
            name: name, model: model, gpuTypes: gpuTypes, nodes: nodes, links: links, bandwidthConvention: bandwidthConvention)
    }
}
