import Foundation

/// Measured health of one node.
public struct NodeHealth: Sendable, Hashable, Codable {
    /// Share of its nominal speed the node reaches now, in (0, 1].
    public var throughputFactor: Double
    /// Failures per hour observed (≥ 0).
    public var failuresPerHour: Double
    /// False: an operator took the node out.
    public var usable: Bool

    public init(throughputFactor: Double = 1, failuresPerHour: Double = 0, usable: Bool = true) {
        self.throughputFactor = throughputFactor
        self.failuresPerHour = failuresPerHour
        self.usable = usable
    }

    private enum CodingKeys: String, CodingKey { case throughputFactor, failuresPerHour, usable }

    /// Every field is optional in a health file (defaults: 1, 0, true).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            throughputFactor: try container.decodeIfPresent(Double.self, forKey: .throughputFactor) ?? 1,
            failuresPerHour: try container.decodeIfPresent(Double.self, forKey: .failuresPerHour) ?? 0,
            usable: try container.decodeIfPresent(Bool.self, forKey: .usable) ?? true)
    }
}

/// Measured health of the links between two endpoints (both directions).
public struct LinkHealth: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    /// Share of the nominal bandwidth measured, in (0, 1].
    public var bandwidthFactor: Double
    /// Measured latency over nominal, ≥ 1.
    public var latencyFactor: Double
    /// Share of packets lost, in [0, 1): the usable bandwidth is `bandwidthFactor × (1 − loss)`.
    public var loss: Double

    public init(from: String, to: String, bandwidthFactor: Double = 1, latencyFactor: Double = 1, loss: Double = 0) {
        self.from = from
        self.to = to
        self.bandwidthFactor = bandwidthFactor
        self.latencyFactor = latencyFactor
        self.loss = loss
    }

    private enum CodingKeys: String, CodingKey { case from, to, bandwidthFactor, latencyFactor, loss }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            from: try container.decode(String.self, forKey: .from), to: try container.decode(String.self, forKey: .to),
            bandwidthFactor: try container.decodeIfPresent(Double.self, forKey: .bandwidthFactor) ?? 1,
            latencyFactor: try container.decodeIfPresent(Double.self, forKey: .latencyFactor) ?? 1,
            loss: try container.decodeIfPresent(Double.self, forKey: .loss) ?? 0)
    }
}

/// How measured health becomes the cluster the planner sees.
public struct HealthPolicy: Sendable, Hashable, Codable {
    /// Exclude a node or link whose factor falls below this (derate it otherwise).
    public var excludeBelowFactor: Double
    /// Failure probabilities are over this many hours: `1 − exp(−rate · horizon)`.
    public var horizonHours: Double
    /// Exclude a node more likely than this to fail within the horizon.
    public var maxFailureProbability: Double
    /// Also multiply each node's capacity by its availability `1 − p` (expected throughput).
    public var weightByAvailability: Bool

    public init(excludeBelowFactor: Double = 0.25, horizonHours: Double = 1, maxFailureProbability: Double = 0.5, weightByAvailability: Bool = false) {
        self.excludeBelowFactor = excludeBelowFactor
        self.horizonHours = horizonHours
        self.maxFailureProbability = maxFailureProbability
        self.weightByAvailability = weightByAvailability
    }

    private enum CodingKeys: String, CodingKey { case excludeBelowFactor, horizonHours, maxFailureProbability, weightByAvailability }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = HealthPolicy()
        self.init(
            excludeBelowFactor: try container.decodeIfPresent(Double.self, forKey: .excludeBelowFactor) ?? defaults.excludeBelowFactor,
            horizonHours: try container.decodeIfPresent(Double.self, forKey: .horizonHours) ?? defaults.horizonHours,
            maxFailureProbability: try container.decodeIfPresent(Double.self, forKey: .maxFailureProbability) ?? defaults.maxFailureProbability,
            weightByAvailability: try container.decodeIfPresent(Bool.self, forKey: .weightByAvailability) ?? defaults.weightByAvailability)
    }

    /// Probability that a node failing `rate` times an hour fails within the horizon.
    public func failureProbability(rate: Double) -> Double { 1 - exp(-rate * horizonHours) }
}

/// A health file: per-node and per-link measurements and the policy (`layerflow-health/1`,
/// docs/FileFormats.md).
public struct ClusterHealth: Sendable, Hashable, Codable {
    public static let tag = "layerflow-health/1"

    public var nodes: [String: NodeHealth]
    public var links: [LinkHealth]
    public var policy: HealthPolicy

    public init(nodes: [String: NodeHealth] = [:], links: [LinkHealth] = [], policy: HealthPolicy = HealthPolicy()) {
        self.nodes = nodes
        self.links = links
        self.policy = policy
    }

    private enum CodingKeys: String, CodingKey { case format, nodes, links, policy }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let format = try container.decodeIfPresent(String.self, forKey: .format), format != Self.tag {
            throw FormatError.wrongKindOfFile(found: format, expected: "a health file (\"format\": \"\(Self.tag)\")")
        }
        self.init(
            nodes: try container.decodeIfPresent([String: NodeHealth].self, forKey: .nodes) ?? [:],
            links: try container.decodeIfPresent([LinkHealth].self, forKey: .links) ?? [],
            policy: try container.decodeIfPresent(HealthPolicy.self, forKey: .policy) ?? HealthPolicy())
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.tag, forKey: .format)
        try container.encode(nodes, forKey: .nodes)
        try container.encode(links, forKey: .links)
        try container.encode(policy, forKey: .policy)
    }

    /// Reads a health file.
    /// - Throws: `FormatError` naming the field.
    public static func decode(_ data: Data) throws -> ClusterHealth {
        try JSONInput.decode(ClusterHealth.self, from: try JSONInput.parse(data))
    }
}
