import Foundation

/// LayerFlow's own cluster file, `layerflow-cluster/1`: a JSON object with units in every field
/// name. See `docs/FileFormats.md`.
///
/// ```json
/// { "format": "layerflow-cluster/1", "name": "...", "bandwidthConvention": "physical",
///   "model": {...}, "coordinator": {...}, "gpuTypes": [...], "nodes": [...], "links": [...] }
/// ```
public enum NativeClusterFormat {
    /// The value of the `format` field.
    public static let tag = FileFormatTag.cluster

    /// Reads a native cluster file's bytes.
    /// - Throws: `FormatError` for bad JSON or a missing field, `ClusterError` for invalid values.
    public static func decode(_ data: Data) throws -> Cluster {
        try FormatError.decode(Cluster.self, from: data)
    }

    static func decode(_ node: JSONNode) throws -> Cluster {
        try JSONInput.decode(Cluster.self, from: node)
    }

    /// Writes a cluster as pretty-printed JSON with sorted keys (byte-identical for equal clusters).
    public static func encode(_ cluster: Cluster) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(cluster)
    }
}

extension Cluster: Codable {
    private enum CodingKeys: String, CodingKey {
        case format, name, bandwidthConvention, model, coordinator, gpuTypes, nodes, links
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decodeIfPresent(String.self, forKey: .format)
        guard format == NativeClusterFormat.tag else { throw FormatError.unsupportedFormat(found: format) }
        try self.init(
            name: try container.decodeIfPresent(String.self, forKey: .name) ?? "",
            model: try container.decode(ModelSpec.self, forKey: .model),
            gpuTypes: try container.decode([GPUType].self, forKey: .gpuTypes),
            nodes: try container.decode([ComputeNode].self, forKey: .nodes),
            links: try container.decode([Link].self, forKey: .links),
            coordinator: try container.decodeIfPresent(Coordinator.self, forKey: .coordinator) ?? Coordinator(),
            bandwidthConvention: try container.decodeIfPresent(BandwidthConvention.self, forKey: .bandwidthConvention)
                ?? .physical)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(NativeClusterFormat.tag, forKey: .format)
        try container.encode(name, forKey: .name)
        try container.encode(bandwidthConvention, forKey: .bandwidthConvention)
        try container.encode(model, forKey: .model)
        try container.encode(coordinator, forKey: .coordinator)
        try container.encode(gpuTypes, forKey: .gpuTypes)
        try container.encode(nodes, forKey: .nodes)
        try container.encode(links, forKey: .links)
    }
}
