import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// `layerflow simulate`: the summary, the JSON contract, the chart, atomic outputs, and the exit
/// codes and messages for bad input.
@Suite(.serialized)
struct SimulateCommandTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = root.appendingPathComponent("Examples/helix-single24-llama70b.json").path
    static let simData = SharedData.directory.appendingPathComponent("sim-data")
    static let rsvgConvert = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first { FileManager.default.isExecutableFile(atPath: $0) }

    // MARK: Fixtures

    /// A GPU type with a serving profile (or none): prompt layers take 2 ms per 1,000 tokens,
    /// decode layers 1 ms plus 0.02 ms per sequence; KV for 20,000 tokens per layer.
    static func gpu(_ name: String, serving: Bool) -> GPUType {
        let limits = ServingProfile.BatchLimits(
            promptMaxRequests: 4, promptMaxTokens: 4096, decodeMaxSequences: 256, decodeMaxContextTokens: 256_000)
        let profile = ServingProfile(
            promptLayerTimes: [.init(batch: 0, milliseconds: 0), .init(batch: 4096, milliseconds: 8.2)],
            decodeLayerTimes: [.init(batch: 0, milliseconds: 1), .init(batch: 256, milliseconds: 6)],
            batchLimitsByLayerCount: Array(repeating: limits, count: 4), diskBytesPerSecond: 1e9)
        return GPUType(
            name: name, vramBytes: 40e9, nicInBytesPerSecond: 1e9, nicOutBytesPerSecond: 1e9, maxLayers: 4,
            throughputTokensPerSecondByLayerCount: [4000, 2000, 1300, 1000],
            kvCacheTokenLayersByLayerCount: (1...4).map { Double($0 * 20_000) }, serving: serving ? profile : nil)
    }

    /// coordinator → a[0, 2) → b[2, 4) → coordinator, 1 GB/s links, 1 GB of weights per layer.
    static func tinyCluster(serving: Bool = true) throws -> (Cluster, Placement) {
        func link(_ from: Endpoint, _ to: Endpoint) -> Link { Link(from: from, to: to, bandwidthBytesPerSecond: 1e9) }
        let cluster = try Cluster(
            name: "tiny",
            model: ModelSpec(name: "toy", layerCount: 4, parameterBytesPerLayer: 1e9, activationBytesPerToken: 8192, tokenBytes: 2),
            gpuTypes: [gpu("fast", serving: serving), gpu("slow", serving: serving)],
            nodes: [ComputeNode(id: "a", type: "fast"), ComputeNode(id: "b", type: "slow")],
            links: [link(.coordinator, .node("a")), link(.node("a"), .node("b")), link(.node("b"), .coordinator)])
        return (cluster, Placement(["a": LayerRange(0, 2), "b": LayerRange(2, 4)]))
    }

    /// The tiny plan as a plan file.
    static func tinyPlan(in directory: URL, serving: Bool = true) throws -> String {
        let (cluster, placement) = try tinyCluster(serving: serving)
        let document = PlanDocument(
            baseline: "hand-made", evaluation: try cluster.evaluate(placement, rule: .strict), cluster: cluster,
            options: PlanOptions())
        let path = directory.appendingPathComponent(serving ? "tiny-plan.json" : "tiny-plan-no-profiles.json").path
        try document.encoded().write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The tiny cluster as a native cluster file and its placement as a placement file.
    static func tinyClusterFiles(in directory: URL) throws -> (cluster: String, placement: String) {
        let (cluster, placement) = try tinyCluster()
        let clusterPath = directory.appendingPathComponent("tiny-cluster.json").path
        let placementPath = directory.appendingPathComponent("tiny-placement.json").path
        try NativeClusterFormat.encode(cluster).write(to: URL(fileURLWithPath: clusterPath))
        try PlacementFile.encode(placement).write(to: URL(fileURLWithPath: placementPath))
        return (clusterPath, placementPath)
    }

    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func json(file path: String) throws -> [String: Any] {
        try json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
    }

    static func files(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    /// Whether the bundled example's GPU types carry serving profiles already.
    static var exampleHasServingProfiles: Bool {
        guard let data = FileManager.default.contents(atPath: example),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let types = object["gpuTypes"] as? [[String: Any]] else { return false }
        return !types.isEmpty && types.allSatisfy { $0["serving"] != nil }
    }

    static var canRunExample: Bool {
        exampleHasServingProfiles || FileManager.default.fileExists(atPath: simData.appendingPathComponent("llama2_70b_layer_time_profiles.csv").path)
    }

    // MARK: Runs

    @Test func offlineRunPrintsTheSummaryAndWritesTheReportAndTheChart() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory)
        let json = directory.appendingPathComponent("report.json").path
        let svg = directory.appendingPathComponent("report.svg").path
        let result = try CLIRunner.run([
            "simulate", plan, "--workload", "offline", "--warmup", "5", "--duration", "30", "--seed", "4",
            "--json", json, "--svg", svg,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "no progress bar when standard error is not a terminal: \(result.stderr)")
        for text in ["max flow", "load time", "window", "realized", "total time usage", "decode", "prompt", "p95", "p99",
                     "Queries: issued", "rejected", "in flight", "KV overflow events", "events/s", "busy", "KV peak", "KV capacity"] {
            #expect(result.stdout.contains(text), "the summary lacks '\(text)'")
        }
        #expect(result.stdout.contains("default log-normal pool, seed 4"))
        #expect(result.stdout.contains("Wrote \(json)") && result.stdout.contains("Wrote \(svg)"))

        let object = try Self.json(file: json)
        #expect(object["format"] as? String == "layerflow-simulation/1")
        for key in ["realizedTokensPerSecond", "totalTimeUsageTokensPerSecond", "totalTimeUsageSeconds", "decodeTokensPerSecond",
                    "maxFlowTokensPerSecond", "loadSeconds", "windowStartSeconds", "windowEndSeconds", "completedRequests",
                    "rejectedRequests", "issuedRequests", "inFlightRequests", "kvOverflowEvents", "simulatedSeconds",
                    "wallSeconds", "events", "nodes", "timeSeries", "inputs", "workload", "routing", "execution"] {
            #expect(object[key] != nil, "the JSON lacks \(key)")
        }
        for key in ["promptLatencySeconds", "decodeLatencySeconds"] {
            let summary = try #require(object[key] as? [String: Any], "\(key)")
            for field in ["mean", "p50", "p95", "p99"] { #expect(summary[field] is Double, "\(key).\(field)") }
            #expect((summary["percentiles"] as? [Double])?.count == 101, "\(key): 101 percentiles")
        }
        #expect((object["realizedTokensPerSecond"] as? Double ?? 0) > 0)
        #expect((object["decodeTokensPerSecond"] as? Double ?? 0) > 0)
        #expect(object["windowStartSeconds"] as? Double == (object["loadSeconds"] as? Double ?? 0) + 5)
        #expect(((object["timeSeries"] as? [Any])?.count ?? 0) > 0)
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["id"] as? String } == ["a", "b"])
        let inputs = try #require(object["inputs"] as? [String: Any])
        #expect(inputs["planKind"] as? String == "plan")
        let workload = try #require(inputs["workload"] as? [String: Any])
        #expect(workload["kind"] as? String == "offline")
        #expect((workload["lengths"] as? [String: Any])?["source"] as? String == "default-pool")

        let chart = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(chart.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(chart.hasSuffix("</svg>\n"))
        for text in ["Throughput over time", "Queries in flight", "Latency distribution", "Node load", "measurement window", "tiny"] {
            #expect(chart.contains(text), "the chart lacks '\(text)'")
        }
        #expect(try Self.files(in: directory) == ["report.json", "report.svg", "tiny-plan.json"], "no temporary file is left")
    }

    @Test(.enabled(if: rsvgConvert != nil, "rsvg-convert is not installed"))
    func theChartRendersWithRsvgConvert() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory)
        let svg = directory.appendingPathComponent("chart.svg").path
        let result = try CLIRunner.run(["simulate", plan, "--workload", "online", "--rate", "300", "--duration", "20", "--svg", svg])
        #expect(result.status == 0, "\(result.stderr)")
        let png = directory.appendingPathComponent("chart.png").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.rsvgConvert))
        process.arguments = [svg, "-o", png]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message)")
        #expect(message.isEmpty, "rsvg-convert warned: \(message)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: png)[.size] as? Int)
        #expect(size > 10_000)
    }

    @Test func theSameRunGivesTheSameReportAndTheSameChart() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory)
        var reports: [[String: Any]] = []
        var charts: [Data] = []
        for run in 0..<2 {
            let json = directory.appendingPathComponent("r\(run).json").path
            let svg = directory.appendingPathComponent("r\(run).svg").path
            let result = try CLIRunner.run([
                "simulate", plan, "--workload", "online", "--rate", "400", "--arrivals", "poisson", "--duration", "15",
                "--seed", "9", "--json", json, "--svg", svg,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            var object = try Self.json(file: json)
            object["wallSeconds"] = nil
            reports.append(object)
            charts.append(try Data(contentsOf: URL(fileURLWithPath: svg)))
        }
        #expect(NSDictionary(dictionary: reports[0]).isEqual(to: reports[1]), "everything but the wall time is reproducible")
        #expect(charts[0] == charts[1], "the chart is deterministic")
    }

    @Test func aClusterFileTakesAPlacementAndJSONAloneGoesToStandardOutput() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let (cluster, placement) = try Self.tinyClusterFiles(in: directory)
        let result = try CLIRunner.run([
            "simulate", cluster, "--placement", placement, "--workload", "offline", "--warmup", "0", "--duration", "10", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try Self.json(result.stdout)
        #expect(object["format"] as? String == "layerflow-simulation/1")
        let inputs = try #require(object["inputs"] as? [String: Any])
        #expect(inputs["planKind"] as? String == "cluster")
        #expect(inputs["placement"] as? String == placement)
    }

    @Test func anOnlineTraceIsShiftedSoThatTraceStartIsServingStart() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory)
        let rows = (0..<30).map { "\(20 + Double($0) * 0.25),\(100 + $0),\(5 + $0 % 7)" }
        let trace = try Self.write("arrival_time_s,input_tokens,output_tokens\n" + rows.joined(separator: "\n") + "\n", "trace.csv", in: directory)
        let result = try CLIRunner.run([
            "simulate", plan, "--workload", "online", "--trace", trace, "--trace-start", "20", "--duration", "12", "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try Self.json(result.stdout)
        #expect(object["issuedRequests"] as? Int == 30)
        #expect(object["completedRequests"] as? Int == 30, "an online run serves every query to its end")
        let workload = try #require((object["inputs"] as? [String: Any])?["workload"] as? [String: Any])
        #expect(workload["queries"] as? Int == 30)
        #expect((workload["arrivals"] as? [String: Any])?["traceStartSeconds"] as? Double == 20)
        // Every arrival falls in the first 7.25 s after serving start, so prompts finish in the window.
        #expect(((object["promptLatencySeconds"] as? [String: Any])?["count"] as? Int) == 30)

        let late = try CLIRunner.run(["simulate", plan, "--workload", "online", "--trace", trace, "--trace-start", "21"])
        #expect(late.status == 64)
        #expect(late.stderr.contains("--trace-start"))
        #expect(late.stderr.contains("4 arrivals would come before serving starts"), "\(late.stderr)")
    }

    @Test func generatedArrivalsArePoissonOrAzure() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory)
        let counts = try Self.write(
            "interval_index,interval_start_s,requests_in_interval\n0,0,1\n1,3,4\n2,6,0\n3,9,7\n", "counts.csv", in: directory)
        let pool = try Self.write("input_tokens,output_tokens\n200,20\n400,40\n", "pool.csv", in: directory)
        let azure = try CLIRunner.run([
            "simulate", plan, "--workload", "online", "--rate", "500", "--arrivals", "azure", "--arrival-counts", counts,
            "--lengths", pool, "--duration", "600", "--seed", "2", "--json",
        ])
        #expect(azure.status == 0, "\(azure.stderr)")
        let workload = try #require((try Self.json(azure.stdout)["inputs"] as? [String: Any])?["workload"] as? [String: Any])
        let arrivals = try #require(workload["arrivals"] as? [String: Any])
        #expect(arrivals["source"] as? String == "azure")
        #expect(arrivals["file"] as? String == counts)
        #expect((workload["lengths"] as? [String: Any])?["source"] as? String == "pool")
        let offered = try #require(workload["offeredTokensPerSecond"] as? Double)
        #expect(abs(offered - 500) < 100, "about the 500 tokens/s asked for: \(offered)")
    }

    @Test(.enabled(if: canRunExample, "the bundled example has no serving profiles and ../shared/sim-data is absent"))
    func aShortOfflineRunOnTheBundledExample() throws {
        let directory = try CLIRunner.temporaryDirectory()
        // The optimal stage-aligned plan: one 24-node pipeline, A100s 8 layers, L4s 3, T4s 2.
        let object = try Self.json(file: Self.example)
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        var ranges: [String: [Int]] = [:]
        var next = 0
        for node in nodes {
            let id = try #require(node["id"] as? String)
            let width = ["A100": 8, "L4": 3, "T4": 2][try #require(node["type"] as? String)] ?? 0
            ranges[id] = [next, next + width]
            next += width
        }
        #expect(next == 80)
        let placement = directory.appendingPathComponent("stage24.json").path
        try JSONSerialization.data(withJSONObject: ranges).write(to: URL(fileURLWithPath: placement))
        var arguments = ["simulate", Self.example, "--placement", placement, "--workload", "offline", "--warmup", "5", "--duration", "30", "--json"]
        if !Self.exampleHasServingProfiles { arguments += ["--sim-data", Self.simData.path] }
        let sequence = Self.simData.appendingPathComponent("example_offline_length_sequence_seed0.csv").path
        if FileManager.default.fileExists(atPath: sequence) { arguments += ["--lengths", sequence] }
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.json(result.stdout)
        #expect(abs((report["maxFlowTokensPerSecond"] as? Double ?? 0) - 2045.64) < 0.01)
        #expect(report["loadSeconds"] as? Double == 14, "ceil(8 × 1.53) + 1 s")
        #expect((report["realizedTokensPerSecond"] as? Double ?? 0) > 0)
        #expect((report["nodes"] as? [Any])?.count == 24)
        #expect(report["kvOverflowEvents"] as? Int == 0)
    }

    /// Helix's instance file has no serving profiles: refused, naming the remedy; with --sim-data
    /// the HelixSimData importer attaches Helix's, and the run is Helix's offline experiment
    /// (shortened: the first 20 s of serving).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: simData.appendingPathComponent("llama2_70b_gpu_layer_settings.csv").path)
                   && SharedData.isAvailable, "../shared (instances and sim-data) is absent"))
    func aHelixInstanceRunsWithSimDataAndIsRefusedWithout() throws {
        let instance = SharedData.instancesDirectory.appendingPathComponent("helix-single24-llama70b.json").path
        let placement = Self.root.appendingPathComponent("Examples/helix-single24-llama70b-helix-milp-placement.json").path
        let arguments = ["simulate", instance, "--placement", placement, "--workload", "offline", "--warmup", "0", "--duration", "20"]
        let without = try CLIRunner.run(arguments)
        #expect(without.status == 65)
        #expect(without.stderr.contains("has no serving profile") && without.stderr.contains("--sim-data"), "\(without.stderr)")
        let with = try CLIRunner.run(arguments + ["--sim-data", Self.simData.path, "--json"])
        #expect(with.status == 0, "\(with.stderr)")
        let report = try Self.json(with.stdout)
        #expect(abs((report["maxFlowTokensPerSecond"] as? Double ?? 0) - 1289.56) < 0.01)
        #expect(report["loadSeconds"] as? Double == 20, "Helix's MILP plan loads in 20 s")
        #expect((report["inputs"] as? [String: Any])?["simData"] as? String == Self.simData.path)

        let notAFolder = try CLIRunner.run(arguments + ["--sim-data", placement])
        #expect(notAFolder.status == 66)
        #expect(notAFolder.stderr.contains("--sim-data"))
    }

    // MARK: Bad input

    @Test func aMalformedTraceExits65NamingTheFileAndTheLineAndLeavesNoOutput() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory)
        let trace = try Self.write("arrival_time_s,input_tokens,output_tokens\n0.5,100,10\n1.0,12x,5\n", "bad-trace.csv", in: directory)
        let json = directory.appendingPathComponent("out.json").path
        let svg = directory.appendingPathComponent("out.svg").path
        let result = try CLIRunner.run(["simulate", plan, "--workload", "online", "--trace", trace, "--json", json, "--svg", svg])
        #expect(result.status == 65)
        #expect(result.stderr.contains("bad-trace.csv"))
        #expect(result.stderr.contains("line 3"))
        #expect(result.stderr.contains("'12x'"))
        #expect(result.stdout.isEmpty)
        #expect(try Self.files(in: directory) == ["bad-trace.csv", "tiny-plan.json"], "no output (or temporary) file is left")
    }

    @Test func zeroAndNegativeLengthsExit65NamingTheLine() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory)
        let zero = try Self.write("input_tokens,output_tokens\n100,0\n", "zero.csv", in: directory)
        let negative = try Self.write("input_tokens,output_tokens\n100,10\n200,20\n-5,10\n", "negative.csv", in: directory)
        for (file, line, value) in [(zero, 2, "'0'"), (negative, 4, "'-5'")] {
            for workload in [["offline", "--lengths", file], ["offline", "--lengths-pool", file], ["online", "--rate", "100", "--lengths", file]] {
                let result = try CLIRunner.run(["simulate", plan, "--workload"] + workload)
                #expect(result.status == 65, "\(workload): \(result.stderr)")
                #expect(result.stderr.contains(file) && result.stderr.contains("line \(line)") && result.stderr.contains(value),
                        "\(workload): \(result.stderr)")
            }
        }
    }

    @Test func outOfRangeNumbersAreUsageErrorsNamingTheOption() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory)
        let cases: [([String], String)] = [
            (["--workload", "offline", "--duration", "0"], "--duration"),
            (["--workload", "online", "--rate", "100", "--duration", "-5"], "--duration"),
            (["--workload", "offline", "--duration", "nan"], "--duration"),
            (["--workload", "offline", "--warmup", "-1"], "--warmup"),
            (["--workload", "online", "--rate", "0"], "--rate"),
            (["--workload", "online", "--trace", "t.csv", "--trace-start", "-2"], "--trace-start"),
            (["--workload", "sometimes"], "--workload"),
            (["--workload", "offline", "--routing", "random"], "--routing"),
        ]
        for (arguments, option) in cases {
            let result = try CLIRunner.run(["simulate", plan] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(option), "\(arguments): \(result.stderr)")
        }
    }

    @Test func contradictoryOptionsAreRefusedUpFront() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory)
        let (cluster, _) = try Self.tinyClusterFiles(in: directory)
        // None of these files exists: the options are refused before anything is read.
        let cases: [([String], String)] = [
            ([plan, "--workload", "online", "--trace", "t.csv", "--rate", "100"], "--trace and --rate exclude each other"),
            ([plan, "--workload", "online", "--trace", "t.csv", "--lengths", "l.csv"], "--trace and --lengths exclude each other"),
            ([plan, "--workload", "online", "--trace", "t.csv", "--arrivals", "poisson"], "--trace and --arrivals exclude each other"),
            ([plan, "--workload", "offline", "--trace", "t.csv"], "--trace applies to --workload online only"),
            ([plan, "--workload", "offline", "--rate", "100"], "--rate applies to --workload online only"),
            ([plan, "--workload", "online"], "needs arrivals"),
            ([plan, "--workload", "online", "--rate", "100", "--arrivals", "azure"], "--arrivals azure needs --arrival-counts"),
            ([plan, "--workload", "online", "--rate", "100", "--arrival-counts", "c.csv"], "--arrival-counts applies to --arrivals azure only"),
            ([plan, "--workload", "online", "--rate", "100", "--trace-start", "3"], "--trace-start needs --trace"),
            ([plan, "--workload", "offline", "--lengths", "a.csv", "--lengths-pool", "b.csv"], "--lengths and --lengths-pool exclude each other"),
            ([plan, "--workload", "offline", "--json", "--svg", "-"], "cannot both write to standard output"),
            ([plan, "--workload", "offline", "--json", "x.json", "--svg", "./x.json"], "name the same file"),
            ([cluster, "--workload", "offline"], "--placement"),
        ]
        for (arguments, message) in cases {
            let result = try CLIRunner.run(["simulate"] + arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
    }

    @Test func aPlanWhoseGPUTypesHaveNoProfileExits65NamingTheTypeAndTheRemedy() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory, serving: false)
        let json = directory.appendingPathComponent("out.json").path
        let result = try CLIRunner.run(["simulate", plan, "--workload", "offline", "--json", json])
        #expect(result.status == 65)
        #expect(result.stderr.contains("GPU type 'fast' has no serving profile"), "\(result.stderr)")
        #expect(result.stderr.contains("--sim-data"))
        #expect(!FileManager.default.fileExists(atPath: json))
    }

    @Test func unreadableInputsExit66NamingThePath() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory)
        let cases: [[String]] = [
            ["/nonexistent/plan.json", "--workload", "offline"],
            [plan, "--workload", "offline", "--lengths", "/nonexistent/lengths.csv"],
            [plan, "--workload", "online", "--trace", "/nonexistent/trace.csv"],
            [plan, "--workload", "online", "--rate", "100", "--arrivals", "azure", "--arrival-counts", "/nonexistent/counts.csv"],
            [plan, "--workload", "offline", "--placement", "/nonexistent/placement.json"],
            [plan, "--workload", "offline", "--sim-data", "/nonexistent/sim-data"],
        ]
        for arguments in cases {
            let result = try CLIRunner.run(["simulate"] + arguments)
            let path = try #require(arguments.first { $0.hasPrefix("/nonexistent") })
            #expect(result.status == 66, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(path), "\(arguments): \(result.stderr)")
        }
    }

    @Test func aMalformedPlanExits65NamingTheFile() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let broken = try Self.write("{\"format\": \"layerflow-cluster/1\", \"name\": 3}", "broken.json", in: directory)
        let result = try CLIRunner.run(["simulate", broken, "--workload", "offline", "--placement", broken])
        #expect(result.status == 65)
        #expect(result.stderr.contains("broken.json"), "\(result.stderr)")
    }

    @Test func anOutputThatCannotBeCreatedExits73BeforeTheRun() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.tinyPlan(in: directory)
        let result = try CLIRunner.run(["simulate", plan, "--workload", "offline", "--svg", "/nonexistent/dir/chart.svg"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("/nonexistent/dir/chart.svg"))
        #expect(result.stdout.isEmpty, "refused before the run: no summary")
    }
}
