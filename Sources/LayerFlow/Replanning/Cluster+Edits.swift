/// Id-based edits of a cluster, for re-planning after failures, joins and slowdowns: the result is
/// a new validated cluster whose untouched nodes keep their ids, types and tables.
extension Cluster {
    /// The cluster with only the nodes with these ids (in cluster order) and their links.
    /// - Throws: `ReplanError.unknownNode` naming the first unknown id (as `field`), or
    ///   `.everyNodeExcluded` when none is left.
    /// - Complexity: O(nodes + links).
    public func keepingNodes(_ ids: Set<String>, field: String = "keep") throws -> Cluster {
        for id in ids.sorted() where nodeIndex(of: id) == nil { throw ReplanError.unknownNode(field: field, id: id) }
        let positions = nodes.indices.filter { ids.contains(nodes[$0].id) }
        guard !positions.isEmpty else { throw ReplanError.everyNodeExcluded(reasons: ["no node kept"]) }
        return try restricted(to: positions)
    }

    /// The cluster without the nodes with these ids, and without their links.
    /// - Throws: `ReplanError.unknownNode` naming the first unknown id, `.everyNodeExcluded` when
    ///   every node would go.
    public func removingNodes(_ ids: some Sequence<String>, field: String = "remove") throws -> Cluster {
        let removed = Set(ids)
        for id in removed.sorted() where nodeIndex(of: id) == nil { throw ReplanError.unknownNode(field: field, id: id) }
        guard removed.count < nodes.count else {
            throw ReplanError.everyNodeExcluded(reasons: removed.sorted().map { "\($0) removed" })
        }
        return try keepingNodes(Set(nodes.map(\.id)).subtracting(removed), field: field)
    }

    /// The cluster with one more node and the given links (which must name it or existing nodes).
    /// - Throws: `ReplanError.duplicateNode` or `.unknownGPUType` naming it; `ClusterError` for a bad link.
    public func addingNode(_ node: ComputeNode, links newLinks: [Link], field: String = "add") throws -> Cluster {
        guard nodeIndex(of: node.id) == nil else { throw ReplanError.duplicateNode(field: field, id: node.id) }
        guard gpuTypes.contains(where: { $0.name == node.type }) else {
            throw ReplanError.unknownGPUType(field: field, name: node.type)
        }
        return try Cluster(
            name: name, model: model, gpuTypes: gpuTypes, nodes: nodes + [node], links: links + newLinks,
            coordinator: coordinator, bandwidthConvention: bandwidthConvention)
    }

    /// The cluster with a new node of an existing GPU type wired like a template node already there:
    /// the first node of the same type and region, else of the same region, else of the same type.
    /// Every link of the template is copied for the new node, plus a link each way between the two
    /// (as fast as the template's link to another node of its region).
    /// - Throws: `ReplanError.unknownGPUType`, `.duplicateNode`.
    /// - Complexity: O(nodes + links).
    public func addingNode(id: String, type: String, region: String? = nil, field: String = "add") throws -> Cluster {
        guard gpuTypes.contains(where: { $0.name == type }) else { throw ReplanError.unknownGPUType(field: field, name: type) }
        guard nodeIndex(of: id) == nil else { throw ReplanError.duplicateNode(field: field, id: id) }
        let template = nodes.first { $0.type == type && $0.region == region }
            ?? nodes.first { region != nil && $0.region == region }
            ?? nodes.first { $0.type == type } ?? nodes[0]
        let node = ComputeNode(id: id, type: type, region: region ?? template.region)
        return try addingNode(node, links: copiedLinks(of: template, for: id), field: field)
    }

    /// The template's links with the new id in its place, and the two links between them.
    private func copiedLinks(of template: ComputeNode, for id: String) -> [Link] {
        let source = Endpoint.node(template.id)
        let target = Endpoint.node(id)
        var copied: [Link] = []
        for link in links {
            if link.from == source { copied.append(Link(from: target, to: link.to, bandwidthBytesPerSecond: link.bandwidthBytesPerSecond, latencySeconds: link.latencySeconds)) }
            if link.to == source { copied.append(Link(from: link.from, to: target, bandwidthBytesPerSecond: link.bandwidthBytesPerSecond, latencySeconds: link.latencySeconds)) }
        }
        let peer = links.first { link in
            guard link.from == source, let other = link.to.nodeID, let position = nodeIndex(of: other) else { return false }
            return nodes[position].region == template.region
        } ?? links.first { $0.from == source && $0.to != .coordinator }
        if let peer {
            copied.append(Link(from: source, to: target, bandwidthBytesPerSecond: peer.bandwidthBytesPerSecond, latencySeconds: peer.latencySeconds))
            copied.append(Link(from: target, to: source, bandwidthBytesPerSecond: peer.bandwidthBytesPerSecond, latencySeconds: peer.latencySeconds))
        }
        return copied
    }

