import ArgumentParser
import Foundation
import LayerFlow

/// `layerflow schedule --json`: how the route table spreads the requests, `layerflow-schedule-summary/2`.
///
/// (Version 1 also summarised a synthetic run counting decode iterations: queueing, KV peaks,
/// in-flight maxima. That run is gone; `layerflow simulate --routing layerflow` serves a workload
/// with the same scheduler in the serving simulator.)
struct ScheduleSummaryDocument: Encodable {
    struct Lengths: Encodable {
        /// `synthetic` or `csv`.
        var source: String
        var seed: UInt64?
        var file: String?
    }

    var format = "layerflow-schedule-summary/2"
    var cluster: String
    var rule: ContiguityRule
    var method: String
    var maxFlowTokensPerSecond: Double
    var highWaterMark: Double
    var largestAdmissibleFootprintTokens: Int?
    var lengths: Lengths
    var requests: Int
    var routed: Int
    var rejected: Int
    var rejectionsByReason: [String: Int]
    var distinctRoutes: Int
    var nodes: [SchedulingTraffic.Node]

    init(_ traffic: SchedulingTraffic, plan: PlanDocument, scheduler: Scheduler, lengths: Lengths) {
        cluster = plan.clusterDefinition.name
        rule = scheduler.rule
        method = plan.method
        maxFlowTokensPerSecond = scheduler.maxFlowTokensPerSecond
        highWaterMark = scheduler.options.highWaterMark
        largestAdmissibleFootprintTokens = scheduler.largestAdmissibleFootprintTokens
        self.lengths = lengths
        requests = traffic.requests
        routed = traffic.routed
        rejected = traffic.rejected
        rejectionsByReason = traffic.rejectionsByReason
        distinctRoutes = traffic.distinctRoutes
        nodes = traffic.nodes
    }

    private enum CodingKeys: String, CodingKey {
        case format, cluster, rule, method, maxFlowTokensPerSecond, highWaterMark, largestAdmissibleFootprintTokens
        case lengths, requests, routed, rejected, rejectionsByReason, distinctRoutes, nodes
    }

    /// Every key is written; an unlimited footprint as `null`.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(cluster, forKey: .cluster)
        try container.encode(rule, forKey: .rule)
        try container.encode(method, forKey: .method)
        try container.encode(maxFlowTokensPerSecond, forKey: .maxFlowTokensPerSecond)
        try container.encode(highWaterMark, forKey: .highWaterMark)
        try container.encode(largestAdmissibleFootprintTokens, forKey: .largestAdmissibleFootprintTokens)
        try container.encode(lengths, forKey: .lengths)
        try container.encode(requests, forKey: .requests)
        try container.encode(routed, forKey: .routed)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(rejectionsByReason, forKey: .rejectionsByReason)
        try container.encode(distinctRoutes, forKey: .distinctRoutes)
        try container.encode(nodes, forKey: .nodes)
    }
}

extension Reports {
    /// The human-readable summary of a route table.
    static func schedule(_ traffic: SchedulingTraffic, plan: PlanDocument, scheduler: Scheduler, lengths: String) -> String {
        let percent = { (value: Double) in Formatting.number(value * 100, decimals: 2) + "%" }
        let tokens = { (value: Int?) in value.map { Formatting.number(Double($0), decimals: 0) } ?? "unlimited" }
        let reasons = traffic.rejectionsByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        var lines = [
            clusterLine(plan.clusterDefinition),
            "Plan: \(plan.method), \(ruleName(scheduler.rule)), max flow \(Formatting.rate(scheduler.maxFlowTokensPerSecond)); "
                + "KV high-water mark \(percent(scheduler.options.highWaterMark)), largest admissible footprint "
                + "\(tokens(scheduler.largestAdmissibleFootprintTokens)) tokens",
            "Requests: \(traffic.requests) \(lengths), each routed as if alone on an idle cluster",
            "Routed: \(traffic.routed)   rejected: \(traffic.rejected)"
                + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
                + "   distinct routes: \(traffic.distinctRoutes)",
            "",
        ]
        var table = TextTable([
            ("node", .left), ("layers", .left), ("requests", .right), ("traffic share", .right), ("flow share", .right),
            ("KV capacity", .right), ("KV limit", .right),
        ])
        for node in traffic.nodes where node.layers != nil {
            table.append([
                node.id, node.layers.map { "\($0.start)–\($0.end - 1)" } ?? "—", String(node.requests),
                percent(node.trafficShare), percent(node.flowShare), tokens(node.kvCapacityTokens), tokens(node.kvLimitTokens),
            ])
        }
        lines.append(table.render())
        lines.append("(traffic share: requests through the node / Σ over nodes; flow share: node flow / Σ node flows; KV in tokens)")
        lines.append("For KV pressure, queueing, throughput and latency over a served workload: layerflow simulate PLAN --workload offline --routing layerflow")
        return lines.joined(separator: "\n")
    }
}

/// Runs a `schedule` body like `reportingFailures`, naming the lengths file in a malformed-row
/// message (its cases name the line and column only).
func reportingScheduleFailures(lengthsPath: String?, _ body: () throws -> Void) throws {
    try reportingFailures {
        do {
            try body()
        } catch let error as RequestLengthsError where error.kind == .invalidInput {
            throw CommandError.badData("\(lengthsPath ?? "lengths"): \(error)")
        }
    }
}
