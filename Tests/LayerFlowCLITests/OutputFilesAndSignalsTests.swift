import Foundation
import LayerFlow
import Testing

/// Output files, write errors and signals (docs/Reliability.md, "Output files, signals and exit
/// codes"): every output is written atomically or not at all, an output that cannot be written is
/// 73 or 74 with the path and the reason, and SIGINT/SIGTERM stop a search with its best result so
/// far and exit 130/143. Each runs the built `layerflow` as a subprocess.
@Suite(.serialized)
struct OutputFilesAndSignalsTests {
    static let example = CLITests.example

    /// A quick cluster the planner is still searching after seconds (60 s does not close its gap).
    static let bigCluster = ["--model", "llama-2-70b", "--gpus", "24xA100,48xL4,72xT4"]

    // MARK: Helpers

    /// A plan file of the example made by a baseline (fast, deterministic; one pipeline, so vLLM
    /// can take it too), in `directory`.
    static func plan(in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("plan.json").path
        let result = try CLIRunner.run(["plan", "--objective", "max-flow", example, "--method", "separate", "--json", file])
        #expect(result.status == 0, "\(result.stderr)")
        return file
    }

    /// The names in `directory`, hidden ones too, sorted.
    static func names(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    /// Temporary files AtomicFile may have left in `directory` (`.NAME.tmp-XXXXXX`).
    static func leftovers(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.contains(".tmp-") }
    }

    /// A `layerflow` process started with standard output and standard error going to files.
    final class Running {
        let process = Process()
        let stdoutURL: URL
        let stderrURL: URL
        let started = Date()

        init(_ arguments: [String], in directory: URL, stdout: FileHandle? = nil) throws {
            stdoutURL = directory.appendingPathComponent("stdout.txt")
            stderrURL = directory.appendingPathComponent("stderr.txt")
            _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
            process.executableURL = CLIRunner.executable
            process.arguments = arguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try stdout ?? FileHandle(forWritingTo: stdoutURL)
            process.standardError = try FileHandle(forWritingTo: stderrURL)
            try process.run()
        }

        /// Waits for the process to end, at most `seconds`.
        /// - Returns: whether it ended in time (it is killed otherwise).
        @discardableResult
        func wait(atMost seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            guard !process.isRunning else {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return false
            }
            process.waitUntilExit()
            return true
        }

