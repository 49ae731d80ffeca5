import LayerFlow
import LayerFlowSimulator

/// `layerflow simulate --json`: one object, `layerflow-simulation/1`, holding every field of the
/// `SimulationReport` at the top level, plus `format` and `inputs` (what was simulated).
struct SimulationDocument: Encodable {
    static let format = "layerflow-simulation/1"

    /// Where a run's lengths came from.
    struct LengthsDescription: Encodable {
        /// `sequence` (offline --lengths, in order), `pool` (drawn from a file), `default-pool`, or
        /// `trace` (the trace's own).
        var source: String
        var file: String?
        /// Pairs in the sequence, pool or trace.
        var count: Int
        /// Seed of the draws (pools only).
        var seed: UInt64?

        private enum CodingKeys: String, CodingKey { case source, file, count, seed }

        /// Every key is written; absent values as `null`.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(source, forKey: .source)
            try container.encode(file, forKey: .file)
            try container.encode(count, forKey: .count)
            try container.encode(seed, forKey: .seed)
        }
    }

    /// Where an online run's arrivals came from.
    struct ArrivalsDescription: Encodable {
        /// `trace`, `poisson` or `azure`.
        var source: String
        /// The trace, or the per-3-s counts of `azure`.
        var file: String?
        var traceStartSeconds: Double?
        var targetTokensPerSecond: Double?
        var seed: UInt64?
    }

    struct WorkloadDescription: Encodable {
        /// `offline` or `online`.
        var kind: String
        var warmupSeconds: Double
        var windowSeconds: Double
        var lengths: LengthsDescription?
        var arrivals: ArrivalsDescription?
        /// Online: the number of arrivals and the tokens they offer per second over warm-up + window.
        var queries: Int?
        var offeredTokensPerSecond: Double?
    }

    struct Inputs: Encodable {
        var plan: String
        /// `plan` (a layerflow-plan/1 file) or `cluster` (a cluster file with --placement).
        var planKind: String
        var cluster: String
        /// The file the placement came from.
        var placement: String
        var simData: String?
        var seed: UInt64
        var workload: WorkloadDescription
    }

    var report: SimulationReport
    var inputs: Inputs
    /// The analytic serving estimate of the same plan and workload (nil when it could not be made).
    var estimate: ServingEstimate?

    private enum CodingKeys: String, CodingKey { case format, inputs, estimate }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format, forKey: .format)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(estimate, forKey: .estimate)
    }
}

extension Reports {
    /// The human-readable summary of a simulation: what ran, the headline figures, latencies,
    /// request counts, the run's cost, and one row per node.
    static func simulation(
        _ report: SimulationReport, plan: SimulationInputs.LoadedPlan, workload: SimulationDocument.WorkloadDescription,
        cluster: Cluster, estimate: ServingEstimate? = nil
    ) -> String {
        let seconds = { (value: Double) in Formatting.number(value, decimals: 2) + " s" }
        let percent = { (value: Double) in Formatting.number(value * 100, decimals: 1) + "%" }
        let count = { (value: Int) in Formatting.number(Double(value), decimals: 0) }
        let window = report.windowEndSeconds - report.windowStartSeconds
        var lines = [
            clusterLine(cluster),
            "Plan: \(plan.placementSource) (\(report.nodes.count) nodes hold layers); routing \(report.routing.rawValue), execution \(report.execution.rawValue)",
            "Workload: " + workloadLine(workload),
            "",
        ]
        var summary = TextTable([("metric", .left), ("value", .right), ("", .left)])
        summary.append(["max flow", Formatting.rate(report.maxFlowTokensPerSecond), "the plan's network (LayerFlow's max-flow)"])
        summary.append(["load time", seconds(report.loadSeconds), "weights loaded; serving starts"])
        summary.append(["window", "\(Formatting.number(report.windowStartSeconds, decimals: 2))–\(seconds(report.windowEndSeconds))",
                        "\(seconds(window)) measured, from t = 0"])
        summary.append(["realized", Formatting.rate(report.realizedTokensPerSecond), "prompt + decode tokens finished in the window ÷ window"])
        summary.append(["total time usage", Formatting.rate(report.totalTimeUsageTokensPerSecond),
                        "Helix's \"Total time usage\": all tokens ÷ \(seconds(report.totalTimeUsageSeconds))"])
        summary.append(["decode", Formatting.rate(report.decodeTokensPerSecond), "Helix's \"Avg decode speed\""])
        summary.append(["mean in flight", Formatting.number(report.meanInFlightRequests, decimals: 1), "admitted, unfinished queries over the window"])
        lines.append(summary.render())
        if let estimate { lines.append(estimateLine(estimate, report: report)) }
        lines.append("")

        var latency = TextTable([
            ("latency (s)", .left), ("mean", .right), ("p50", .right), ("p95", .right), ("p99", .right), ("samples", .right),
        ])
        for (name, summary) in [("prompt (round trip to the first token)", report.promptLatencySeconds),
                                ("decode (between tokens)", report.decodeLatencySeconds)] {
            latency.append([name] + [summary.mean, summary.p50, summary.p95, summary.p99].map { Formatting.number($0, decimals: 3) }
                + [count(summary.count)])
        }
        lines.append(latency.render())
        lines.append("")
        lines.append("Queries: issued \(count(report.issuedRequests)), completed \(count(report.completedRequests)), "
            + "rejected \(count(report.rejectedRequests)), in flight \(count(report.inFlightRequests))"
            + (report.queuedRequests > 0 ? ", queued \(count(report.queuedRequests))" : "")
            + " at the end; KV overflow events \(count(report.kvOverflowEvents))")
        let rate = report.wallSeconds > 0 ? Double(report.events) / report.wallSeconds : 0
        lines.append("Run: \(count(report.events)) events, \(seconds(report.simulatedSeconds)) simulated in "
            + "\(seconds(report.wallSeconds)) wall (\(count(Int(rate.rounded()))) events/s)")
        lines.append("")

        var nodes = TextTable([
            ("node", .left), ("type", .left), ("layers", .left), ("busy", .right), ("batches", .right),
            ("mean batch", .right), ("KV peak", .right), ("KV capacity", .right), ("peak/cap", .right),
        ])
        for node in report.nodes {
            nodes.append([
                node.id, node.type, "\(node.layers.start)–\(node.layers.end - 1)", percent(node.busyFraction),
                count(node.batches), Formatting.number(node.meanBatchRequests, decimals: 1),
                count(node.kvPeakTokenLayers), count(node.kvCapacityTokenLayers),
                node.kvCapacityTokenLayers > 0 ? percent(Double(node.kvPeakTokenLayers) / Double(node.kvCapacityTokenLayers)) : "—",
            ])
        }
        lines.append(nodes.render())
        lines.append("(busy: share of the window executing batches; batches: layer batches in the window; KV in token·layer slots, peak over the run)")
        if let pressure = report.memoryPressure { lines += ["", memoryPressure(pressure)] }
        return lines.joined(separator: "\n")
    }

