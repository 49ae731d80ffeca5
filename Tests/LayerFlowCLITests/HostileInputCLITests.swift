import Foundation
import LayerFlow
import Testing

/// Hostile input and real operations from the command line: documented exit codes (64 for
/// options, 65 for data), messages that name the culprit, and no crash, hang or runaway memory.
/// (docs/Reliability.md, "Planner limits and budgets".)
@Suite(.serialized)
struct HostileInputCLITests {
    static let example = CLITests.example

    /// The example cluster with `transform` applied to its JSON object, written to a temporary file.
    static func example(_ transform: (inout [String: Any]) -> Void) throws -> String {
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: example))) as? [String: Any])
        transform(&object)
        let file = try CLIRunner.temporaryDirectory().appendingPathComponent("cluster.json")
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        return file.path
    }

    static func withLayerCount(_ layers: Int) throws -> String {
        try example { object in
            var model = object["model"] as? [String: Any] ?? [:]
            model["layerCount"] = layers
            object["model"] = model
        }
    }

    /// A `count`-node ring (each node linked to its neighbours and to the coordinator) of the
    /// example's GPU types.
    static func ring(_ count: Int) throws -> String {
        try example { object in
            let types = (object["gpuTypes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            object["name"] = "ring\(count)"
            object["nodes"] = (0..<count).map { ["id": "n\($0)", "type": types[$0 % types.count]] }
            var links: [[String: Any]] = []
            for i in 0..<count {
                let next = "n\((i + 1) % count)"
                links.append(["from": "coordinator", "to": "n\(i)", "bandwidthBytesPerSecond": 1.25e8, "latencySeconds": 0.001])
                links.append(["from": "n\(i)", "to": "coordinator", "bandwidthBytesPerSecond": 1.25e8, "latencySeconds": 0.001])
                links.append(["from": "n\(i)", "to": next, "bandwidthBytesPerSecond": 1.25e9, "latencySeconds": 0.001])
                links.append(["from": next, "to": "n\(i)", "bandwidthBytesPerSecond": 1.25e9, "latencySeconds": 0.001])
            }
            object["links"] = links
        }
    }

    /// Runs the executable without holding a thread of the test pool while it runs (other suites'
    /// timing tests would wait for it).
    static func run(_ arguments: [String]) async throws -> CLIRunner.Result {
        try await timed(arguments).result
    }

    /// Runs the command and times the child process itself: from just before it starts to its
    /// termination handler (which runs on a dispatch queue). The time the test task then waits to be
    /// resumed on the cooperative pool, busy with other suites on a 2-core machine, is not counted.
    static func timed(_ arguments: [String]) async throws -> (result: CLIRunner.Result, seconds: Double) {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("stdout")
        let err = directory.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let (status, seconds): (Int32, Double) = try await withCheckedThrowingContinuation { continuation in
            let start = Date()
            process.terminationHandler = { continuation.resume(returning: ($0.terminationStatus, Date().timeIntervalSince(start))) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let result = CLIRunner.Result(
            status: status, stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
        return (result, seconds)
    }

    // MARK: Layers

    /// 2^63 − 1 trapped on an overflow in PipelineSplit, 2^62 aborted allocating, 10⁹ took 19 GB
    /// and 10⁶ took 53 s: each is refused at once, naming the field and the limit.
    @Test(arguments: [Int.max, 1 << 62, 1_000_000_000, 1_000_000])
    func hugeLayerCountsExit65NamingTheField(layers: Int) async throws {
        let file = try Self.withLayerCount(layers)
        for command in [["plan", "--objective", "max-flow", file, "--time-limit", "5"], ["plan", "--objective", "max-flow", file, "--method", "balanced"], ["compare", file], ["model", file]] {
            let (result, seconds) = try await Self.timed(command)
            #expect(result.status == 65, "\(command[0]): \(result.stderr)")
            #expect(result.stderr.contains("model.layerCount") && result.stderr.contains("\(InputLimits.maxLayers)"), "\(result.stderr)")
            #expect(seconds < 5)
        }
    }

    /// A model the nodes cannot hold is infeasible at once (nothing is worth running).
    @Test func aModelTooDeepForTheNodesIsInfeasibleAtOnce() async throws {
        let (result, seconds) = try await Self.timed(["plan", "--objective", "max-flow", try Self.withLayerCount(1000), "--time-limit", "30"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Status: infeasible"))
        #expect(seconds < 5)
    }

    // MARK: Nodes and links

    @Test(arguments: ["99999999999xT4", "3000xT4", "9223372036854775807xT4,9223372036854775807xT4"])
    func hugeGPUListsExit64NamingTheOption(gpus: String) async throws {
        let (result, seconds) = try await Self.timed(["plan", "--objective", "max-flow", "--model", "llama-2-70b", "--gpus", gpus, "--time-limit", "5"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("--gpus"), "\(result.stderr)")
        #expect(seconds < 5)
    }

    // MARK: Time limits

    /// The time limit holds for the planner and for a single baseline on a large cluster.
    @Test func timeLimitHoldsOnALargeRing() async throws {
        let ring = try Self.ring(1500)
        for command in [["plan", "--objective", "max-flow", ring, "--time-limit", "2"], ["plan", "--objective", "max-flow", ring, "--method", "balanced", "--time-limit", "2"]] {
            let (result, seconds) = try await Self.timed(command)
            #expect(result.status == 0, "\(result.stderr)")
            // The bar (T + 10 % + 1 s), plus a second for a debug build to load the input.
            let bar: Double = 2 * 1.1 + 1 + 1
            #expect(seconds < bar, "\(command): \(seconds) s")
        }
    }

    @Test func compareHasATimeLimit() async throws {
        let ring = try Self.ring(1500)
        let (result, seconds) = try await Self.timed(["compare", ring, "--time-limit", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        // The bar, plus the evaluations and loading of a debug build.
        let bar: Double = 1 * 1.1 + 1 + 3
        #expect(seconds < bar, "\(seconds) s")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["timeLimitReached"] is Bool)
        let bad = try await Self.run(["compare", Self.example, "--time-limit", "0"])
        #expect(bad.status == 64 && bad.stderr.contains("--time-limit"))
    }

    // MARK: Stages

    @Test func modelMaxStagesIsClampedAndZeroIsAUsageError() async throws {
        let (huge, seconds) = try await Self.timed(["model", Self.example, "--max-stages", "100000"])
        #expect(huge.status == 0, "\(huge.stderr)")
        #expect(seconds < 10)
        let deepest = try await Self.run(["model", Self.example, "--max-stages", "24"])
        #expect(huge.stdout == deepest.stdout, "a limit above min(nodes, layers) is the same model")
        for bad in ["0", "-3"] {
            let result = try await Self.run(["model", Self.example, "--max-stages=\(bad)"])
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains("--max-stages"))
        }
    }

    /// A depth sweep past the cluster's depth is clamped (and said so), every row printed as it is
    /// planned; a sweep starting past it is a usage error.
    @Test func depthSweepIsClampedToTheClustersDepth() async throws {
        let small = try Self.ring(3)
        let (result, seconds) = try await Self.timed(["plan", "--objective", "max-flow", small, "--depth-sweep", "1...100000", "--time-limit", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("clamped to 1...3"), "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).first?.isNumber == true }
        #expect(rows.count == 3, "\(result.stdout)")
        let bar: Double = 3 * (1 * 1.1 + 1) + 2
        #expect(seconds < bar)
        let past = try await Self.run(["plan", "--objective", "max-flow", small, "--depth-sweep", "5...9"])
        #expect(past.status == 64, "\(past.stderr)")
        #expect(past.stderr.contains("--depth-sweep"))
    }

    // MARK: Requests

    @Test func scheduleRequestCountsAreLimited() async throws {
        let plan = try CLIRunner.temporaryDirectory().appendingPathComponent("plan.json").path
        let planned = try await Self.run(["plan", "--objective", "max-flow", Self.example, "--method", "balanced", "--json", plan])
        #expect(planned.status == 0, "\(planned.stderr)")
        let (billion, seconds) = try await Self.timed(["schedule", plan, "--requests", "1000000000"])
        #expect(billion.status == 64, "\(billion.stderr)")
        #expect(billion.stderr.contains("--requests") && billion.stderr.contains("\(InputLimits.maxRequests)"))
        #expect(seconds < 5)
        let table = try await Self.run([
            "schedule", plan, "--requests", "\(InputLimits.maxTableRequests + 1)", "--table", "/tmp/never-written.json",
        ])
        #expect(table.status == 64, "\(table.stderr)")
        #expect(table.stderr.contains("--table"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-written.json"))
        // Without a table the summary streams: the same figures as with one.
        let directory = try CLIRunner.temporaryDirectory()
        let streamed = directory.appendingPathComponent("streamed.json").path
        let tabled = directory.appendingPathComponent("tabled.json").path
        #expect(try await Self.run(["schedule", plan, "--requests", "20000", "--json", streamed]).status == 0)
        #expect(try await Self.run([
            "schedule", plan, "--requests", "20000", "--json", tabled, "--table", directory.appendingPathComponent("t.json").path,
        ]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: streamed)) == Data(contentsOf: URL(fileURLWithPath: tabled)))
    }

    // MARK: JSON contract

    /// An infeasible plan says so with a gap of 0 (the key used to be missing when the plan was 0).
    @Test func infeasiblePlansHaveAGapKey() async throws {
        let (result, _) = try await Self.timed(["plan", "--objective", "max-flow", try Self.withLayerCount(1000), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "infeasible")
        #expect(object["gap"] as? Double == 0)
        // Nothing served under a positive bound (no node-to-node links): the key is there, null.
        let unlinked = try Self.example { object in
            object["links"] = (object["links"] as? [[String: Any]] ?? []).filter {
                $0["from"] as? String == "coordinator" || $0["to"] as? String == "coordinator"
            }
        }
        let open = try await Self.run(["plan", "--objective", "max-flow", unlinked, "--formulation", "none", "--json"])
        #expect(open.status == 0, "\(open.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(open.stdout.utf8)) as? [String: Any])
        #expect(document["throughputTokensPerSecond"] as? Double == 0)
        #expect(document.keys.contains("gap") && document["gap"] is NSNull)
    }
}
