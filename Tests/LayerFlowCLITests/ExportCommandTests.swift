import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// `export` on plans made by `plan`: what each neighbour's format says, and the refusal when vLLM
/// cannot run a plan.
@Suite(.serialized)
struct ExportCommandTests {
    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/helix-single24-llama70b.json").path

    /// A plan file of the example made by a baseline (fast, deterministic).
    static func plan(method: String) throws -> String {
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("plan.json").path
        let result = try CLIRunner.run(["plan", "--objective", "max-flow", example, "--method", method, "--json", file])
        #expect(result.status == 0, "\(result.stderr)")
        return file
    }

    @Test func helixIniFilesReimportToTheSameClusterAndPlacement() throws {
        let plan = try Self.plan(method: "swarm")
        let directory = try CLIRunner.temporaryDirectory()
        let export = try CLIRunner.run(["export", plan, "--format", "helix-ini", "--output", directory.path])
        #expect(export.status == 0, "\(export.stderr)")
        let native = directory.appendingPathComponent("native.json").path
        let placement = directory.appendingPathComponent("placement.json").path
        let reimport = try CLIRunner.run([
            "import-helix", directory.appendingPathComponent("cluster.ini").path,
            "--profiles", directory.appendingPathComponent("machine_profiles.ini").path,
            "--solution", directory.appendingPathComponent("ilp_sol.ini").path,
            "--tables", Self.example, "--output", native, "--placement", placement,
        ])
        #expect(reimport.status == 0, "\(reimport.stderr)")
        let document = try PlanDocument.load(path: plan)
        #expect(try ClusterFile.load(path: native).cluster == document.clusterDefinition)
        #expect(try PlacementFile.load(path: placement) == document.placement)
    }

    @Test func vllmPartitionOfAPipelinePlan() throws {
        // The separate-pipelines baseline puts the example on one 24-stage pipeline.
        let plan = try Self.plan(method: "separate")
        let document = try PlanDocument.load(path: plan)
        let layout = try VLLMLayout(cluster: document.clusterDefinition, placement: document.placement)
        #expect(layout.partition.reduce(0, +) == 80)
        let result = try CLIRunner.run(["export", plan, "--format", "vllm"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("export VLLM_PP_LAYER_PARTITION=\"\(layout.partitionValue)\""))
        #expect(result.stdout.contains("PIPELINE_PARALLEL_SIZE=\(layout.stages.count)"))
        #expect(result.stdout.contains("PIPELINE_0_NODES=\"\(layout.pipelines[0].joined(separator: " "))\""))
    }

    @Test func vllmRefusesSharedStagesWithTheReason() throws {
        let plan = try Self.plan(method: "swarm")
        let result = try CLIRunner.run(["export", plan, "--format", "vllm"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("replicas would share a stage's nodes"))
    }

    @Test func vllmRefusesOverlappingPlansWithTheReason() throws {
        let plan = try Self.plan(method: "petals")
        let result = try CLIRunner.run(["export", plan, "--format", "vllm"])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.contains("vLLM"))
        #expect(result.stdout.isEmpty)
    }

    @Test func petalsAndLayerflowFormats() throws {
        let plan = try Self.plan(method: "petals")
        let petals = try CLIRunner.run(["export", plan, "--format", "petals"])
        #expect(petals.status == 0, "\(petals.stderr)")
        #expect(petals.stdout.contains("python -m petals.cli.run_server meta-llama/Llama-2-70b-hf --block_indices 0:"))
        let output = try CLIRunner.temporaryDirectory().appendingPathComponent("copy.json").path
        let native = try CLIRunner.run(["export", plan, "--format", "layerflow", "--output", output])
        #expect(native.status == 0, "\(native.stderr)")
        #expect(try PlanDocument.load(path: output).placement == PlanDocument.load(path: plan).placement)
    }

    @Test func aMissingPlanExits66() throws {
        let result = try CLIRunner.run(["export", "/nonexistent/plan.json", "--format", "vllm"])
        #expect(result.status == 66)
    }
}
