import ArgumentParser
import Foundation
import LayerFlow

/// `layerflow import-helix CLUSTER.ini --profiles FILE ...`: Helix's own files as a native cluster.
struct ImportHelixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-helix",
        abstract: "Read Helix's cluster .ini, machine profiles and (optionally) a solution .ini.",
        discussion: """
            Helix's .ini files carry no throughput tables: take them from a cluster file with --tables \
            (a Helix instance JSON of the same cluster, or a native cluster such as `export \
            --format helix-ini` wrote the plan of) or estimate them with --estimate --model NAME.
            Values such as `1000 * mbps` are evaluated (mbps = 1e6, gbps = 1e9, MilliSec = 1e-3, \
            GB = 1e9, MB = 1e6). Node ids are Helix's indices; solution files name node k-2 as \
            compute_node_k. Helix's bandwidth convention (bits taken as bytes) is kept unless \
            --bandwidth-convention physical is given.

            Example:
              layerflow import-helix cluster.ini --profiles machine_profiles.ini \\
                --solution ilp_sol.ini --tables helix-single24-llama70b.json \\
                --output cluster.json --plan plan.json
            """)

    @Argument(help: "Helix cluster file (.ini).")
    var cluster: String

    @Option(help: ArgumentHelp("Helix machine-profile file (.ini).", valueName: "file"))
    var profiles: String

    @Option(help: ArgumentHelp("Helix placement solution (.ini), e.g. ilp_sol.ini.", valueName: "file"))
    var solution: String?

    @Option(help: ArgumentHelp("Cluster file (Helix instance or native) whose model and throughput tables to use.", valueName: "file"))
    var tables: String?

    @Flag(help: "Estimate the throughput tables instead (needs --model).")
    var estimate = false

    @Option(help: ArgumentHelp("With --estimate: catalog model name or config.json path.", valueName: "name"))
    var model: String?

    @Option(help: "Cluster name (default: the tables file's cluster name, else the .ini file's name).")
    var name: String?

    @Option(help: ArgumentHelp("'helix' (default, Helix's numbers) or 'physical'.", valueName: "convention"))
    var bandwidthConvention: BandwidthConvention = .helix

    @Option(name: [.short, .long], help: ArgumentHelp("Native cluster file to write ('-' for standard output).", valueName: "file"))
    var output: String

    @Option(help: ArgumentHelp("With --solution: write the placement JSON here.", valueName: "file"))
    var placement: String?

    @Option(help: ArgumentHelp("With --solution: write a plan file (layerflow-plan/1) here, for export and render.", valueName: "file"))
    var plan: String?

    func validate() throws {
        if estimate == (tables != nil) { throw ValidationError("give exactly one of --tables FILE and --estimate") }
        if estimate && model == nil { throw ValidationError("--estimate needs --model NAME (a catalog name or a config.json path)") }
        if solution == nil && (placement != nil || plan != nil) { throw ValidationError("--placement and --plan need --solution") }
    }

    func run() throws {
        try reportingFailures {
            let topology = try HelixIniTopology.load(path: cluster)
            let machineProfiles = try HelixIniMachineProfiles.load(path: profiles)
            let source: HelixIniImport.Tables
            var defaultName = URL(fileURLWithPath: cluster).deletingPathExtension().lastPathComponent
            if let tables {
                let loaded = try inFile(tables) { try ClusterFile.load(path: tables).cluster }
                source = .cluster(loaded)
                if !loaded.name.isEmpty { defaultName = loaded.name }
            } else {
                source = .estimated(try ModelCatalog.config(nameOrPath: model ?? ""), ThroughputEstimator())
            }
            let imported = try HelixIniImport.cluster(
                topology: topology, profiles: machineProfiles, tables: source, name: name ?? defaultName,
                convention: bandwidthConvention)
            let data = try NativeClusterFormat.encode(imported) + Data("\n".utf8)
            // Every input is read and checked (the solution too) before anything is written; then
            // all files are written together (see `AtomicFile.write`).
            var files: [(path: String, data: Data)] = output == "-" ? [] : [(output, data)]
            var solutionLine: String?
            if let solution {
                let layout = try HelixIniSolution.load(path: solution).placement(for: imported, file: solution)
                let evaluation = try imported.evaluate(layout)
                solutionLine = "Solution \(solution): \(layout.ranges.count) nodes hold layers; max flow \(Formatting.rate(evaluation.throughputTokensPerSecond))"
                if let placement {
                    files.append((placement, try PlacementFile.encode(layout)))
                }
                if let plan {
                    let document = PlanDocument(
                        baseline: "helix-solution", evaluation: evaluation, cluster: imported, options: PlanOptions())
                    files.append((plan, try document.encoded()))
                }
            }
            try AtomicFile.write(files)
            if output == "-" {
                try StandardOutput.write(data)
            } else {
                try StandardOutput.print("Wrote \(output): \(Reports.clusterLine(imported))")
                if let solutionLine { try StandardOutput.print(solutionLine) }
            }
        }
    }
}
