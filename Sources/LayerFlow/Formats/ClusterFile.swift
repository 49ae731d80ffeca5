import Foundation

/// Reads a cluster from a file in either format LayerFlow understands, telling them apart by their
/// tag: `"format": "layerflow-cluster/1"` (native) or `"schema": "helix-instance/1"` (Helix).
public enum ClusterFile {
    /// A cluster read from a file, with the Helix instance it came from where it was one.
    public struct Loaded: Sendable {
        public var cluster: Cluster
        /// The decoded Helix instance (reference placements, bounds), for `helix-instance/1` files.
        public var helixInstance: HelixInstance?
    }

    private struct Tags: Decodable {
        var format: String?
        var schema: String?
    }

    /// Reads and validates a cluster file.
    /// - Parameters:
    ///   - path: a native cluster file or a Helix instance.
    ///   - convention: for Helix files, how bandwidth becomes capacity (default `.helix`, which
    ///     reproduces Helix's numbers); for native files, overrides the file's own convention when given.
    /// - Throws: `FormatError` (unreadable file, bad JSON, unknown format), `ClusterError` (invalid values).
    public static func load(path: String, convention: BandwidthConvention? = nil) throws -> Loaded {
        try decode(try readData(path: path), convention: convention)
    }

    /// Reads and validates a cluster from a file's bytes; see `load(path:convention:)`.
    public static func decode(_ data: Data, convention: BandwidthConvention? = nil) throws -> Loaded {
        let node = try JSONInput.parse(data)
        let tags = try JSONInput.decode(Tags.self, from: node)
        if tags.schema == HelixInstance.schemaTag {
            let instance = try HelixInstance.decode(node)
            return Loaded(cluster: try instance.cluster(convention: convention ?? .helix), helixInstance: instance)
        }
        if tags.format == NativeClusterFormat.tag {
            var cluster = try NativeClusterFormat.decode(node)
            if let convention { cluster = cluster.with(bandwidthConvention: convention) }
            return Loaded(cluster: cluster, helixInstance: nil)
        }
        throw FormatError.unsupportedFormat(found: tags.format ?? tags.schema)
    }

    static func readData(path: String) throws(FormatError) -> Data { try InputFile.read(path: path) }
}

/// Reads a placement file: a JSON object `{"<node id>": [start, end], ...}`, or any JSON object
/// with such an object under `"placement"` (so `layerflow plan --json` output can be fed back).
public enum PlacementFile {
    private struct Wrapped: Decodable {
        var placement: Placement
    }

    /// - Throws: `FormatError` for an unreadable file or malformed JSON.
    public static func load(path: String) throws -> Placement {
        try decode(try ClusterFile.readData(path: path))
    }

    /// - Throws: `FormatError` for malformed JSON, naming the field (`placement.n3[0]` under a
    ///   `"placement"` key).
    public static func decode(_ data: Data) throws -> Placement {
        let node = try JSONInput.parse(data)
        if case .object(let object) = node {
            if object["placement"] != nil { return try JSONInput.decode(Wrapped.self, from: node).placement }
            // A tagged file without a placement (a cluster file, say): a node id maps to an array,
            // never to a string, so a string tag says what the file is.
            for key in ["format", "schema"] {
                if case .string(let tag)? = object[key] {
                    throw FormatError.wrongKindOfFile(
                        found: tag, expected: "a placement ({\"<node id>\": [start, end], ...}) or a plan file holding one under \"placement\"")
                }
            }
        }
        return try JSONInput.decode(Placement.self, from: node)
    }

    /// Pretty-printed JSON with sorted keys.
    public static func encode(_ placement: Placement) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(placement)
    }
}