    /// The cluster where one node runs at `factor` of its speed: its capacity for every layer count
    /// is `factor ×` today's (the node gets its own copy of its GPU type, named
    /// `<type>@<node>×<factor>`, with the table and NIC scaled by `factor` and serving layer times
    /// by `1 / factor`). A factor of 1 returns the cluster unchanged.
    /// - Throws: `ReplanError.unknownNode`, `.invalidFactor` (outside (0, 1]).
    public func deratingNode(_ id: String, factor: Double, field: String = "derate") throws -> Cluster {
        guard let position = nodeIndex(of: id) else { throw ReplanError.unknownNode(field: field, id: id) }
        try Self.checkFactor(factor, field: field)
        if factor == 1 { return self }
        var derated = gpuType(ofNodeAt: position).scaled(by: factor)
        derated.name = "\(nodes[position].type)@\(id)×\(factor)"
        var editedNodes = nodes
        editedNodes[position].type = derated.name
        var types = gpuTypes
        if let existing = types.firstIndex(where: { $0.name == derated.name }) { types[existing] = derated } else { types.append(derated) }
        let used = Set(editedNodes.map(\.type))
        return try Cluster(
            name: name, model: model, gpuTypes: types.filter { used.contains($0.name) }, nodes: editedNodes,
            links: links, coordinator: coordinator, bandwidthConvention: bandwidthConvention)
    }

    /// The cluster where the links between `a` and `b` (both directions; either may be
    /// `coordinator`) carry `bandwidthFactor ×` their bandwidth and take `latencyFactor ×` their
    /// latency (≥ 1: a degraded link is slower).
    /// - Throws: `ReplanError.unknownLink`, `.invalidFactor`.
    public func deratingLink(
        between a: String, and b: String, bandwidthFactor: Double, latencyFactor: Double = 1, field: String = "derate-link"
    ) throws -> Cluster {
        try Self.checkFactor(bandwidthFactor, field: field)
        guard latencyFactor.isFinite, latencyFactor >= 1 else {
            throw ReplanError.invalidFactor(field: field, value: latencyFactor, requirement: "a latency factor ≥ 1")
        }
        let ends: Set<Endpoint> = [Endpoint(a), Endpoint(b)]
        var edited = links
        var found = false
        for index in edited.indices where Set([edited[index].from, edited[index].to]) == ends {
            edited[index].bandwidthBytesPerSecond *= bandwidthFactor
            edited[index].latencySeconds *= latencyFactor
            found = true
        }
        guard found else { throw ReplanError.unknownLink(field: field, from: a, to: b) }
        return try Cluster(
            name: name, model: model, gpuTypes: gpuTypes, nodes: nodes, links: edited,
            coordinator: coordinator, bandwidthConvention: bandwidthConvention)
    }

    /// - Throws: `ReplanError.invalidFactor` unless `0 < factor ≤ 1`.
    static func checkFactor(_ factor: Double, field: String) throws(ReplanError) {
        guard factor > 0, factor <= 1 else {
            throw .invalidFactor(field: field, value: factor, requirement: "in (0, 1]")
        }
    }
}

extension GPUType {
    /// This type running at `factor` of its speed: throughput table and NIC × factor, serving layer
    /// times ÷ factor, memory and KV capacity unchanged.
    func scaled(by factor: Double) -> GPUType {
        var copy = self
        copy.throughputTokensPerSecondByLayerCount = throughputTokensPerSecondByLayerCount.map { $0 * factor }
        copy.nicInBytesPerSecond *= factor
        copy.nicOutBytesPerSecond *= factor
        if var serving {
            serving.promptLayerTimes = serving.promptLayerTimes.map { .init(batch: $0.batch, milliseconds: $0.milliseconds / factor) }
            serving.decodeLayerTimes = serving.decodeLayerTimes.map { .init(batch: $0.batch, milliseconds: $0.milliseconds / factor) }
            copy.serving = serving
        }
        return copy
    }
}
