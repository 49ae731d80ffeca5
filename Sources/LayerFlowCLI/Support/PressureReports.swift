import LayerFlow

/// What `layerflow pressure` prints and writes.
enum PressureReports {
    /// The JSON object: every field of the `DropPlan` at the top level, plus `format`.
    struct Document: Encodable {
        static let tag = "layerflow-pressure/1"
        var plan: DropPlan

        private enum CodingKeys: String, CodingKey { case format }

        func encode(to encoder: Encoder) throws {
            try plan.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(Self.tag, forKey: .format)
        }
    }

    /// The human-readable report: the demand and what meets it, each group, throughput, restore.
    static func text(_ plan: DropPlan) -> String {
        var lines: [String] = []
        let ratio = plan.throughputBeforeTokensPerSecond > 0
            ? plan.throughputAfterTokensPerSecond / plan.throughputBeforeTokensPerSecond : 0
        lines.append("Demand \(plan.demandTokens) KV tokens: \(plan.donatedCopies) weight copies donated in \(plan.groups.count) "
            + "group(s) of at most \(plan.pipelineDegree) stages, \(plan.untouched.count) replica(s) untouched; "
            + "adds \(plan.addedKVTokens) tokens")
        lines.append("Throughput \(Formatting.rate(plan.throughputBeforeTokensPerSecond)) → "
            + "\(Formatting.rate(plan.throughputAfterTokensPerSecond)) (\(String(format: "%.4f", ratio))×), "
            + "\(String(format: "%.3f", plan.extraHopsPerToken)) extra hops per token")
        for (index, group) in plan.groups.enumerated() {
            let members = group.members.map { "\($0.node) \($0.kept)" }.joined(separator: " → ")
            lines.append("  group \(index + 1) over \(group.range): \(members); +\(group.addedKVTokens) tokens "
                + "(pipeline holds \(group.pipelineKVTokensAfter), the replicas held \(group.kvTokensBefore))")
        }
        let moved = plan.kvMoves.reduce(0) { $0 + $1.bytes }
        lines.append("KV moves: \(plan.kvMoves.count), \(Int(moved)) bytes of in-flight KV")
        lines.append("Restore: \(plan.restore.steps.count) reload(s), \(String(format: "%.3f", plan.restore.seconds)) s (members in parallel)")
        for member in plan.restore.members {
            lines.append("  \(member.node) back to \(member.restoredRange): \(Int(member.bytes)) bytes, \(String(format: "%.3f", member.seconds)) s")
        }
        return lines.joined(separator: "\n")
    }
}
