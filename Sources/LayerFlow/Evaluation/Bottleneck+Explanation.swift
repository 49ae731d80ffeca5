extension Bottleneck {
    /// Names the min-cut arcs and structural gaps in words a user understands.
    static func explain(
        cluster: Cluster, ranges: [LayerRange?], rule: ContiguityRule, throughput: Double,
        cutNodes: [String], cutLinks: [LinkID]
    ) -> Bottleneck {
        let uncovered = uncoveredLayers(ranges: ranges, layerCount: cluster.model.layerCount)
        var summary: [String] = []
        if !uncovered.isEmpty {
            let list = uncovered.map { $0.count == 1 ? "layer \($0.start)" : "layers \($0.start)–\($0.end - 1)" }
            summary.append("No node holds \(list.joined(separator: ", ")): no request can be served.")
        } else if throughput <= 0 {
            summary.append(rule == .strict
                ? "Every layer is held, but no chain of linked nodes whose ranges meet end to start runs from layer 0 to layer \(cluster.model.layerCount - 1)."
                : "Every layer is held, but no chain of linked nodes covers layer 0 to layer \(cluster.model.layerCount - 1).")
        }
        if throughput > 0 {
            var parts: [String] = []
            if !cutNodes.isEmpty {
                let described = cutNodes.map { id -> String in
                    guard let index = cluster.nodeIndex(of: id), let range = ranges[index] else { return id }
                    let capacity = cluster.nodeCapacityTokensPerSecond(nodeAt: index, layers: range.count)
                    return "\(id) (\(cluster.gpuType(ofNodeAt: index).name), layers \(range.start)–\(range.end - 1), \(Formatting.rate(capacity)))"
                }
                parts.append("compute on \(cutNodes.count == 1 ? "node" : "nodes") \(described.joined(separator: ", "))")
            }
            if !cutLinks.isEmpty {
                let described = cutLinks.map { "\($0.from)→\($0.to)" }
                parts.append("\(cutLinks.count == 1 ? "link" : "links") \(described.joined(separator: ", "))")
            }
            summary.append("Throughput \(Formatting.rate(throughput)) is limited by \(parts.joined(separator: " and ")), all running at full capacity: raising any other capacity does not help.")
        }
        return Bottleneck(nodes: cutNodes, links: cutLinks, uncoveredLayers: uncovered, summary: summary)
    }

    /// Layer ranges held by no node, as maximal half-open ranges.
    /// - Complexity: O(nodes + L).
    static func uncoveredLayers(ranges: [LayerRange?], layerCount: Int) -> [LayerRange] {
        LayerRange.uncovered(by: ranges.compactMap { $0 }, layerCount: layerCount)
    }
}

