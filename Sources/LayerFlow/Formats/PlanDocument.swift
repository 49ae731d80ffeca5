import Foundation

/// A plan as a file, `layerflow-plan/1`: what `layerflow plan --json` writes and what `schedule`
/// and `render` read. Self-contained: it embeds the cluster (native format) it was planned for.
///
/// Stable keys other tools rely on: `throughputTokensPerSecond`, `upperBoundTokensPerSecond`,
/// `placement` ({"<node id>": [start, end]}), `status`, `gap`, `stages`, `provenance`.
public struct PlanDocument: Sendable, Codable {
    /// The value of `format`.
    public static let tag = FileFormatTag.plan

    public var format: String
    /// The cluster's name.
    public var cluster: String
    public var status: PlanResult.Status
    public var method: String
    public var rule: ContiguityRule
    public var throughputTokensPerSecond: Double
    public var upperBoundTokensPerSecond: Double
    /// Nil (written as `null`) when nothing is served under a positive bound (the gap is then
    /// unbounded); 0 when nothing can be served and nothing is.
    public var gap: Double?
    /// Nodes on the deepest flow-carrying path.
    public var stages: Int
    public var pathLatencySeconds: Double
    public var placement: Placement
    public var provenance: PlanResult.Provenance?
    public var statistics: PlanResult.Statistics?
    public var evaluation: Evaluation
    /// The cluster itself, so the plan can be used without the original file.
    public var clusterDefinition: Cluster
    /// Under a serving objective: the plan's serving estimate, why it was chosen, and every
    /// candidate with its predicted (and simulated) figures, best first.
    public var serving: ServingEstimate?
    public var choice: String?
    public var candidates: [PlanCandidate]?

    /// The document of a planner result.
    public init(_ result: PlanResult, cluster: Cluster) {
        format = Self.tag
        self.cluster = cluster.name
        status = result.status
        method = result.provenance.method
        rule = result.provenance.options.rule
        throughputTokensPerSecond = result.throughputTokensPerSecond
        upperBoundTokensPerSecond = result.upperBoundTokensPerSecond
        gap = result.gap.isFinite ? result.gap : nil
        stages = result.depth.stages
        pathLatencySeconds = result.depth.networkLatencySeconds
        placement = result.placement
        provenance = result.provenance
        statistics = result.statistics
        evaluation = result.evaluation
        clusterDefinition = cluster
        serving = result.serving
        choice = result.choice
        candidates = result.candidates
    }

    /// The document of a single heuristic's plan: the bound is the cluster's compute upper bound.
    public init(baseline: String, evaluation: Evaluation, cluster: Cluster, options: PlanOptions) {
        format = Self.tag
        self.cluster = cluster.name
        status = .feasible
        method = baseline
        rule = evaluation.rule
        throughputTokensPerSecond = evaluation.throughputTokensPerSecond
        upperBoundTokensPerSecond = evaluation.upperBoundTokensPerSecond
        let baselineGap = PlanResult.gap(
            throughput: evaluation.throughputTokensPerSecond, bound: evaluation.upperBoundTokensPerSecond)
        gap = baselineGap.isFinite ? baselineGap : nil
        let depth = cluster.score(evaluation.placement.rangesByNodeIndex(in: cluster), rule: evaluation.rule).depth(in: cluster)
        stages = depth.stages
        pathLatencySeconds = depth.networkLatencySeconds
        placement = evaluation.placement
        provenance = PlanResult.Provenance(
            layerflowVersion: LayerFlowVersion.current, solver: nil, solverVersion: nil, options: options,
            method: baseline, seconds: 0)
        statistics = nil
        self.evaluation = evaluation
        clusterDefinition = cluster
    }

    /// Reads a plan file and checks its placement against its cluster.
    /// - Throws: `FormatError` (unreadable, malformed, not a plan), `ClusterError`, `PlacementError`.
    public static func load(path: String) throws -> PlanDocument {
        try decode(try ClusterFile.readData(path: path))
    }

    /// Decodes a plan and checks its placement against its cluster.
    /// - Throws: `FormatError.wrongKindOfFile` for a file without the plan tag (a cluster file,
    ///   say), saying how to make a plan.
    public static func decode(_ data: Data) throws -> PlanDocument {
        struct Tag: Decodable { var format: String?; var schema: String? }
        let node = try JSONInput.parse(data)
        let tag = try JSONInput.decode(Tag.self, from: node)
        guard tag.format == tag_ else { throw FormatError.wrongKindOfFile(found: tag.format ?? tag.schema, expected: expectation) }
        let document = try JSONInput.decode(PlanDocument.self, from: node)
        try document.placement.validate(for: document.clusterDefinition)
        return document
    }

    private static let tag_ = tag

    private enum CodingKeys: String, CodingKey {
        case format, cluster, status, method, rule, throughputTokensPerSecond, upperBoundTokensPerSecond, gap
        case stages, pathLatencySeconds, placement, provenance, statistics, evaluation, clusterDefinition
        case serving, choice, candidates
    }

    /// Every contract key is written: `gap` as `null` when it is unbounded (nothing served under a
    /// positive bound), so that tools find the key in every plan.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(cluster, forKey: .cluster)
        try container.encode(status, forKey: .status)
        try container.encode(method, forKey: .method)
        try container.encode(rule, forKey: .rule)
        try container.encode(throughputTokensPerSecond, forKey: .throughputTokensPerSecond)
        try container.encode(upperBoundTokensPerSecond, forKey: .upperBoundTokensPerSecond)
        try container.encode(gap, forKey: .gap)
        try container.encode(stages, forKey: .stages)
        try container.encode(pathLatencySeconds, forKey: .pathLatencySeconds)
        try container.encode(placement, forKey: .placement)
        try container.encodeIfPresent(provenance, forKey: .provenance)
        try container.encodeIfPresent(statistics, forKey: .statistics)
        try container.encode(evaluation, forKey: .evaluation)
        try container.encode(clusterDefinition, forKey: .clusterDefinition)
        try container.encodeIfPresent(serving, forKey: .serving)
        try container.encodeIfPresent(choice, forKey: .choice)
        try container.encodeIfPresent(candidates, forKey: .candidates)
    }
    /// What a command reading plans needs, for `FormatError.wrongKindOfFile`.
    static let expectation = "a plan file (\"format\": \"\(tag)\"), such as `layerflow plan CLUSTER --json plan.json` writes"

    /// Writes the plan file to `path` atomically (a reader never sees half a file), as `encoded()`.
    /// - Throws: `FormatError.unwritableFile` naming the path.
    public func save(to path: String) throws(FormatError) {
        let data: Data
        do { data = try encoded() } catch {
            throw .unwritableFile(path: path, reason: "the plan cannot be encoded: \(error)")
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unwritableFile(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Pretty-printed JSON with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// `layerflow plan --depth-sweep --json`: one plan per stage limit.
public struct DepthSweepDocument: Sendable, Codable {
    public struct Row: Sendable, Codable {
        public var maxStages: Int
        public var plan: PlanDocument
        /// The plan's serving estimate and simulated figures, when its GPU types have serving profiles.
        public var serving: PlanCandidate?

        public init(maxStages: Int, plan: PlanDocument, serving: PlanCandidate? = nil) {
            self.maxStages = maxStages
            self.plan = plan
            self.serving = serving
        }
    }

    public var format = "layerflow-depth-sweep/1"
    public var cluster: String
    public var rows: [Row]

    public init(cluster: String, rows: [Row]) {
        self.cluster = cluster
        self.rows = rows
    }
}