    /// The analytic estimate next to the simulated figures, with the relative error of each.
    static func estimateLine(_ estimate: ServingEstimate, report: SimulationReport) -> String {
        func error(_ predicted: Double, _ simulated: Double) -> String {
            guard simulated > 0, predicted.isFinite else { return "" }
            let value = (predicted - simulated) / simulated * 100
            return " (\(value >= 0 ? "+" : "")\(Formatting.number(value, decimals: 1))%)"
        }
        let realized = estimate.realizedTokensPerSecond
        return "Estimate (analytic model, not simulated): realized \(Formatting.rate(realized))"
            + error(realized, report.realizedTokensPerSecond)
            + ", decode latency \(Formatting.number(estimate.timePerOutputTokenSeconds, decimals: 3)) s"
            + error(estimate.timePerOutputTokenSeconds, report.decodeLatencySeconds.mean)
            + ", prompt latency \(Formatting.number(estimate.timeToFirstTokenSeconds, decimals: 3)) s"
            + error(estimate.timeToFirstTokenSeconds, report.promptLatencySeconds.mean)
            + ", KV-limited in flight \(Formatting.number(estimate.kvLimitedRequests, decimals: 0)); limit: \(estimate.limit.rawValue)"
    }

    /// One phrase describing the workload.
    static func workloadLine(_ workload: SimulationDocument.WorkloadDescription) -> String {
        let seconds = { (value: Double) in Formatting.number(value, decimals: 0) + " s" }
        var parts: [String] = []
        if workload.kind == "offline" {
            parts.append("offline closed loop (Helix's feeder), warm-up \(seconds(workload.warmupSeconds)), window \(seconds(workload.windowSeconds))")
        } else {
            var arrivals = "online"
            if let description = workload.arrivals {
                switch description.source {
                case "trace":
                    arrivals += ", trace \(description.file ?? "")"
                        + ((description.traceStartSeconds ?? 0) != 0 ? " from t = \(Formatting.number(description.traceStartSeconds ?? 0, decimals: 3)) s" : "")
                default:
                    arrivals += ", \(description.source) arrivals at \(Formatting.rate(description.targetTokensPerSecond ?? 0))"
                }
            }
            if let queries = workload.queries {
                arrivals += " (\(Formatting.number(Double(queries), decimals: 0)) queries, offered \(Formatting.rate(workload.offeredTokensPerSecond ?? 0)))"
            }
            parts.append(arrivals + ", warm-up \(seconds(workload.warmupSeconds)), window \(seconds(workload.windowSeconds))")
        }
        if let lengths = workload.lengths, lengths.source != "trace" {
            switch lengths.source {
            case "sequence": parts.append("lengths in order from \(lengths.file ?? "") (\(Formatting.number(Double(lengths.count), decimals: 0)))")
            case "pool": parts.append("lengths drawn from \(lengths.file ?? "") (\(Formatting.number(Double(lengths.count), decimals: 0)) pairs), seed \(lengths.seed ?? 0)")
            default: parts.append("lengths drawn from the default log-normal pool, seed \(lengths.seed ?? 0)")
            }
        }
        return parts.joined(separator: "; ")
    }
}