        func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        var status: Int32 { process.terminationStatus }
        var exitedNormally: Bool { process.terminationReason == .exit }
        var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }
    }

    /// Runs `layerflow` with standard output going to `/dev/full`.
    static func runToFullStandardOutput(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let directory = try CLIRunner.temporaryDirectory()
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let running = try Running(arguments, in: directory, stdout: full)
        #expect(running.wait(atMost: 120))
        return (running.status, running.stderr)
    }

    // MARK: Output files that cannot be written

    /// Each command's output options, with OUT for the file and PLAN for a plan file.
    static let outputs: [[String]] = [
        ["plan", "--objective", "max-flow", example, "--method", "petals", "--json", "OUT"],
        ["plan", "--objective", "max-flow", example, "--depth-sweep", "8...9", "--time-limit", "1", "--json", "OUT"],
        ["evaluate", example, "--placement", "PLAN", "--json", "OUT"],
        ["compare", example, "--json", "OUT"],
        ["catalog", "--json", "OUT"],
        ["convert", example, "--output", "OUT"],
        ["model", example, "--formulation", "helix", "--lp", "OUT"],
        ["render", "PLAN", "--svg", "OUT"],
        ["export", "PLAN", "--format", "vllm", "--output", "OUT"],
        ["export", "PLAN", "--format", "petals", "--output", "OUT"],
        ["export", "PLAN", "--format", "layerflow", "--output", "OUT"],
        ["schedule", "PLAN", "--requests", "100", "--json", "OUT"],
        ["schedule", "PLAN", "--requests", "100", "--table", "OUT"],
        ["schedule", "PLAN", "--requests", "100", "--next-hops", "OUT"],
    ]

    enum BadTarget: String, CaseIterable, CustomTestStringConvertible {
        case missingDirectory, directory, fileAsDirectory, fullDevice, procFile
        var testDescription: String { rawValue }
    }

    @Test(arguments: outputs, BadTarget.allCases)
    func anOutputThatCannotBeWrittenExitsWithItsCodeNamesThePathAndLeavesNothing(
        _ template: [String], _ target: BadTarget
    ) throws {
        if target == .procFile, !FileManager.default.fileExists(atPath: "/proc/self") { return }
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.plan(in: directory)
        let path: String, code: Int32, reason: String
        switch target {
        case .missingDirectory:
            (path, code, reason) = (directory.appendingPathComponent("missing/out").path, 73, "does not exist")
        case .directory:
            (path, code, reason) = (directory.path, 73, "is a directory")
        case .fileAsDirectory:
            (path, code, reason) = (plan + "/out", 73, "is not a directory")
        case .fullDevice:
            (path, code, reason) = ("/dev/full", 74, "no space left on device")
        case .procFile:
            (path, code, reason) = ("/proc/layerflow-test-output", 73, "cannot create a file in /proc")
        }
        let before = try Self.names(in: directory)
        let planBytes = try Data(contentsOf: URL(fileURLWithPath: plan))
        let arguments = template.map { $0 == "OUT" ? path : $0 == "PLAN" ? plan : $0 }
        let result = try CLIRunner.run(arguments)
        #expect(result.status == code, "\(arguments.joined(separator: " ")): \(result.stderr)")
        #expect(result.stderr.contains("error: "), "\(result.stderr)")
        #expect(result.stderr.contains(path), "the message names \(path): \(result.stderr)")
        #expect(result.stderr.contains(reason), "the message says why: \(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Fatal error"), "\(result.stderr)")
        #expect(try Self.names(in: directory) == before, "no file left behind")
        #expect(try Data(contentsOf: URL(fileURLWithPath: plan)) == planBytes)
        #expect(Self.leftovers(in: "/dev").isEmpty && Self.leftovers(in: "/proc").isEmpty)
    }

    @Test func simulateToAFullDeviceExits74AfterTheRunAndWritesNothingElse() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try SimulateCommandTests.tinyPlan(in: directory)
        let json = directory.appendingPathComponent("report.json").path
        let result = try CLIRunner.run([
            "simulate", plan, "--workload", "offline", "--warmup", "0", "--duration", "5", "--json", json, "--svg", "/dev/full",
        ])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("/dev/full") && result.stderr.contains("no space left on device"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: json), "all or none: the report is not written either")
        #expect(Self.leftovers(in: directory.path).isEmpty)
    }

    @Test func exportHelixIniIntoAFileExits73AndCreatesNoDirectory() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.plan(in: directory)
        let before = try Self.names(in: directory)
        let target = plan + "/helix"
        let result = try CLIRunner.run(["export", plan, "--format", "helix-ini", "--output", target])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains(target), "\(result.stderr)")
        #expect(try Self.names(in: directory) == before)
    }

    @Test func exportHelixIniCreatesTheMissingDirectory() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.plan(in: directory)
        let target = directory.appendingPathComponent("a/b")
        let result = try CLIRunner.run(["export", plan, "--format", "helix-ini", "--output", target.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.names(in: target) == ["cluster.ini", "ilp_sol.ini", "machine_profiles.ini"])
    }

    // MARK: Standard output that cannot be written

    static let standardOutputs: [[String]] = [
        ["plan", "--objective", "max-flow", example, "--method", "petals"],
        ["plan", "--objective", "max-flow", example, "--method", "petals", "--json", "-"],
        ["render", "PLAN", "--svg", "-"],
        ["catalog"],
        ["catalog", "--json"],
        ["convert", example, "--output", "-"],
        ["export", "PLAN", "--format", "petals"],
        ["schedule", "PLAN", "--requests", "100"],
        ["evaluate", example, "--placement", "PLAN"],
        ["--help"],
    ]

    @Test(arguments: standardOutputs)
    func aFullStandardOutputExits74WithAMessageInsteadOfLosingTheReportOrTrapping(_ template: [String]) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.plan(in: directory)
        let arguments = template.map { $0 == "PLAN" ? plan : $0 }
        let result = try Self.runToFullStandardOutput(arguments)
        #expect(result.status == 74, "\(arguments.joined(separator: " ")): \(result.stderr)")
        #expect(result.stderr.contains("cannot write standard output: no space left on device"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
    }

    // MARK: Atomic replacement

    @Test func importHelixWithAnInvalidSolutionExits65AndWritesNoFile() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.plan(in: directory)
        let ini = directory.appendingPathComponent("ini")
        let export = try CLIRunner.run(["export", plan, "--format", "helix-ini", "--output", ini.path])
        #expect(export.status == 0, "\(export.stderr)")
        let solution = directory.appendingPathComponent("bad_sol.ini")
        try Data("[Settings]\noffset=2\n\n[Solution]\ncompute_node_2=[500, 501]\n".utf8).write(to: solution)
        let existing = directory.appendingPathComponent("existing.json")
        try Data("previous contents\n".utf8).write(to: existing)
        let fresh = directory.appendingPathComponent("fresh.json")
        let before = try Self.names(in: directory)
        for output in [existing, fresh] {
            let result = try CLIRunner.run([
                "import-helix", ini.appendingPathComponent("cluster.ini").path,
                "--profiles", ini.appendingPathComponent("machine_profiles.ini").path,
                "--solution", solution.path, "--tables", Self.example, "--output", output.path,
                "--plan", directory.appendingPathComponent("imported-plan.json").path,
            ])
            #expect(result.status == 65, "\(result.stderr)")
            #expect(result.stderr.contains("[500, 502)"), "\(result.stderr)")
            #expect(result.stdout.isEmpty, "nothing reported as written: \(result.stdout)")
        }
        #expect(try Self.names(in: directory) == before, "no --output, no --plan")
        #expect(try String(contentsOf: existing, encoding: .utf8) == "previous contents\n")
    }

    @Test func aReplacedFileKeepsItsPermissionsAndALinkStaysALink() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.plan(in: directory)
        let real = directory.appendingPathComponent("real.svg").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: real))
        chmod(real, 0o640)
        let link = directory.appendingPathComponent("link.svg").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.svg")
        let result = try CLIRunner.run(["render", plan, "--svg", link])
        #expect(result.status == 0, "\(result.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: real)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.svg")
        #expect(try String(contentsOfFile: real, encoding: .utf8).hasPrefix("<svg"))
        #expect(Self.leftovers(in: directory.path).isEmpty)
    }

    @Test func aDeviceIsWrittenInPlace() throws {
        let result = try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--method", "petals", "--json", "/dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Throughput:"))
        #expect(FileManager.default.fileExists(atPath: "/dev/null"))
        let attributes = try FileManager.default.attributesOfItem(atPath: "/dev/null")
        #expect(attributes[.type] as? FileAttributeType == .typeCharacterSpecial)
    }

    /// A process killed (SIGKILL: nothing can be cleaned up) at any moment of a run that ends in a
    /// large write leaves OUT either as it was or complete, never torn.
    @Test func aRunKilledAtAnyMomentLeavesTheOldFileOrTheNewOneWhole() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("out.json")
        let old = Data("{\"previous\": true}\n".utf8)
        let arguments = ["plan"] + Self.bigCluster + ["--method", "petals", "--json", out.path]
        // How long a whole run takes here, to kill others at fractions of it.
        let whole = try Running(arguments, in: directory)
        #expect(whole.wait(atMost: 120))
        #expect(whole.status == 0, "\(whole.stderr)")
        let seconds = Date().timeIntervalSince(whole.started)
        let complete = try Data(contentsOf: out)
        #expect(complete.count > 1_000_000, "a large write: \(complete.count) bytes")
        var outcomes: [String] = []
        for fraction in [0.3, 0.6, 0.8, 0.9, 0.95, 0.98] {
            try old.write(to: out)
            let running = try Running(arguments, in: directory)
            Thread.sleep(forTimeInterval: seconds * fraction)
            running.signal(SIGKILL)
            running.wait(atMost: 10)
            let now = try Data(contentsOf: out)
            #expect(now == old || now == complete, "killed at \(fraction): \(now.count) bytes")
            outcomes.append(now == old ? "old" : now == complete ? "new" : "torn")
        }
        // A killed process cannot remove its temporary file; any left is beside OUT, hidden.
        for name in try Self.names(in: directory) where name.contains(".tmp-") {
            #expect(name.hasPrefix(".out.json.tmp-"))
        }
        #expect(!outcomes.contains("torn"), "\(outcomes)")
    }

    // MARK: Signals

    @Test(arguments: [(SIGINT, Int32(130), "SIGINT"), (SIGTERM, Int32(143), "SIGTERM")])
    func aSignalStopsPlanWithTheBestPlanSoFarMarkedCancelled(_ signal: Int32, _ code: Int32, _ name: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("out.json")
        let running = try Running(["plan", "--objective", "max-flow"] + Self.bigCluster + ["--time-limit", "60", "--json", out.path], in: directory)
        Thread.sleep(forTimeInterval: 2)
        #expect(running.process.isRunning, "still searching after 2 s")
        let sent = Date()
        running.signal(signal)
        let inTime = running.wait(atMost: 1)
        let seconds = Date().timeIntervalSince(sent)
        #expect(inTime, "exits within 1 s of \(name) (took \(seconds) s)")
        #expect(running.exitedNormally && running.status == code, "exit \(running.status): \(running.stderr)")
        #expect(running.stderr.contains("interrupted (\(name))"), "\(running.stderr)")
        #expect(running.stdout.contains("Status: cancelled"), "the report of the best plan so far")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        #expect(document["status"] as? String == "cancelled")
        #expect(document["placement"] is [String: Any])
        #expect(Self.leftovers(in: directory.path).isEmpty)
        print("\(name) → exit \(running.status) in \(String(format: "%.3f", seconds)) s")
    }

    @Test func aSecondSignalQuitsAtOnceLeavingTheOldFileOrAWholeNewOne() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("out.json")
        let old = Data("{\"previous\": true}\n".utf8)
        try old.write(to: out)
        let running = try Running(["plan", "--objective", "max-flow"] + Self.bigCluster + ["--time-limit", "60", "--json", out.path], in: directory)
        Thread.sleep(forTimeInterval: 2)
        running.signal(SIGINT)
        Thread.sleep(forTimeInterval: 0.002)
        running.signal(SIGINT)
        #expect(running.wait(atMost: 1))
        #expect(running.exitedNormally && running.status == 130, "exit \(running.status): \(running.stderr)")
        let now = try Data(contentsOf: out)
        if now != old {
            let document = try JSONSerialization.jsonObject(with: now) as? [String: Any]
            #expect(document?["status"] as? String == "cancelled", "a whole new file")
        }
        #expect(Self.leftovers(in: directory.path).isEmpty, "the second signal removed the temporary file")
    }

    @Test func aSignalKillsNoExistingFileBeforeTheRunHasAResult() throws {
        // Killed (SIGKILL) mid-search: OUT is not opened before the plan is complete.
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("out.json")
        let old = Data("{\"previous\": true}\n".utf8)
        try old.write(to: out)
        let running = try Running(["plan", "--objective", "max-flow"] + Self.bigCluster + ["--time-limit", "60", "--json", out.path], in: directory)
        Thread.sleep(forTimeInterval: 1.5)
        running.signal(SIGKILL)
        running.wait(atMost: 5)
        #expect(try Data(contentsOf: out) == old)
        #expect(try Self.names(in: directory) == ["out.json", "stderr.txt", "stdout.txt"])
    }

    @Test func sigintStopsTheDepthSweepWithTheLimitsPlannedSoFar() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let out = directory.appendingPathComponent("sweep.json")
        let running = try Running(
            ["plan"] + Self.bigCluster + ["--depth-sweep", "40...60", "--time-limit", "30", "--json", out.path], in: directory)
        Thread.sleep(forTimeInterval: 2)
        running.signal(SIGINT)
        #expect(running.wait(atMost: 2))
        #expect(running.status == 130, "\(running.stderr)")
        #expect(running.stdout.contains("the limits after it were not planned"), "\(running.stdout)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let rows = try #require(document["rows"] as? [[String: Any]])
        #expect(!rows.isEmpty && rows.count < 21)
        #expect((rows.last?["plan"] as? [String: Any])?["status"] as? String == "cancelled")
    }

    @Test func sigintStopsSimulateAndWritesNothing() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try SimulateCommandTests.tinyPlan(in: directory)
        let json = directory.appendingPathComponent("report.json").path
        let svg = directory.appendingPathComponent("report.svg").path
        let running = try Running(
            ["simulate", plan, "--workload", "offline", "--duration", "1000000", "--json", json, "--svg", svg], in: directory)
        Thread.sleep(forTimeInterval: 2)
        #expect(running.process.isRunning)
        running.signal(SIGINT)
        #expect(running.wait(atMost: 2))
        #expect(running.status == 130, "\(running.stderr)")
        #expect(running.stderr.contains("interrupted (SIGINT)") && running.stderr.contains("no output file was written"), "\(running.stderr)")
        #expect(!FileManager.default.fileExists(atPath: json) && !FileManager.default.fileExists(atPath: svg))
        #expect(Self.leftovers(in: directory.path).isEmpty)
    }

    @Test func sigtermStopsCompareWithTheRowsSoFar() throws {
        let directory = try CLIRunner.temporaryDirectory()
        // The big cluster as a file (compare takes a cluster file): from a plan's clusterDefinition.
        let plan = directory.appendingPathComponent("plan.json")
        let made = try CLIRunner.run(["plan"] + Self.bigCluster + ["--method", "petals", "--json", plan.path])
        #expect(made.status == 0, "\(made.stderr)")
        let cluster = directory.appendingPathComponent("cluster.json")
        try NativeClusterFormat.encode(try PlanDocument.load(path: plan.path).clusterDefinition).write(to: cluster)
        let out = directory.appendingPathComponent("compare.json")
        // Interrupted before the evaluations are through (in a debug build they take seconds on
        // 144 nodes): a row per baseline when complete.
        let running = try Running(["compare", cluster.path, "--json", out.path], in: directory)
        Thread.sleep(forTimeInterval: 1)
        running.signal(SIGTERM)
        #expect(running.wait(atMost: 30))
        #expect(running.status == 143, "\(running.stderr)")
        if FileManager.default.fileExists(atPath: out.path) {
            let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
            #expect(document["status"] as? String == "cancelled")
            #expect(((document["rows"] as? [Any])?.count ?? 0) < BaselineMethod.allCases.count)
        } else {
            // The signal came while the cluster was still being read: stopped at once, nothing written.
            #expect(running.stderr.contains("stopped at once"), "\(running.stderr)")
        }
    }

    // MARK: One way to write

    /// Every output of the CLI goes through AtomicFile (files) or StandardOutput/StandardError
    /// (streams): no Data.write, FileHandle, try! or bare print anywhere else.
    @Test func theCommandsHaveExactlyOneWayToWriteAFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        let forbidden = [
            #"\.write\(to:"#, #"FileHandle"#, #"try!"#, #"(^|[^.\w])print\("#, #"createFile\("#, #"fopen\("#,
            #"FileManager\.default\.createDirectory"#, #"(^|[^.\w])open\("#,
        ]
        let allowed: Set<String> = ["AtomicFile.swift", "StandardStreams.swift"]
        var checked = 0
        for case let path as String in enumerator where path.hasSuffix(".swift")
            && (path.hasPrefix("LayerFlowCLI/") || path.hasPrefix("layerflow/")) {
            checked += 1
            guard !allowed.contains(URL(fileURLWithPath: path).lastPathComponent) else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                for pattern in forbidden where code.range(of: pattern, options: .regularExpression) != nil {
                    Issue.record("\(path):\(number + 1) writes outside AtomicFile/StandardOutput (\(pattern)): \(code)")
                }
            }
        }
        #expect(checked > 20)
    }
}
