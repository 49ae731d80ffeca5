import Foundation

/// A planning problem in the shared `helix-instance/1` format (taken from Helix's public artifact):
/// cluster, links, model, throughput tables, and known placements with their max flows.
///
/// Decoding keeps every number exactly as written; fields LayerFlow does not interpret (`source`,
/// the extra keys of `reference` entries) are kept as `JSONValue`s. `cluster(...)` turns it into a
/// validated `Cluster`.
public struct HelixInstance: Sendable, Hashable, Codable {
    /// The value of the `schema` field.
    public static let schemaTag = FileFormatTag.helixInstance

    public struct Model: Sendable, Hashable, Codable {
        public var name: String
        public var layers: Int
        public var tokenBytes: Double
        public var activationBytes: Double
        public var layerParamBytes: Double
    }

    public struct CoordinatorNIC: Sendable, Hashable, Codable {
        public var sourceNicOutBitsPerSec: Double
        public var sinkNicInBitsPerSec: Double
    }

    public struct GPUTypeEntry: Sendable, Hashable, Codable {
        public var name: String
        public var count: Int?
        public var vramBytes: Double
        public var nicInBitsPerSec: Double
        public var nicOutBitsPerSec: Double
        public var maxLayers: Int
        public var throughputByLayerCount: [Double]
        public var kvCacheTokenLayersByLayerCount: [Double]?
        public var typicalLayers: Int?
        public var normalizedPerf: Double?
    }

    public struct Node: Sendable, Hashable, Codable {
        public var id: Int
        public var type: String
    }

    /// A link end as Helix writes it: a node index, `"source"` or `"sink"`.
    public enum LinkEnd: Sendable, Hashable, Codable, CustomStringConvertible {
        case source, sink
        case node(Int)

        public init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let index = try? container.decode(Int.self) {
                self = .node(index)
                return
            }
            let text = try container.decode(String.self)
            switch text {
            case "source": self = .source
            case "sink": self = .sink
            default:
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not a node index, \"source\" or \"sink\"")
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .source: try container.encode("source")
            case .sink: try container.encode("sink")
            case .node(let index): try container.encode(index)
            }
        }

        public var description: String {
            switch self {
            case .source: return "source"
            case .sink: return "sink"
            case .node(let index): return String(index)
            }
        }
    }

    public struct LinkEntry: Sendable, Hashable, Codable {
        public var from: LinkEnd
        public var to: LinkEnd
        public var bandwidthBitsPerSec: Double
        public var latencySec: Double
        public var capacityTokensPerSec: Double
    }

    public var schema: String
    public var name: String
    public var description: String?
    public var source: JSONValue?
    public var model: Model
    public var coordinator: CoordinatorNIC
    public var gpuTypes: [GPUTypeEntry]
    public var nodes: [Node]
    public var links: [LinkEntry]
    public var prunedLinks: [LinkEntry]?
    public var computeUpperBound: Double?
    /// Known placements with their max flows; see `ReferencePlacement`.
    public var reference: [[String: JSONValue]]?
    public var bestKnown: JSONValue?

    /// Which of the file's link sets to build the cluster from.
    public enum LinkSet: String, Sendable, CaseIterable {
        case links, prunedLinks
    }

    /// Reads a `helix-instance/1` file's bytes (does not validate the cluster; `cluster()` does).
    /// - Throws: `FormatError` naming the field.
    public static func decode(_ data: Data) throws -> HelixInstance {
        try decode(JSONInput.parse(data))
    }

    static func decode(_ node: JSONNode) throws -> HelixInstance {
        let instance = try JSONInput.decode(HelixInstance.self, from: node)
        guard instance.schema == schemaTag else { throw FormatError.unsupportedFormat(found: instance.schema) }
        return instance
    }

    /// The instance as a validated cluster.
    ///
    /// Bandwidths are stored physically (bits / 8 bytes per second). With `.helix` (the default)
    /// capacities are computed as Helix computes them, so every reference max flow in the file
    /// reproduces; each link's computed capacity is checked against the file's
    /// `capacityTokensPerSec`. With `.physical` capacities are 8× smaller, as the hardware allows.
    /// - Throws: `FormatError` for a link whose end is misplaced or whose capacity disagrees,
    ///   `ClusterError` for invalid values.
    public func cluster(
        convention: BandwidthConvention = .helix, linkSet: LinkSet = .links
    ) throws -> Cluster {
        let types = gpuTypes.map { entry in
            GPUType(
                name: entry.name, vramBytes: entry.vramBytes,
                nicInBytesPerSecond: entry.nicInBitsPerSec / 8, nicOutBytesPerSecond: entry.nicOutBitsPerSec / 8,
                maxLayers: entry.maxLayers, throughputTokensPerSecondByLayerCount: entry.throughputByLayerCount,
                kvCacheTokenLayersByLayerCount: entry.kvCacheTokenLayersByLayerCount)
        }
        let clusterNodes = nodes.map { ComputeNode(id: String($0.id), type: $0.type) }
        let entries = linkSet == .links ? links : (prunedLinks ?? [])
        let field = linkSet.rawValue
        var clusterLinks: [Link] = []
        clusterLinks.reserveCapacity(entries.count)
        for (i, entry) in entries.enumerated() {
            let from: Endpoint
            switch entry.from {
            case .source: from = .coordinator
            case .node(let index): from = .node(String(index))
            case .sink: throw FormatError.invalidEndpoint(field: "\(field)[\(i)].from", value: "sink")
            }
            let to: Endpoint
            switch entry.to {
            case .sink: to = .coordinator
            case .node(let index): to = .node(String(index))
            case .source: throw FormatError.invalidEndpoint(field: "\(field)[\(i)].to", value: "source")
            }
            clusterLinks.append(Link(
                from: from, to: to, bandwidthBytesPerSecond: entry.bandwidthBitsPerSec / 8,
                latencySeconds: entry.latencySec))
        }
        let result = try Cluster(
            name: name,
            model: ModelSpec(
                name: model.name, layerCount: model.layers, parameterBytesPerLayer: model.layerParamBytes,
                activationBytesPerToken: model.activationBytes, tokenBytes: model.tokenBytes),
            gpuTypes: types, nodes: clusterNodes, links: clusterLinks,
            coordinator: Coordinator(
                nicInBytesPerSecond: coordinator.sinkNicInBitsPerSec / 8,
                nicOutBytesPerSecond: coordinator.sourceNicOutBitsPerSec / 8),
            bandwidthConvention: .helix)
        for (i, entry) in entries.enumerated() {
            let computed = result.capacityTokensPerSecond(of: clusterLinks[i])
            if abs(computed - entry.capacityTokensPerSec) > 1e-12 * max(abs(computed), abs(entry.capacityTokensPerSec)) {
                throw FormatError.inconsistentCapacity(
                    field: "\(field)[\(i)].capacityTokensPerSec", fileValue: entry.capacityTokensPerSec, computed: computed)
            }
        }
        return result.with(bandwidthConvention: convention)
    }

    /// The known placements of the file, typed.
    public var referencePlacements: [ReferencePlacement] {
        get throws {
            try (reference ?? []).enumerated().map { try ReferencePlacement(entry: $0.element, index: $0.offset) }
        }
    }
}

