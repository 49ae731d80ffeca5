import ArgumentParser
import Foundation
import LayerFlow

/// `layerflow catalog`: the GPUs and models LayerFlow knows without profiling, and how the
/// throughput estimator compares with measured tables.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "List the built-in GPUs (datasheet figures) and models (config.json fields).",
        discussion: """
            Names are matched ignoring case, spaces, '-' and '_'; aliases are listed. A GPU name \
            followed by x<n> (T4x2) is n GPUs of that kind used as one tensor-parallel server. \
            With --compare, prints estimated / measured throughput for each GPU type and layer count \
            of Helix instance files (see docs/Guides/Estimator.md).

            Examples:
              layerflow catalog
              layerflow catalog --json
              layerflow catalog --compare Examples/helix-single24-llama70b.json
            """)

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Helix instance files whose measured tables to compare the estimator with.", valueName: "instance.json"))
    var compare: [String] = []

    @Flag(help: "With --compare: use the pure roofline (efficiencies 1) instead of the calibrated estimator.")
    var roofline = false

    @OptionGroup var output: OutputOptions

    struct Document: Encodable {
        var format = "layerflow-catalog/1"
        var gpus: [GPUSpec]
        var models: [ModelCatalog.Entry]
        var estimator: EstimatorAssumptions
        var comparison: [EstimatorComparison.Row]?
        var comparisonFactor: Double?
    }

    func run() throws {
        try reportingFailures {
            let estimator = ThroughputEstimator(assumptions: roofline ? .roofline : .calibrated)
            var rows: [EstimatorComparison.Row] = []
            for path in compare {
                guard let instance = try inFile(path, { try ClusterFile.load(path: path).helixInstance }) else {
                    throw ValidationError("--compare \(path): not a Helix instance (\"schema\": \"\(HelixInstance.schemaTag)\")")
                }
                rows += try EstimatorComparison.compare(instance, estimator: estimator)
            }
            if output.printsText {
                try StandardOutput.print(Self.gpuTable())
                try StandardOutput.print("")
                try StandardOutput.print(Self.modelTable())
                if !compare.isEmpty {
                    try StandardOutput.print("")
                    try StandardOutput.print("Estimated / measured throughput (\(roofline ? "pure roofline" : "calibrated estimator")):")
                    try StandardOutput.print(EstimatorComparison.markdown(rows))
                    try StandardOutput.print("Every ratio lies within a factor of \(Formatting.number(EstimatorComparison.factor(rows), decimals: 2)).")
                }
            }
            try output.writeJSON(Document(
                gpus: GPUCatalog.all, models: ModelCatalog.all, estimator: estimator.assumptions,
                comparison: compare.isEmpty ? nil : rows,
                comparisonFactor: compare.isEmpty ? nil : EstimatorComparison.factor(rows)))
        }
    }

    static func gpuTable() -> String {
        var table = TextTable([
            ("GPU", .left), ("memory GiB", .right), ("bandwidth GB/s", .right), ("FP16 TFLOPS", .right),
            ("NIC Gb/s", .right), ("aliases", .left),
        ])
        for gpu in GPUCatalog.all {
            table.append([
                gpu.name, Formatting.number(gpu.vramBytes / 1_073_741_824, decimals: 0),
                Formatting.number(gpu.memoryBandwidthBytesPerSecond / 1e9, decimals: 0),
                Formatting.number(gpu.denseHalfPrecisionFLOPS / 1e12, decimals: 1),
                Formatting.number(gpu.typicalNICBytesPerSecond * 8 / 1e9, decimals: 0),
                gpu.aliases.joined(separator: ", "),
            ])
        }
        return table.render()
    }

    static func modelTable() -> String {
        var table = TextTable([
            ("model", .left), ("layers", .right), ("hidden", .right), ("heads", .right), ("kv heads", .right),
            ("MLP", .right), ("vocab", .right), ("dtype", .left), ("experts", .left), ("GB/layer", .right),
            ("Hugging Face", .left),
        ])
        for entry in ModelCatalog.all {
            let config = entry.config
            let experts = config.numLocalExperts.map { "\($0) (top \(config.numExpertsPerToken ?? 1))" } ?? "—"
            table.append([
                config.name, String(config.numHiddenLayers), String(config.hiddenSize), String(config.numAttentionHeads),
                String(config.numKeyValueHeads), String(config.intermediateSize), String(config.vocabSize),
                config.torchDtype, experts,
                Formatting.number(config.modelSpec.parameterBytesPerLayer / 1e9, decimals: 3), entry.huggingFaceID,
            ])
        }
        return table.render()
    }
}
