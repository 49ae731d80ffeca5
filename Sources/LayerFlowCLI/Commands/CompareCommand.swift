import ArgumentParser
import LayerFlow

/// `layerflow compare CLUSTER`: every baseline's throughput side by side, with a Helix instance's
/// reference placements when the cluster is one.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Evaluate every baseline heuristic (and a Helix file's reference placements) under both rules.")

    struct Row: Encodable {
        var name: String
        var throughputTokensPerSecond: Double
        var throughputPartialInferenceTokensPerSecond: Double
        var fileMaxFlow: Double?
        var fileMaxFlowPartialInference: Double?
    }

    struct Output: Encodable {
        var cluster: String
        var upperBoundTokensPerSecond: Double
        var rows: [Row]
    }

    @OptionGroup var clusterOptions: ClusterOptions

    @Option(help: "Seed for randomised heuristics.")
    var seed: UInt64 = 0

    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingFailures {
            let loaded = try clusterOptions.load()
            let cluster = loaded.cluster
            try output.checkWritable()
            var rows: [Row] = []
            for method in BaselineMethod.allCases {
                let strict = try cluster.evaluate(method.placement(for: cluster, rule: .strict, seed: seed), rule: .strict)
                let partialPlacement = method.placement(for: cluster, rule: .partialInference, seed: seed)
                let partial = try cluster.evaluate(partialPlacement, rule: .partialInference)
                rows.append(Row(
                    name: "layerflow \(method.rawValue)", throughputTokensPerSecond: strict.throughputTokensPerSecond,
                    throughputPartialInferenceTokensPerSecond: partial.throughputTokensPerSecond))
            }
            var seen = Set<Placement>()
            for reference in try loaded.helixInstance?.referencePlacements ?? [] {
                guard let placement = reference.placement, reference.linkSet == .links,
                      seen.insert(placement).inserted else { continue }
                rows.append(Row(
                    name: "helix file: \(reference.method)",
                    throughputTokensPerSecond: try cluster.evaluate(placement, rule: .strict).throughputTokensPerSecond,
                    throughputPartialInferenceTokensPerSecond:
                        try cluster.evaluate(placement, rule: .partialInference).throughputTokensPerSecond,
                    fileMaxFlow: reference.maxFlow, fileMaxFlowPartialInference: reference.maxFlowPartialInference))
            }
            if output.printsText {
                try StandardOutput.print(Reports.clusterLine(cluster))
                try StandardOutput.print("Compute upper bound: \(Formatting.rate(cluster.computeUpperBoundTokensPerSecond))\n")
                var table = TextTable([
                    ("placement", .left), ("strict tok/s", .right), ("partial inference tok/s", .right),
                    ("file: strict", .right), ("file: partial", .right),
                ])
                for row in rows {
                    table.append([
                        row.name, Formatting.number(row.throughputTokensPerSecond, decimals: 2),
                        Formatting.number(row.throughputPartialInferenceTokensPerSecond, decimals: 2),
                        row.fileMaxFlow.map { Formatting.number($0, decimals: 2) } ?? "",
                        row.fileMaxFlowPartialInference.map { Formatting.number($0, decimals: 2) } ?? "",
                    ])
                }
                try StandardOutput.print(table.render())
            }
            try output.writeJSON(Output(
                cluster: cluster.name, upperBoundTokensPerSecond: cluster.computeUpperBoundTokensPerSecond, rows: rows))
        }
    }
}
