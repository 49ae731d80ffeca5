import LayerFlow

/// The `layerflow plan --json` object. Contract (stable, scripts rely on it):
/// `throughputTokensPerSecond`, `upperBoundTokensPerSecond`, `placement` ({"<node id>": [start, end]}),
/// `status`, `gap`, `stages`, `provenance`; plus the full evaluation and statistics.
struct PlanJSON: Encodable {
    var format = "layerflow-plan/1"
    var cluster: String
    var status: String
    var method: String
    var rule: ContiguityRule
    var throughputTokensPerSecond: Double
    var upperBoundTokensPerSecond: Double
    var gap: Double?
    var stages: Int
    var pathLatencySeconds: Double
    var placement: Placement
    var provenance: PlanResult.Provenance?
    var statistics: PlanResult.Statistics?
    var evaluation: Evaluation

    init(_ result: PlanResult, cluster: Cluster) {
        self.cluster = cluster.name
        status = result.status.rawValue
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
    }

    /// A baseline heuristic's plan: bound is the cluster's compute upper bound, status "feasible".
    init(baseline: String, evaluation: Evaluation, cluster: Cluster, options: PlanOptions) {
        self.cluster = cluster.name
        status = "feasible"
        method = baseline
        rule = evaluation.rule
        throughputTokensPerSecond = evaluation.throughputTokensPerSecond
        upperBoundTokensPerSecond = evaluation.upperBoundTokensPerSecond
        gap = evaluation.throughputTokensPerSecond > 0
            ? (evaluation.upperBoundTokensPerSecond - evaluation.throughputTokensPerSecond) / evaluation.throughputTokensPerSecond : nil
        let ranges = evaluation.placement.rangesByNodeIndex(in: cluster)
        let network = FlowNetwork(cluster: cluster, ranges: ranges, rule: evaluation.rule)
        let depth = network.depth(of: network.maxFlow(), cluster: cluster)
        stages = depth.stages
        pathLatencySeconds = depth.networkLatencySeconds
        placement = evaluation.placement
        provenance = PlanResult.Provenance(
            layerflowVersion: LayerFlowVersion.current, solver: nil, solverVersion: nil, options: options,
            method: baseline, seconds: 0)
        statistics = nil
        self.evaluation = evaluation
    }
}

/// `layerflow plan --depth-sweep --json`: one plan per stage limit.
struct DepthSweepJSON: Encodable {
    struct Row: Encodable {
        var maxStages: Int
        var plan: PlanJSON
    }

    var format = "layerflow-depth-sweep/1"
    var cluster: String
    var rows: [Row]
}
