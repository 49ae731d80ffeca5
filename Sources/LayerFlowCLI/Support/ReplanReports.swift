import LayerFlow

/// The report of `layerflow replan`: old and new plan side by side, the transition, the moves.
enum ReplanReports {
    /// What `--json` writes (`layerflow-replan/1`).
    struct Document: Encodable {
        var format = "layerflow-replan/1"
        var changes: [String]
        var health: [HealthDecision]
        var placement: Placement
        var previousPlacement: Placement
        var throughputTokensPerSecond: Double
        var previousThroughputTokensPerSecond: Double
        var survivingThroughputTokensPerSecond: Double
        var lostLayers: [LayerRange]
        var movedLayers: Int
        var movedBytes: Double
        var budgetedMovedLayers: Int
        var budget: Int
        var decision: ReplanResult.Decision
        var reasons: [String]
        var nodeChanges: [PlacementChange]
        var transition: Transition
        var replanSeconds: Double
        /// The cluster the re-plan ran on (after health and edits), in the native format.
        var changedCluster: Cluster
    }

    static func text(
        _ result: ReplanResult, previous: Placement, previousThroughput: Double, changed: Cluster, seconds: Double
    ) -> String {
        var lines: [String] = []
        lines.append("Throughput: \(Formatting.rate(previousThroughput)) before the change, "
            + "\(Formatting.rate(result.survivingThroughputTokensPerSecond)) on the changed cluster, "
            + "\(Formatting.rate(result.throughputTokensPerSecond)) re-planned")
        if !result.lostLayers.isEmpty {
            lines.append("Lost layers: " + result.lostLayers.map(\.description).joined(separator: ", "))
        }
        lines.append("Decision: \(result.decision.rawValue)" + result.reasons.map { "; \($0)" }.joined())
        lines.append("Moved: \(result.movedLayers) layers, \(Formatting.number(result.transition.movedBytes / 1e9, decimals: 2)) GB "
            + "(\(result.budgetedMovedLayers) by serving nodes, budget \(result.budget)); re-planned in "
            + "\(Formatting.number(seconds * 1000, decimals: 1)) ms")
        lines.append("")
        lines.append(sideBySide(result, previous: previous, changed: changed))
        lines.append("")
        lines.append("Transition (\(Formatting.number(result.transition.seconds, decimals: 1)) s"
            + (result.transition.keepsCoverage ? ", no layer loses its last holder" : ", BREAKS COVERAGE") + "):")
        lines.append(transitionTable(result.transition))
        return lines.joined(separator: "\n")
    }

    private static func sideBySide(_ result: ReplanResult, previous: Placement, changed: Cluster) -> String {
        var table = TextTable([("node", .left), ("type", .left), ("old", .left), ("new", .left), ("loads", .right)])
        let changes = Dictionary(uniqueKeysWithValues: result.changes.changes.map { ($0.node, $0) })
        let ids = Set(previous.ranges.keys).union(result.placement.ranges.keys).sorted { a, b in
            let ra = result.placement[a] ?? previous[a], rb = result.placement[b] ?? previous[b]
            return (ra ?? LayerRange(Int.max, Int.max), a) < (rb ?? LayerRange(Int.max, Int.max), b)
        }
        for id in ids {
            let type = changed.nodeIndex(of: id).map { changed.nodes[$0].type } ?? "(gone)"
            let loads = changes[id].map { String($0.loadedLayers) } ?? ""
            table.append([id, type, previous[id]?.description ?? "-", result.placement[id]?.description ?? "-", loads])
        }
        return table.render()
    }

    private static func transitionTable(_ transition: Transition) -> String {
        var table = TextTable([
            ("step", .right), ("node", .left), ("action", .left), ("layers", .left), ("GB", .right),
            ("start s", .right), ("seconds", .right), ("throughput during", .right),
        ])
        for (index, step) in transition.steps.enumerated() {
            table.append([
                String(index + 1), step.node ?? "(all)", step.action.rawValue, step.layers.map(\.description).joined(separator: " "),
                Formatting.number(step.bytes / 1e9, decimals: 2), Formatting.number(step.startSeconds, decimals: 1),
                Formatting.number(step.seconds, decimals: 1), Formatting.rate(step.throughputDuringTokensPerSecond),
            ])
        }
        return table.render()
    }
}
