/// A validated GPU cluster serving one model: GPU types, nodes, directed links and the coordinator.
///
/// A `Cluster` can only be made through its throwing initialiser, so every instance is valid:
/// numbers are finite and in range, ids are unique, every node's type and every link's endpoints
/// exist. Nodes and GPU types are also addressable by position (`nodeIndex(of:)`), which is what
/// the flow network and planners use internally.
public struct Cluster: Sendable, Hashable {
    public let name: String
    public let model: ModelSpec
    public let gpuTypes: [GPUType]
    public let nodes: [ComputeNode]
    public let links: [Link]
    public let coordinator: Coordinator
    /// How bandwidths become capacities; see `BandwidthConvention`.
    public private(set) var bandwidthConvention: BandwidthConvention

    /// Position in `gpuTypes` of each node's type, by node position.
    package let typeIndexOfNode: [Int]
    /// Each link's endpoints as node positions (`coordinatorIndex` for the coordinator), by link position.
    package let linkEnds: [LinkEnds]
    private let nodeIndexByID: [String: Int]

    /// Stands for the coordinator in `linkEnds`.
    package static let coordinatorIndex = -1

    /// Validates and builds a cluster.
    /// - Throws: `ClusterError` naming the first offending field, node or link.
    public init(
        name: String,
        model: ModelSpec,
        gpuTypes: [GPUType],
        nodes: [ComputeNode],
        links: [Link],
        coordinator: Coordinator = Coordinator(),
        bandwidthConvention: BandwidthConvention = .physical
    ) throws {
        try ClusterValidator.validate(model: model)
        let typeIndexByName = try ClusterValidator.validate(gpuTypes: gpuTypes)
        let (nodeIndexByID, typeIndexOfNode) = try ClusterValidator.validate(
            nodes: nodes, typeIndexByName: typeIndexByName)
        let linkEnds = try ClusterValidator.validate(links: links, nodeIndexByID: nodeIndexByID)
        try ClusterValidator.validate(coordinator: coordinator)
        try ClusterValidator.validateTotals(
            model: model, gpuTypes: gpuTypes, typeIndexOfNode: typeIndexOfNode, links: links, coordinator: coordinator)
        self.name = name
        self.model = model
        self.gpuTypes = gpuTypes
        self.nodes = nodes
        self.links = links
        self.coordinator = coordinator
        self.bandwidthConvention = bandwidthConvention
        self.nodeIndexByID = nodeIndexByID
        self.typeIndexOfNode = typeIndexOfNode
        self.linkEnds = linkEnds
    }

    /// The same cluster read under another bandwidth convention.
    public func with(bandwidthConvention: BandwidthConvention) -> Cluster {
        var copy = self
        copy.bandwidthConvention = bandwidthConvention
        return copy
    }

    /// Position of the node with this id in `nodes`, or nil.
    public func nodeIndex(of id: String) -> Int? { nodeIndexByID[id] }

    /// The GPU type of the node at `index`.
    public func gpuType(ofNodeAt index: Int) -> GPUType { gpuTypes[typeIndexOfNode[index]] }

    /// Tokens per second a link can carry: bandwidth over the bytes each token sends on it
    /// (`tokenBytes` on coordinator links, `activationBytesPerToken` between nodes).
    public func capacityTokensPerSecond(of link: Link) -> Double {
        let bytesPerToken = (link.from == .coordinator || link.to == .coordinator)
            ? model.tokenBytes : model.activationBytesPerToken
        return link.bandwidthBytesPerSecond * bandwidthConvention.bandwidthMultiplier / bytesPerToken
    }

    /// Tokens per second the node at `index` sustains holding `layers` layers: the smaller of its
    /// throughput table entry and what its NIC can move, `min(nicIn, nicOut) / activationBytes`.
    /// Zero for a layer count outside `1...maxLayers`.
    public func nodeCapacityTokensPerSecond(nodeAt index: Int, layers: Int) -> Double {
        let type = gpuType(ofNodeAt: index)
        let nic = min(type.nicInBytesPerSecond, type.nicOutBytesPerSecond)
            * bandwidthConvention.bandwidthMultiplier / model.activationBytesPerToken
        return min(type.tableThroughput(layers: layers), nic)
    }

    /// The most layers the node at `index` can hold: its type's `maxLayers`, what fits in its memory,
    /// and the model's layer count, whichever is smallest (may be 0 when not even one layer fits).
    public func maxHoldableLayers(nodeAt index: Int) -> Int {
        let type = gpuType(ofNodeAt: index)
        var limit = min(type.maxLayers, model.layerCount)
        if model.parameterBytesPerLayer > 0 {
            let fitting = (type.vramBytes / model.parameterBytesPerLayer).rounded(.down)
            if fitting < Double(limit) { limit = Int(fitting) }
        }
        return limit
    }

    /// Σ over nodes of `max_k (k · capacity(k)) / L`: what the cluster could reach if every node ran
    /// its most productive layer count and the network never bound. A valid upper bound on the max
    /// flow of every placement (each token needs L layer-executions; node i supplies at most
    /// k · capacity(k) of them per second).
    /// - Complexity: O(Σ maxLayers).
    public var computeUpperBoundTokensPerSecond: Double {
        var total = 0.0
        for index in nodes.indices {
            let maxLayers = maxHoldableLayers(nodeAt: index)
            var best = 0.0
            for k in stride(from: 1, through: maxLayers, by: 1) {
                best = max(best, Double(k) * nodeCapacityTokensPerSecond(nodeAt: index, layers: k))
            }
            total += best
        }
        return total / Double(model.layerCount)
    }
}

extension Cluster {
    /// The smallest positive arc capacity a flow network of this cluster can have: of a node
    /// holding any number of layers it can hold, or of a link (∞ when there is none). A max flow
    /// is the capacity of a cut, a sum of arc capacities, so a placement that serves anything
    /// serves at least this much; a proven bound below it proves that nothing can be served.
    /// - Complexity: O(Σ over GPU types of maxLayers + links).
    package var smallestPositiveCapacityTokensPerSecond: Double {
        var smallest = Double.infinity
        var seenTypes = Set<Int>()
        for index in nodes.indices where seenTypes.insert(typeIndexOfNode[index]).inserted {
            for k in stride(from: 1, through: maxHoldableLayers(nodeAt: index), by: 1) {
                let capacity = nodeCapacityTokensPerSecond(nodeAt: index, layers: k)
                if capacity > 0 { smallest = min(smallest, capacity) }
            }
        }
        for link in links {
            let capacity = capacityTokensPerSecond(of: link)
            if capacity > 0 { smallest = min(smallest, capacity) }
        }
        return smallest
    }
}

/// A link's endpoints as positions in `Cluster.nodes`; `Cluster.coordinatorIndex` is the coordinator.
package struct LinkEnds: Sendable, Hashable {
    package var from: Int
    package var to: Int
}
