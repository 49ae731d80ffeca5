import LayerFlow

/// Human-readable reports printed by the commands.
enum Reports {
    /// One line describing a cluster: name, model, node counts by type, links.
    static func clusterLine(_ cluster: Cluster) -> String {
        var counts: [String: Int] = [:]
        for node in cluster.nodes { counts[node.type, default: 0] += 1 }
        let types = cluster.gpuTypes.compactMap { type in counts[type.name].map { "\($0) \(DisplayText.escaped(type.name))" } }
        return "Cluster \(cluster.name.isEmpty ? "(unnamed)" : DisplayText.escaped(cluster.name)): \(DisplayText.escaped(cluster.model.name)), "
            + "\(cluster.model.layerCount) layers, \(cluster.nodes.count) nodes (\(types.joined(separator: ", "))), "
            + "\(cluster.links.count) links, \(cluster.bandwidthConvention.rawValue) bandwidth convention"
    }

    static func ruleName(_ rule: ContiguityRule) -> String {
        rule == .strict ? "strict contiguity" : "partial inference"
    }

    /// Throughput, bound, per-node table and bottleneck of an evaluation.
    static func evaluation(_ evaluation: Evaluation) -> String {
        let share = evaluation.upperBoundTokensPerSecond > 0
            ? evaluation.throughputTokensPerSecond / evaluation.upperBoundTokensPerSecond * 100 : 0
        var lines = [
            "Rule: \(ruleName(evaluation.rule))",
            "Throughput: \(Formatting.rate(evaluation.throughputTokensPerSecond)) "
                + "(\(Formatting.number(share, decimals: 1))% of the compute upper bound "
                + "\(Formatting.rate(evaluation.upperBoundTokensPerSecond)))",
            "",
        ]
        var table = TextTable([
            ("node", .left), ("type", .left), ("layers", .left), ("capacity tok/s", .right),
            ("flow tok/s", .right), ("util", .right),
        ])
        let bottleneckNodes = Set(evaluation.bottleneck.nodes)
        for node in evaluation.nodes {
            let layers = node.range.map { "\($0.start)–\($0.end - 1)" } ?? "—"
            table.append([
                node.id + (bottleneckNodes.contains(node.id) ? " *" : ""), node.type, layers,
                Formatting.number(node.capacityTokensPerSecond, decimals: 2),
                Formatting.number(node.flowTokensPerSecond, decimals: 2),
                node.range == nil ? "—" : Formatting.number(node.utilisation * 100, decimals: 1) + "%",
            ])
        }
        lines.append(table.render())
        lines.append("(* = in the bottleneck)")
        lines.append("")
        lines.append("Bottleneck:")
        lines.append(contentsOf: evaluation.bottleneck.summary.map { "  " + DisplayText.escaped($0) })
        return lines.joined(separator: "\n")
    }

    /// The planner's result: status, plan, bound, gap, depth, then the evaluation.
    static func plan(_ result: PlanResult, cluster: Cluster) -> String {
        let gap = result.gap.isFinite ? Formatting.number(result.gap * 100, decimals: 4) + "%" : "—"
        var lines = [
            clusterLine(cluster),
            "Status: \(result.status.rawValue)   method: \(result.provenance.method)   "
                + "time: \(Formatting.number(result.provenance.seconds, decimals: 1)) s"
                + (result.provenance.solver.map { "   solver: \($0) \(result.provenance.solverVersion ?? "")" } ?? ""),
            "Plan:  \(Formatting.rate(result.throughputTokensPerSecond))   "
                + "proven bound: \(Formatting.rate(result.upperBoundTokensPerSecond)) (\(result.boundSource.rawValue))   gap: \(gap)",
            "Depth: \(result.depth.stages) stages on the deepest path, "
                + "\(Formatting.number(result.depth.networkLatencySeconds * 1000, decimals: 1)) ms of network latency along it",
        ]
        if let regions = result.statistics.regions { lines.append("Regions: " + DisplayText.escaped(regions)) }
        if result.status == .infeasible {
            let limit = result.provenance.options.maxStages
            let most = cluster.nodes.indices.map { cluster.maxHoldableLayers(nodeAt: $0) }
                .sorted(by: >).prefix(limit ?? Int.max).reduce(0, +)
            lines.append("No placement can serve this model: \(limit.map { "any path of at most \($0) nodes" } ?? "all nodes together") "
                + "\(limit == nil ? "hold" : "holds") at most \(most) of its \(cluster.model.layerCount) layers.")
        }
        if let candidates = result.candidates { lines.append(serving(result, candidates: candidates)) }
        lines.append(evaluation(result.evaluation))
        return lines.joined(separator: "\n")
    }

