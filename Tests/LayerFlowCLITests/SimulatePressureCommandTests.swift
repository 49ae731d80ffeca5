import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// `layerflow simulate --memory-pressure`: the policy's switches in the summary, the JSON and the
/// chart; off by default; its options without the policy, or with Helix's router, refused by name.
@Suite(.serialized)
struct SimulatePressureCommandTests {
    /// The two-replica deployment and its burst as files.
    static func files(in directory: URL) throws -> (cluster: String, placement: String, trace: String) {
        let (cluster, placement) = try PressureFixtures.replicatedPair()
        let clusterPath = directory.appendingPathComponent("pair.json").path
        let placementPath = directory.appendingPathComponent("pair-placement.json").path
        let tracePath = directory.appendingPathComponent("burst.csv").path
        try NativeClusterFormat.encode(cluster).write(to: URL(fileURLWithPath: clusterPath))
        try PlacementFile.encode(placement).write(to: URL(fileURLWithPath: placementPath))
        let rows = PressureFixtures.burstArrivals().map { "\($0.time),\($0.input),\($0.output)" }
        try Data((["arrival_time_s,input_tokens,output_tokens"] + rows).joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: tracePath))
        return (clusterPath, placementPath, tracePath)
    }

    static func arguments(_ files: (cluster: String, placement: String, trace: String)) -> [String] {
        ["simulate", files.cluster, "--placement", files.placement, "--workload", "online", "--trace", files.trace,
         "--duration", "60", "--routing", "layerflow", "--expected-output-tokens", "400", "--kv-high-water-mark", "1"]
    }

    @Test func theSwitchesAreInTheSummaryTheJSONAndTheChart() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let inputs = try Self.files(in: directory)
        let json = directory.appendingPathComponent("report.json").path
        let svg = directory.appendingPathComponent("report.svg").path
        let result = try CLIRunner.run(Self.arguments(inputs) + [
            "--memory-pressure", "kunserve", "--pressure-interval", "0.1", "--json", json, "--svg", svg,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Memory pressure (KunServe triggers)"))
        #expect(result.stdout.contains("drop ") && result.stdout.contains("restore "), "\(result.stdout)")
        #expect(result.stdout.contains("a+b"))

        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let pressure = try #require(object["memoryPressure"] as? [String: Any])
        let switches = try #require(pressure["switches"] as? [[String: Any]])
        #expect(switches.map { $0["action"] as? String } == ["drop", "restore"])
        #expect(switches.first?["groups"] as? [[String]] == [["a", "b"]])
        #expect(switches.last?["weightBytesReloaded"] as? Double == 4e9)
        let samples = try #require(pressure["samples"] as? [[String: Any]])
        #expect(samples.count > 10)
        for key in ["timeSeconds", "kvUse", "queuedRequests", "inFlightRequests", "fused", "tokensPerSecond"] {
            #expect(samples[0][key] != nil, "a sample lacks \(key)")
        }
        #expect((pressure["dropPlan"] as? [String: Any])?["placementAfter"] != nil)
        #expect(object["completedRequests"] as? Int == 68)

        let chart = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(chart.contains("class=\"pressure-drop\"") && chart.contains("class=\"pressure-restore\""))
        #expect(chart.contains("KV use") && chart.contains("Queue length") && chart.contains("TTFT"))
    }

    @Test func offByDefaultTheReportHasNoPressureSection() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run(Self.arguments(try Self.files(in: directory)) + ["--json", "-"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["memoryPressure"] == nil)
        // The burst overloads the analytic estimate: its unbounded latencies are written as null.
        let estimate = try #require(object["estimate"] as? [String: Any])
        #expect(estimate["limit"] as? String == "overloaded")
        #expect(estimate["timePerOutputTokenSeconds"] is NSNull)
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(object["completedRequests"] as? Int == 68)
    }

    @Test func policyOptionsAreRefusedByName() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let inputs = try Self.files(in: directory)
        let without = try CLIRunner.run(Self.arguments(inputs) + ["--pressure-drop-usage", "0.9"])
        #expect(without.status == 64)
        #expect(without.stderr.contains("--pressure-drop-usage needs --memory-pressure kunserve"), "\(without.stderr)")
        let thresholds = try CLIRunner.run(Self.arguments(inputs) + ["--memory-pressure", "kunserve", "--pressure-restore-usage", "0.99"])
        #expect(thresholds.status == 65)
        #expect(thresholds.stderr.contains("memoryPressure.policy.restoreUsage"), "\(thresholds.stderr)")
        var helix = Self.arguments(inputs)
        helix.removeAll { $0 == "--routing" || $0 == "layerflow" }
        let router = try CLIRunner.run(helix + ["--memory-pressure", "kunserve"])
        #expect(router.status == 65)
        #expect(router.stderr.contains("memoryPressure") && router.stderr.contains("routing layerflow"), "\(router.stderr)")
        let mark = try CLIRunner.run(Self.arguments(inputs) + ["--kv-high-water-mark", "1.5"])
        #expect(mark.status == 64)
        #expect(mark.stderr.contains("--kv-high-water-mark"), "\(mark.stderr)")
    }
}
