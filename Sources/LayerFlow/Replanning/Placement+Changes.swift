/// What one node does between two placements: the layers it must load and may unload.
public struct PlacementChange: Sendable, Hashable, Codable {
    public var node: String
    public var old: LayerRange?
    public var new: LayerRange?
    /// Layers in `new` that `old` does not hold (at most two ranges).
    public var loaded: [LayerRange]
    /// Layers in `old` that `new` does not hold.
    public var unloaded: [LayerRange]

    /// Layers this node must load.
    public var loadedLayers: Int { loaded.reduce(0) { $0 + $1.count } }
}

/// Every node whose layers differ between two placements, in id order.
public struct PlacementChanges: Sendable, Hashable, Codable {
    public var changes: [PlacementChange]

    /// Layers loaded over all nodes: what a re-plan moves (every loaded layer is a weight transfer).
    public var movedLayers: Int { changes.reduce(0) { $0 + $1.loadedLayers } }
    /// Nodes that load anything.
    public var loadingNodes: Int { changes.filter { !$0.loaded.isEmpty }.count }
    public var isEmpty: Bool { changes.isEmpty }
}

extension Placement {
    /// What changes from `old` to this placement: per node, the layers to load and to unload.
    /// A node present in only one of them loads (or unloads) its whole range.
    /// - Complexity: O(nodes · log nodes).
    public func changes(from old: Placement) -> PlacementChanges {
        let ids = Set(ranges.keys).union(old.ranges.keys).sorted()
        var changes: [PlacementChange] = []
        for id in ids {
            let before = old[id]
            let after = self[id]
            guard before != after else { continue }
            changes.append(PlacementChange(
                node: id, old: before, new: after,
                loaded: after.map { $0.subtracting(before) } ?? [],
                unloaded: before.map { $0.subtracting(after) } ?? []))
        }
        return PlacementChanges(changes: changes)
    }

    /// This placement without the nodes `cluster` no longer has: what survives a failure.
    public func surviving(in cluster: Cluster) -> Placement {
        Placement(ranges.filter { cluster.nodeIndex(of: $0.key) != nil })
    }

    /// Layer ranges no node holds, ascending.
    /// - Complexity: O(nodes · log nodes).
    public func uncoveredLayers(layerCount: Int) -> [LayerRange] {
        LayerRange.uncovered(by: ranges.values, layerCount: layerCount)
    }
}

extension LayerRange {
    /// This range's layers outside `other` (nil: none held), as at most two ranges.
    func subtracting(_ other: LayerRange?) -> [LayerRange] {
        guard let other, other.start < end, other.end > start else { return [self] }
        var pieces: [LayerRange] = []
        if start < other.start { pieces.append(LayerRange(start, other.start)) }
        if other.end < end { pieces.append(LayerRange(other.end, end)) }
        return pieces
    }
}

extension Cluster {
    /// Evaluates a placement made for an earlier form of this cluster: nodes that are gone hold
    /// nothing (the survivors are scored), instead of `evaluate`'s `unknownNode`.
    /// - Throws: `PlacementError` when a surviving node's range does not fit it.
    public func evaluateSurvivors(of placement: Placement, rule: ContiguityRule = .strict) throws -> Evaluation {
        try evaluate(placement.surviving(in: self), rule: rule)
    }
}
