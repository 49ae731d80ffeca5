import Foundation
import Testing

/// `layerflow pressure` on the bundled eight-replica example (23 GiB VRAM, no KV table, 4 KiB of
/// KV per token per layer): the figures from the command line, JSON keys and exit codes.
@Suite(.serialized)
struct PressureCommandTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples")
    static let cluster = examples.appendingPathComponent("pressure-8x-replicas.json").path
    static let placement = examples.appendingPathComponent("pressure-8x-replicas-placement.json").path

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try CLIRunner.run(["pressure", cluster, "--placement", placement] + arguments + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func threeHundredThousandTokensFromTheCommandLine() throws {
        let object = try Self.json(["--extra-kv-tokens", "300000"])
        #expect(object["format"] as? String == "layerflow-pressure/1")
        #expect(object["addedKVTokens"] as? Int == 393_216)
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups.map { ($0["members"] as? [Any])?.count } == [2, 2, 2])
        #expect((object["untouched"] as? [String])?.count == 2)
        let before = try #require(object["throughputBeforeTokensPerSecond"] as? Double)
        let after = try #require(object["throughputAfterTokensPerSecond"] as? Double)
        #expect(after >= 0.95 * before && before > 0)
        let placementAfter = try #require(object["placementAfter"] as? [String: [Int]])
        #expect(placementAfter.count == 8)
        let restore = try #require(object["restore"] as? [String: Any])
        let members = try #require(restore["members"] as? [[String: Any]])
        #expect(members.count == 6)
        #expect(members.allSatisfy { ($0["bytes"] as? Double) == 8 * 1_073_741_824 })
    }

    @Test func sixHundredThousandTokensAtDegreeFourAndTheWrittenFile() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("drop.json").path
        let result = try CLIRunner.run([
            "pressure", Self.cluster, "--placement", Self.placement, "--extra-kv-tokens", "600000",
            "--max-pipeline-degree", "4", "--json", file,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("adds 655360 tokens"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        #expect(object["addedKVTokens"] as? Int == 655_360)
        let sizes = (object["groups"] as? [[String: Any]])?.compactMap { ($0["members"] as? [Any])?.count }
        #expect(sizes?.sorted(by: >) == [3, 3, 2])
    }

    @Test func anInfeasibleDemandSaysTheLargestAchievable() throws {
        let result = try CLIRunner.run([
            "pressure", Self.cluster, "--placement", Self.placement, "--extra-kv-tokens", "600000", "--max-pipeline-degree", "2",
        ])
        #expect(result.status == 65)
        #expect(result.stderr.contains("extraKVTokens"))
        #expect(result.stderr.contains("524288"))
    }

    @Test func badOptionsAndDataGetTheirExitCodes() throws {
        let zero = try CLIRunner.run(["pressure", Self.cluster, "--placement", Self.placement, "--extra-kv-tokens", "0"])
        #expect(zero.status == 64)
        #expect(zero.stderr.contains("extraKVTokens"))
        let degree = try CLIRunner.run([
            "pressure", Self.cluster, "--placement", Self.placement, "--extra-kv-tokens", "10", "--max-pipeline-degree", "1",
        ])
        #expect(degree.status == 64)
        #expect(degree.stderr.contains("maxPipelineDegree"))
        let directory = try CLIRunner.temporaryDirectory()
        let pipeline = directory.appendingPathComponent("pipeline.json")
        let ranges = (0..<8).map { "\"gpu-\($0)\": [\($0 * 4), \($0 * 4 + 4)]" }.joined(separator: ", ")
        try Data("{\(ranges)}".utf8).write(to: pipeline)
        let none = try CLIRunner.run(["pressure", Self.cluster, "--placement", pipeline.path, "--extra-kv-tokens", "10"])
        #expect(none.status == 65)
        #expect(none.stderr.contains("placement: no layer range is held by two or more nodes"))
        let missing = try CLIRunner.run(["pressure", Self.cluster, "--extra-kv-tokens", "10"])
        #expect(missing.status == 64)
    }
}