    /// The serving objective's part of a plan report: why this plan, and every candidate with its
    /// max flow, predicted and simulated realized throughput and latencies.
    static func serving(_ result: PlanResult, candidates: [PlanCandidate]) -> String {
        var lines = ["Objective: \(result.choice ?? "")"]
        if let estimate = result.serving {
            lines.append("Predicted (analytic estimate): realized \(Formatting.rate(estimate.realizedTokensPerSecond)), "
                + "TPOT \(Formatting.number(estimate.timePerOutputTokenSeconds, decimals: 3)) s, "
                + "TTFT \(Formatting.number(estimate.timeToFirstTokenSeconds, decimals: 3)) s, limit: \(estimate.limit.rawValue)")
        }
        var table = TextTable([
            ("max stages", .right), ("stages", .right), ("max flow", .right), ("bound", .right), ("predicted", .right),
            ("simulated", .right), ("total time usage", .right), ("TPOT mean/p95 s", .right), ("TTFT mean/p95 s", .right), ("", .left),
        ])
        let seconds = { (value: Double) in Formatting.number(value, decimals: 3) }
        // The best twelve (simulated first, best first); the JSON holds them all.
        for candidate in candidates.prefix(12) {
            let simulated = candidate.simulated
            table.append([
                candidate.maxStages.map(String.init) ?? "none", String(candidate.stages),
                Formatting.number(candidate.throughputTokensPerSecond, decimals: 1),
                Formatting.number(candidate.upperBoundTokensPerSecond, decimals: 1),
                Formatting.number(candidate.estimate.realizedTokensPerSecond, decimals: 1),
                simulated.map { Formatting.number($0.realizedTokensPerSecond, decimals: 1) } ?? "—",
                simulated.map { Formatting.number($0.totalTimeUsageTokensPerSecond, decimals: 1) } ?? "—",
                simulated.map { "\(seconds($0.decodeLatencyMeanSeconds)) / \(seconds($0.decodeLatencyP95Seconds))" }
                    ?? "(\(seconds(candidate.estimate.timePerOutputTokenSeconds)))",
                simulated.map { "\(seconds($0.promptLatencyMeanSeconds)) / \(seconds($0.promptLatencyP95Seconds))" }
                    ?? "(\(seconds(candidate.estimate.timeToFirstTokenSeconds)))",
                candidate.placement == result.placement ? "← chosen" : "",
            ])
        }
        lines.append(table.render())
        if candidates.count > 12 { lines.append("(\(candidates.count - 12) more in --json)") }
        lines.append("(tokens/s; predicted: the analytic estimate; simulated: the serving simulator's window throughput; (x): predicted mean, not simulated)")
        return lines.joined(separator: "\n")
    }

    /// The depth trade-off (what each stage limit buys), one row at a time (each printed as its plan finishes): fixed column
    /// widths instead of `TextTable`'s measured ones.
    struct DepthSweepTable {
        let columns: [(String, TextTable.Alignment, Int)]

        /// With `serving`, the serving columns too: predicted and simulated realized throughput, and
        /// simulated (predicted) mean decode and prompt latencies.
        init(serving: Bool = false) {
            var columns: [(String, TextTable.Alignment, Int)] = [
                ("max stages", .right, 10), ("throughput tok/s", .right, 16), ("bound tok/s", .right, 16),
                ("gap", .right, 8), ("stages", .right, 6), ("path latency ms", .right, 15), ("status", .left, 9),
            ]
            if serving {
                columns += [
                    ("predicted tok/s", .right, 15), ("simulated tok/s", .right, 15),
                    ("TPOT s sim (model)", .right, 18), ("TTFT s sim (model)", .right, 18),
                ]
            }
            self.columns = columns
        }

        func line(_ cells: [String]) -> String {
            var text = zip(columns, cells).map { column, cell in
                let pad = String(repeating: " ", count: max(0, column.2 - cell.count))
                return column.1 == .left ? cell + pad : pad + cell
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }

        var header: String {
            line(columns.map(\.0)) + "\n" + columns.map { String(repeating: "-", count: $0.2) }.joined(separator: "  ")
        }

        func row(limit: Int, result: PlanResult, serving: PlanCandidate? = nil) -> String {
            var extra: [String] = []
            if columns.count > 7 {
                if let serving, let simulated = serving.simulated {
                    let pair = { (simulated: Double, model: Double) in
                        "\(Formatting.number(simulated, decimals: 3)) (\(Formatting.number(model, decimals: 3)))"
                    }
                    extra = [
                        Formatting.number(serving.estimate.realizedTokensPerSecond, decimals: 1),
                        Formatting.number(simulated.realizedTokensPerSecond, decimals: 1),
                        pair(simulated.decodeLatencyMeanSeconds, serving.estimate.timePerOutputTokenSeconds),
                        pair(simulated.promptLatencyMeanSeconds, serving.estimate.timeToFirstTokenSeconds),
                    ]
                } else {
                    extra = ["—", "—", "—", "—"]
                }
            }
            return line([
                String(limit), Formatting.number(result.throughputTokensPerSecond, decimals: 2),
                Formatting.number(result.upperBoundTokensPerSecond, decimals: 2),
                result.gap.isFinite ? Formatting.number(result.gap * 100, decimals: 2) + "%" : "—",
                String(result.depth.stages), Formatting.number(result.depth.networkLatencySeconds * 1000, decimals: 1),
                result.status.rawValue,
            ] + extra)
        }
    }

}
