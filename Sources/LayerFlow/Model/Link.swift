/// One end of a link: the coordinator (which feeds requests in and takes tokens out) or a node.
public enum Endpoint: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    case coordinator
    case node(String)

    /// The reserved id that names the coordinator in files.
    public static let coordinatorID = "coordinator"

    public init(_ id: String) {
        self = id == Endpoint.coordinatorID ? .coordinator : .node(id)
    }

    public init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public var description: String {
        switch self {
        case .coordinator: return Endpoint.coordinatorID
        case .node(let id): return id
        }
    }

    /// The node id, or nil for the coordinator.
    public var nodeID: String? {
        if case .node(let id) = self { return id }
        return nil
    }

    public static func < (lhs: Endpoint, rhs: Endpoint) -> Bool {
        lhs.description < rhs.description
    }
}

/// A directed network link. A link from the coordinator carries requests into the first stage; a
/// link to the coordinator carries results back; node→node links carry activations between stages.
public struct Link: Sendable, Hashable, Codable {
    public var from: Endpoint
    public var to: Endpoint
    /// Usable bandwidth in bytes per second (physical bytes, not bits).
    public var bandwidthBytesPerSecond: Double
    /// One-way latency in seconds (not part of the throughput model; used for path latency).
    public var latencySeconds: Double

    public init(from: Endpoint, to: Endpoint, bandwidthBytesPerSecond: Double, latencySeconds: Double = 0) {
        self.from = from
        self.to = to
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
        self.latencySeconds = latencySeconds
    }
}
