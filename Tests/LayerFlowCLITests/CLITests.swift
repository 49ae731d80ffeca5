import Foundation
import LayerFlow
import LayerFlowCLI
import Testing

/// The command-line contract other tools script against: exit codes, errors on stderr, `--json`.
@Suite(.serialized)
struct CLITests {
    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/helix-single24-llama70b.json").path

    @Test func planPrintsATableAndExitsZero() throws {
        let result = try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--method", "swarm"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Throughput:"))
        #expect(result.stdout.contains("Bottleneck:"))
        #expect(result.stderr.isEmpty)
    }

    @Test func planJSONHasTheContractKeys() throws {
        let result = try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--method", "balanced", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["throughputTokensPerSecond"] as? Double ?? 0) > 0)
        #expect((object["upperBoundTokensPerSecond"] as? Double ?? 0) > 0)
        let placement = try #require(object["placement"] as? [String: [Int]])
        #expect(!placement.isEmpty)
        #expect(placement.values.allSatisfy { $0.count == 2 && $0[0] < $0[1] })
    }

    @Test func planJSONToAFileFeedsEvaluate() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let planFile = directory.appendingPathComponent("plan.json").path
        let plan = try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--method", "separate", "--json", planFile])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("Throughput:"))
        let planned = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: planFile))) as? [String: Any])
        let evaluate = try CLIRunner.run(["evaluate", Self.example, "--placement", planFile, "--json"])
        #expect(evaluate.status == 0, "\(evaluate.stderr)")
        let evaluated = try #require(try JSONSerialization.jsonObject(with: Data(evaluate.stdout.utf8)) as? [String: Any])
        #expect(evaluated["throughputTokensPerSecond"] as? Double == planned["throughputTokensPerSecond"] as? Double)
    }

    @Test func missingClusterFileExits66() throws {
        let result = try CLIRunner.run(["evaluate", "/nonexistent/cluster.json", "--placement", "/nonexistent/p.json"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("error:"))
        #expect(result.stderr.contains("/nonexistent/cluster.json"))
        #expect(result.stdout.isEmpty)
    }

    @Test func invalidPlacementExits65NamingTheNode() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("bad.json")
        try Data("{\"0\": [0, 40]}".utf8).write(to: file)
        let result = try CLIRunner.run(["evaluate", Self.example, "--placement", file.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("node '0'"))
    }

    @Test func malformedClusterExits65NamingTheField() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("cluster.json")
        try Data("{\"format\": \"layerflow-cluster/1\", \"model\": {\"name\": \"m\"}}".utf8).write(to: file)
        let result = try CLIRunner.run(["plan", "--objective", "max-flow", file.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("model.layerCount"))
    }

    @Test func unknownMethodIsAUsageError() throws {
        let result = try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--method", "magic"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("magic"))
    }

    @Test func convertWritesANativeFileThatLoads() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let output = directory.appendingPathComponent("native.json").path
        let result = try CLIRunner.run(["convert", Self.example, "--bandwidth-convention", "physical", "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        let loaded = try ClusterFile.load(path: output)
        #expect(loaded.cluster.bandwidthConvention == .physical)
        #expect(loaded.cluster.nodes.count == 24)
    }

    @Test func planThatCannotServeSaysWhyAndReportsInfeasible() throws {
        let result = try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--max-stages", "8", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "infeasible")
        #expect(object["upperBoundTokensPerSecond"] as? Double == 0)
        let text = try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--max-stages", "8"])
        #expect(text.stdout.contains("any path of at most 8 nodes holds at most 76 of its 80 layers"))
    }

    @Test func bareJSONFlagMeansStandardOutput() {
        #expect(JSONOutputOption.normalize(["plan", "--objective", "max-flow", "c.json", "--json"]) == ["plan", "--objective", "max-flow", "c.json", "--json", "-"])
        #expect(JSONOutputOption.normalize(["plan", "--objective", "max-flow", "c.json", "--json", "--seed", "1"]) == ["plan", "--objective", "max-flow", "c.json", "--json", "-", "--seed", "1"])
        #expect(JSONOutputOption.normalize(["plan", "--objective", "max-flow", "c.json", "--json", "out.json"]) == ["plan", "--objective", "max-flow", "c.json", "--json", "out.json"])
    }
}
