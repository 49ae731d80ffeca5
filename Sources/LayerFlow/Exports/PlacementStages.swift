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
        let gaps = LayerRange.uncovered(by: placement.ranges.values, layerCount: cluster.model.layerCount)
        if !gaps.isEmpty { throw ExportError.uncoveredLayers(gaps) }
    }
}
