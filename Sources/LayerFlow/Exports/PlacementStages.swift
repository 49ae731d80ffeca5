/// The checks runtime exports share: which nodes hold layers, and whether their ranges cover the
/// model.
enum PlacementStages {
    /// Nodes holding layers, as (position in `cluster.nodes`, range), in cluster order.
    static func usedNodes(_ cluster: Cluster, _ placement: Placement) throws -> [(index: Int, range: LayerRange)] {
        let used = placement.rangesByNodeIndex(in: cluster).enumerated().compactMap { index, range in
            range.map { (index: index, range: $0) }
        }
        if used.isEmpty { throw ExportError.emptyPlacement }
        return used
    }

    /// Throws when some layer is held by no node.
    /// - Complexity: O(nodes + L).
    static func requireCoverage(_ cluster: Cluster, _ placement: Placement) throws {
        var held = [Bool](repeating: false, count: cluster.model.layerCount)
        for range in placement.ranges.values {
            for layer in max(0, range.start)..<min(held.count, max(range.end, range.start)) { held[layer] = true }
        }
        var gaps: [LayerRange] = []
        var layer = 0
        while layer < held.count {
            if held[layer] { layer += 1; continue }
            let start = layer
            while layer < held.count && !held[layer] { layer += 1 }
            gaps.append(LayerRange(start, layer))
        }
        if !gaps.isEmpty { throw ExportError.uncoveredLayers(gaps) }
    }
}
