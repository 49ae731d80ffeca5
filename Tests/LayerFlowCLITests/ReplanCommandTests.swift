import Foundation
import Testing

/// `layerflow replan` on the bundled single24 example and Helix's MILP placement of it: the JSON
/// keys the issue lists, the side-by-side report, and typed errors with their exit codes.
@Suite(.serialized)
struct ReplanCommandTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples")
    static let cluster = examples.appendingPathComponent("helix-single24-llama70b.json").path
    static let placement = examples.appendingPathComponent("helix-single24-llama70b-helix-milp-placement.json").path

    static func replan(_ arguments: [String]) throws -> CLIRunner.Result {
        try CLIRunner.run(["replan", cluster, "--placement", placement] + arguments)
    }

    @Test func aFailureWritesTheListedFields() throws {
        let result = try Self.replan(["--fail", "6", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "layerflow-replan/1")
        let placement = try #require(object["placement"] as? [String: [Int]])
        #expect(placement["6"] == nil)
        var held = Set<Int>()
        for range in placement.values { held.formUnion(range[0]..<range[1]) }
        #expect(held == Set(0..<80))
        #expect((object["throughputTokensPerSecond"] as? Double ?? 0) > 0)
        #expect(object["movedLayers"] is Int && object["movedBytes"] is Double)
        let transition = try #require(object["transition"] as? [String: Any])
        let steps = try #require(transition["steps"] as? [[String: Any]])
        #expect(!steps.isEmpty)
        for step in steps {
            for key in ["node", "action", "layers", "bytes", "seconds", "throughputDuringTokensPerSecond"] {
                #expect(step.keys.contains(key), "step key \(key)")
            }
        }
        #expect(transition["keepsCoverage"] as? Bool == true)
    }

    @Test func theTextReportShowsOldAndNewSideBySide() throws {
        let result = try Self.replan(["--fail", "6", "--join", "A100", "--derate", "9=0.5"])
        #expect(result.status == 0, "\(result.stderr)")
        for text in ["old", "new", "Transition", "switch", "Moved:", "joined-A100-0", "(gone)"] {
            #expect(result.stdout.contains(text), "missing \(text)")
        }
    }

    @Test func badInputIsATypedErrorNamingTheCulprit() throws {
        let unknown = try Self.replan(["--fail", "ghost"])
        #expect(unknown.status == 64 && unknown.stderr.contains("ghost") && unknown.stderr.contains("--fail"))
        let factor = try Self.replan(["--derate", "6=1.5"])
        #expect(factor.status == 64 && factor.stderr.contains("1.5") && factor.stderr.contains("(0, 1]"))
        let link = try Self.replan(["--derate-link", "6-ghost=0.5"])
        #expect(link.status == 64 && link.stderr.contains("6-ghost"))
        let type = try Self.replan(["--join", "H100"])
        #expect(type.status == 64 && type.stderr.contains("H100"))

        let directory = try CLIRunner.temporaryDirectory()
        let health = directory.appendingPathComponent("health.json")
        let everyNode = (0..<24).map { "\"\($0)\": {\"usable\": false}" }.joined(separator: ", ")
        try Data("{\"format\": \"layerflow-health/1\", \"nodes\": {\(everyNode)}}".utf8).write(to: health)
        let excluded = try Self.replan(["--health", health.path])
        #expect(excluded.status == 65 && excluded.stderr.contains("excludes every node"))
        try Data(#"{"nodes": {"ghost": {"throughputFactor": 0.5}}}"#.utf8).write(to: health)
        let ghost = try Self.replan(["--health", health.path])
        #expect(ghost.status == 65 && ghost.stderr.contains("ghost"))
    }
}
