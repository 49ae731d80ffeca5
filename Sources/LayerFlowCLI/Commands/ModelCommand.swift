import ArgumentParser
import Foundation
import LayerFlow

/// `layerflow model CLUSTER --formulation NAME [--lp FILE]`: build a placement MILP, report its size,
/// and export it as a CPLEX LP file for any other solver.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Build a placement MILP (Helix's or LayerFlow's), print its size, export it as CPLEX LP.",
        discussion: """
            Example: layerflow model cluster.json --formulation helix --lp helix.lp
            The layer-coverage model maximises F with interval capacities capped by the work bound;
            with --target T it becomes the feasibility test the planner uses ("can any placement reach T?").
            """)

    @OptionGroup var clusterOptions: ClusterOptions

    @Option(help: "helix or layer-coverage.")
    var formulation: PlanOptions.Formulation = .layerCoverage

    @Option(help: "Layer-coverage: fix the throughput to this target (tokens/s).")
    var target: Double?

    @Option(help: "Layer-coverage: the most nodes on any path (hop-indexed flows).")
    var maxStages: Int?

    @Flag(help: "Layer-coverage: counts and coverage rows only (no flows).")
    var coverageOnly = false

    @Flag(help: "Layer-coverage: model partial inference.")
    var partialInference = false

    @Flag(help: "Helix: add Helix's redundant enable rows and start ≤ L−1 (its remove_redundant = False).")
    var redundantEnableRows = false

    @Option(help: ArgumentHelp("Write the model as a CPLEX LP file.", valueName: "file"))
    var lp: String?

    /// Values a model cannot be built from, refused before any work (exit 64): a NaN or infinite
    /// target used to be written into the LP file as `nan <= F <= nan`, which solvers reject.
    func validate() throws {
        if let target, !(target.isFinite && target >= 0) {
            throw ValidationError("--target must be a finite number of tokens per second ≥ 0, got \(target)")
        }
        if let maxStages, maxStages < 1 {
            throw ValidationError("--max-stages must be at least 1, got \(maxStages)")
        }
    }

    func run() throws {
        try reportingFailures {
            let cluster = try clusterOptions.load().cluster
            let model: MILPModel
            switch formulation {
            case .helix:
                try HelixFormulation.estimatedSize(cluster: cluster).check()
                model = HelixFormulation(cluster: cluster, redundantEnableRows: redundantEnableRows).model
            case .layerCoverage:
                // A stage limit above min(nodes, layers) is the same model (no path is deeper).
                let options = LayerCoverageFormulation.Options(
                    target: target, upperBound: WorkBound(cluster: cluster).upperBound(maxStages: maxStages),
                    maxStages: maxStages, rule: partialInference ? .partialInference : .strict,
                    coverageOnly: coverageOnly)
                try LayerCoverageFormulation.estimatedSize(cluster: cluster, options: options).check()
                model = LayerCoverageFormulation(cluster: cluster, options: options).model
            case .none:
                throw ValidationError("--formulation must be helix or layer-coverage")
            }
            try StandardOutput.print(Reports.clusterLine(cluster))
            try StandardOutput.print("Model \(model.name): \(model.constraints.count) rows, \(model.variables.count) columns, "
                + "\(model.binaryCount) binaries, \(model.integerCount) general integers, \(model.termCount) nonzeros")
            if let lp {
                try AtomicFile.write(Data(model.cplexLP().utf8), to: lp)
                try StandardOutput.print("Wrote \(lp)")
            }
        }
    }
}
