import ArgumentParser
import Foundation
import LayerFlow

/// `layerflow export PLAN --format ...`: a plan in a neighbour's format.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a plan for Helix (.ini files), vLLM (pipeline partition), Petals (server commands) or as LayerFlow JSON.",
        discussion: """
            PLAN is a plan file written by `layerflow plan --json FILE`. Formats:

            helix-ini: cluster.ini, machine_profiles.ini and ilp_sol.ini in the --output \
            directory (default: the current one); `layerflow import-helix` reads them back.

            vllm: VLLM_PP_LAYER_PARTITION and each pipeline's nodes as a shell snippet; fails \
            with the reason when the plan is not a set of identical pipelines.

            petals: one `python -m petals.cli.run_server MODEL --block_indices start:end` per node.

            layerflow: the versioned plan JSON (layerflow-plan/1), re-encoded.

            Without --output the text formats go to standard output.

            Examples:
              layerflow export plan.json --format vllm
              layerflow export plan.json --format helix-ini --output helix/
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case helixIni = "helix-ini"
        case vllm, petals, layerflow
    }

    @Argument(help: "Plan file (layerflow-plan/1).")
    var plan: String

    @Option(help: "helix-ini, vllm, petals or layerflow.")
    var format: Format

    @Option(name: [.short, .long], help: ArgumentHelp("File to write (a directory for helix-ini).", valueName: "path"))
    var output: String?

    func run() throws {
        try reportingFailures {
            let document = try inFile(plan) { try PlanDocument.load(path: plan) }
            let cluster = document.clusterDefinition
            switch format {
            case .helixIni:
                let files = try HelixIniExport.files(cluster: cluster, placement: document.placement)
                let directory = URL(fileURLWithPath: output ?? ".")
                let named = [
                    ("cluster.ini", files.cluster), ("machine_profiles.ini", files.machineProfiles),
                    ("ilp_sol.ini", files.solution ?? ""),
                ]
                // The directory is made only when the files are ready, and removed again (if it
                // was made here) when they cannot be written.
                let created = try AtomicFile.createDirectory(directory.path)
                do {
                    try AtomicFile.write(named.map { (directory.appendingPathComponent($0.0).path, Data($0.1.utf8)) })
                } catch {
                    AtomicFile.removeDirectories(created)
                    throw error
                }
                try StandardOutput.print("Wrote \(named.map { directory.appendingPathComponent($0.0).path }.joined(separator: ", "))")
                if cluster.bandwidthConvention == .physical {
                    try StandardOutput.print("Note: Helix divides these bit rates by bytes per token (bits taken as bytes), so its link capacities will be 8× this plan's.")
                }
            case .vllm:
                try emit(VLLMLayout(cluster: cluster, placement: document.placement, rule: document.rule).script())
            case .petals:
                try emit(PetalsLayout(cluster: cluster, placement: document.placement).script())
            case .layerflow:
                try emit(String(decoding: document.encoded(), as: UTF8.self) + "\n")
            }
        }
    }

    private func emit(_ text: String) throws {
        if let output, output != "-" {
            try AtomicFile.write(Data(text.utf8), to: output)
            try StandardOutput.print("Wrote \(output)")
        } else {
            try StandardOutput.print(text, terminator: "")
        }
    }
}
