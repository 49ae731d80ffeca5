import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

@Suite(.serialized, .enabled(if: SharedData.isAvailable, SharedData.unavailableReason))
struct ImportHelixCommandTests {
    static var folder: URL { SharedData.directory.appendingPathComponent("helix-ini/cluster10-llama30b") }
    static var instance: String { SharedData.instancesDirectory.appendingPathComponent("helix-cluster10-llama30b.json").path }

    @Test func importsClusterAndSolutionWithInstanceTables() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let output = directory.appendingPathComponent("native.json").path
        let placement = directory.appendingPathComponent("placement.json").path
        let plan = directory.appendingPathComponent("plan.json").path
        let result = try CLIRunner.run([
            "import-helix", Self.folder.appendingPathComponent("cluster.ini").path,
            "--profiles", Self.folder.appendingPathComponent("machine_profiles.ini").path,
            "--solution", Self.folder.appendingPathComponent("ilp_sol.ini").path,
            "--tables", Self.instance, "--output", output, "--placement", placement, "--plan", plan,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("max flow 286.59 tokens/s"))
        let imported = try ClusterFile.load(path: output).cluster
        #expect(imported == (try SharedData.instance("helix-cluster10-llama30b.json").cluster()))
        #expect(try PlacementFile.load(path: placement).ranges.count == 10)
        let document = try PlanDocument.load(path: plan)
        #expect(abs(document.throughputTokensPerSecond - 286.5874097546421) <= 1e-9 * 286.6)
    }

    @Test func estimatesTablesForAModel() throws {
        let output = try CLIRunner.temporaryDirectory().appendingPathComponent("native.json").path
        let result = try CLIRunner.run([
            "import-helix", Self.folder.appendingPathComponent("cluster.ini").path,
            "--profiles", Self.folder.appendingPathComponent("machine_profiles.ini").path,
            "--estimate", "--model", "llama-1-30b", "--output", output,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let cluster = try ClusterFile.load(path: output).cluster
        #expect(cluster.name == "cluster")
        #expect(cluster.model.name == "LLaMA-1-30B")
        #expect(cluster.nodes.count == 10)
    }

    @Test func needsExactlyOneTableSource() throws {
        let result = try CLIRunner.run([
            "import-helix", Self.folder.appendingPathComponent("cluster.ini").path,
            "--profiles", Self.folder.appendingPathComponent("machine_profiles.ini").path, "--output", "/tmp/x.json",
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("give exactly one of --tables FILE and --estimate"))
    }

    @Test func aBrokenIniNamesFileAndLine() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let broken = directory.appendingPathComponent("cluster.ini")
        try Data("[NodeNames]\ntotal_compute_nodes = 2 * gbit\n".utf8).write(to: broken)
        let result = try CLIRunner.run([
            "import-helix", broken.path, "--profiles", Self.folder.appendingPathComponent("machine_profiles.ini").path,
            "--estimate", "--model", "llama-1-30b", "--output", directory.appendingPathComponent("o.json").path,
        ])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(broken.path):2: total_compute_nodes = 2 * gbit"))
    }
}
