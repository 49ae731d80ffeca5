extension Cluster {
    /// The cluster with only the nodes at `positions` (in that order) and the links among them and
    /// the coordinator.
    /// - Complexity: O(nodes + links).
    func restricted(to positions: [Int]) throws -> Cluster {
        let kept = Set(positions.map { nodes[$0].id })
        return try Cluster(
            name: name, model: model, gpuTypes: gpuTypes, nodes: positions.map { nodes[$0] },
            links: links.filter { ($0.from.nodeID.map(kept.contains) ?? true) && ($0.to.nodeID.map(kept.contains) ?? true) },
            coordinator: coordinator, bandwidthConvention: bandwidthConvention)
    }
}
