import ArgumentParser
import LayerFlow

/// `layerflow evaluate CLUSTER --placement FILE`: the max flow of a given placement and what limits it.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Compute a placement's throughput (max flow), node utilisation and bottleneck.",
        discussion: """
            The placement file is a JSON object {"<node id>": [start, end], ...} with half-open layer
            ranges, or any JSON object holding one under "placement" (such as `layerflow plan --json`).

            Example: layerflow evaluate cluster.json --placement placement.json --json
            """)

    @OptionGroup var clusterOptions: ClusterOptions

    @Option(help: ArgumentHelp("Placement JSON file.", valueName: "file"))
    var placement: String

    @Flag(help: "Allow partial inference: i→j when start_j ≤ end_i < end_j (default: strict end_i = start_j).")
    var partialInference = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingFailures {
            let loaded = try clusterOptions.load()
            let placement = try inFile(self.placement) { try PlacementFile.load(path: self.placement) }
            let evaluation = try loaded.cluster.evaluate(placement, rule: partialInference ? .partialInference : .strict)
            if output.printsText {
                try StandardOutput.print(Reports.clusterLine(loaded.cluster))
                try StandardOutput.print(Reports.evaluation(evaluation))
            }
            try output.writeJSON(evaluation)
        }
    }
}
