import ArgumentParser
import Foundation
import LayerFlow

/// `layerflow schedule --json`: the summary of a simulated run, `layerflow-schedule-summary/1`.
struct ScheduleSummaryDocument: Encodable {
    struct Lengths: Encodable {
        /// `synthetic` or `csv`.
        var source: String
        var seed: UInt64?
        var file: String?
    }

    var format = "layerflow-schedule-summary/1"
    var cluster: String
    var rule: ContiguityRule
    var method: String
    var maxFlowTokensPerSecond: Double
    var highWaterMark: Double
    var lengths: Lengths
    var requests: Int
    var routed: Int
    var queued: Int
    var rejected: Int
    var admittedFromQueue: Int
    var stillQueued: Int
    var rejectionsByReason: [String: Int]
    var maxQueueLength: Int
    var maxInFlight: Int
    var durationIterations: Int
    var distinctRoutes: Int
    var kvWithinCapacity: Bool
    var nodes: [ScheduleSimulation.NodeReport]

    init(_ report: ScheduleSimulation.Report, plan: PlanDocument, scheduler: Scheduler, lengths: Lengths) {
        cluster = plan.clusterDefinition.name
        rule = scheduler.rule
        method = plan.method
        maxFlowTokensPerSecond = scheduler.maxFlowTokensPerSecond
        highWaterMark = scheduler.options.highWaterMark
        self.lengths = lengths
        requests = report.requests
        routed = report.routed
        queued = report.queued
        rejected = report.rejected
        admittedFromQueue = report.admittedFromQueue
        stillQueued = report.stillQueued
        rejectionsByReason = report.rejectionsByReason
        maxQueueLength = report.maxQueueLength
        maxInFlight = report.maxInFlight
        durationIterations = report.durationIterations
        distinctRoutes = report.table.routes.count
        kvWithinCapacity = report.kvWithinCapacity
        nodes = report.nodes
    }
}

extension Reports {
    /// The human-readable summary of a simulated scheduling run.
    static func schedule(_ report: ScheduleSimulation.Report, plan: PlanDocument, scheduler: Scheduler, lengths: String) -> String {
        let percent = { (value: Double) in Formatting.number(value * 100, decimals: 2) + "%" }
        let reasons = report.rejectionsByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        var lines = [
            clusterLine(plan.clusterDefinition),
            "Plan: \(plan.method), \(ruleName(scheduler.rule)), max flow \(Formatting.rate(scheduler.maxFlowTokensPerSecond)); "
                + "KV high-water mark \(percent(scheduler.options.highWaterMark))",
            "Requests: \(report.requests) \(lengths)",
            "Run: offline backlog; a request finishes 1 + output tokens decode iterations after it is routed "
                + "(\(Formatting.number(Double(report.durationIterations), decimals: 0)) iterations in all)",
            "Routed on arrival: \(report.routed)   queued: \(report.queued) (admitted later: \(report.admittedFromQueue), "
                + "never: \(report.stillQueued))   rejected: \(report.rejected)"
                + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))"),
            "Most waiting at once: \(report.maxQueueLength)   most in flight: \(report.maxInFlight)   "
                + "distinct routes: \(report.table.routes.count)",
            "",
        ]
        var table = TextTable([
            ("node", .left), ("layers", .left), ("requests", .right), ("traffic share", .right), ("flow share", .right),
            ("KV peak tokens", .right), ("KV capacity", .right), ("peak/cap", .right),
        ])
        for node in report.nodes where node.layers != nil {
            let capacity = node.kvCapacityTokens
            table.append([
                node.id, node.layers.map { "\($0.start)–\($0.end - 1)" } ?? "—", String(node.requests),
                percent(node.trafficShare), percent(node.flowShare),
                Formatting.number(Double(node.kvPeakTokens), decimals: 0),
                capacity.map { Formatting.number(Double($0), decimals: 0) } ?? "unlimited",
                capacity.map { $0 > 0 ? percent(Double(node.kvPeakTokens) / Double($0)) : "—" } ?? "—",
            ])
        }
        lines.append(table.render())
        lines.append("(traffic share: requests through the node / Σ over nodes; flow share: node flow / Σ node flows)")
        return lines.joined(separator: "\n")
    }
}

/// Runs a `schedule` body like `reportingFailures`, also mapping the scheduling errors: 66 for an
/// unreadable lengths file, 65 for malformed lengths or an unusable plan.
func reportingScheduleFailures(lengthsPath: String?, _ body: () throws -> Void) throws {
    try reportingFailures {
        do {
            try body()
        } catch let error as RequestLengthsError {
            if case .unreadableFile = error { throw scheduleFailure(error.description, code: 66) }
            throw scheduleFailure("\(lengthsPath ?? "lengths"): \(error)", code: 65)
        } catch let error as SchedulingError {
            throw scheduleFailure(error.description, code: 65)
        }
    }
}

private func scheduleFailure(_ message: String, code: Int32) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode(code)
}