/// One entry of a Helix instance's `reference` list: a placement and the max flows it reaches.
public struct ReferencePlacement: Sendable, Hashable {
    /// `helix-milp`, `petals`, `swarm`, `homogeneous`, `separate`, `gurobi-resolve-of-helix-lp`, ...
    public var method: String
    /// Nil for entries that record a solver run without a placement.
    public var placement: Placement?
    /// `links` or `prunedLinks`: the link set `maxFlow` was computed on.
    public var linkSet: HelixInstance.LinkSet
    /// Max flow under the strict rule on `linkSet`.
    public var maxFlow: Double?
    /// Max flow under partial inference on `linkSet`, where the file gives it.
    public var maxFlowPartialInference: Double?
    /// Max flow of the same placement on the full link set, where the file gives it.
    public var maxFlowOnFullLinks: Double?
    /// All keys of the entry, as written.
    public var entry: [String: JSONValue]

    init(entry: [String: JSONValue], index: Int) throws {
        let field = "reference[\(index)]"
        guard let method = entry["method"]?.stringValue else { throw FormatError.missingField(field: "\(field).method") }
        self.method = method
        self.entry = entry
        switch entry["graph"]?.stringValue {
        case nil, "links": linkSet = .links
        case "prunedLinks": linkSet = .prunedLinks
        case let other?: throw FormatError.malformedJSON(field: "\(field).graph", message: "unknown graph '\(other)'")
        }
        maxFlow = entry["maxFlow"]?.doubleValue
        maxFlowPartialInference = entry["maxFlowPartialInference"]?.doubleValue
        maxFlowOnFullLinks = entry["maxFlowOnFullLinks"]?.doubleValue
        if case .object(let object)? = entry["placement"] {
            var ranges: [String: LayerRange] = [:]
            for (node, value) in object {
                guard case .array(let pair) = value, pair.count == 2,
                      let start = pair[0].doubleValue, let end = pair[1].doubleValue,
                      let startInt = Int(exactly: start), let endInt = Int(exactly: end)
                else {
                    throw FormatError.malformedJSON(field: "\(field).placement.\(node)", message: "expected [start, end]")
                }
                ranges[node] = LayerRange(startInt, endInt)
            }
            placement = Placement(ranges)
        }
    }
}
