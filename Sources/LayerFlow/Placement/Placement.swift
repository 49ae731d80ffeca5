/// Which layers each node holds: node id → half-open layer range. Nodes absent from the map hold
/// nothing and carry no flow.
///
/// Encoded as a JSON object `{"<node id>": [start, end], ...}`, the shape of a reference placement
/// in Helix's instances. A placement is checked against a cluster with `validate(for:)`.
public struct Placement: Sendable, Hashable {
    public var ranges: [String: LayerRange]

    public init(_ ranges: [String: LayerRange] = [:]) {
        self.ranges = ranges
    }

    public subscript(node: String) -> LayerRange? {
        get { ranges[node] }
        set { ranges[node] = newValue }
    }

    /// Ranges by node position in `cluster.nodes` (nil where a node holds nothing).
    /// Ids unknown to the cluster are ignored; call `validate(for:)` first to reject them.
    public func rangesByNodeIndex(in cluster: Cluster) -> [LayerRange?] {
        var result = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        for (id, range) in ranges {
            if let index = cluster.nodeIndex(of: id) { result[index] = range }
        }
        return result
    }

    /// Builds a placement from ranges by node position.
    public init(cluster: Cluster, rangesByNodeIndex: [LayerRange?]) {
        var ranges: [String: LayerRange] = [:]
        for (index, range) in rangesByNodeIndex.enumerated() where index < cluster.nodes.count {
            if let range { ranges[cluster.nodes[index].id] = range }
        }
        self.init(ranges)
    }

    /// Checks every range against the cluster: the node exists, the range lies inside the model and
    /// is non-empty, holds at most the type's `maxLayers`, and its parameters fit in the GPU's memory.
    /// - Throws: `PlacementError` naming the first offending node (nodes are checked in id order).
    public func validate(for cluster: Cluster) throws(PlacementError) {
        let layers = cluster.model.layerCount
        for id in ranges.keys.sorted() {
            guard let range = ranges[id] else { continue }
            guard let index = cluster.nodeIndex(of: id) else { throw .unknownNode(id: id) }
            if range.start < 0 || range.end > layers || range.start >= range.end {
                throw .rangeOutsideModel(node: id, range: range, layerCount: layers)
            }
            let type = cluster.gpuType(ofNodeAt: index)
            if range.count > type.maxLayers {
                throw .exceedsMaxLayers(
                    node: id, gpuType: type.name, layers: range.count, maxLayers: type.maxLayers)
            }
            let bytes = Double(range.count) * cluster.model.parameterBytesPerLayer
            if bytes > type.vramBytes {
                throw .exceedsMemory(
                    node: id, gpuType: type.name, parameterBytes: bytes, vramBytes: type.vramBytes)
            }
        }
    }
}

extension Placement: Codable {
    public init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([String: LayerRange].self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(ranges)
    }
}
