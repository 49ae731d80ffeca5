import Foundation
import Synchronization
import LayerFlow
import LayerFlowGLPK
import LayerFlowSimulator
import LayerFlowTestSupport
import Testing

/// Every Swift example of the README and the guides, as written there, compiled and run in a
/// scratch copy of the project layout (`Examples/` and, where present, `../shared` beside it), so
/// that an example that stops compiling, throws or prints a different story fails here. The last
/// test checks that each example in the documents appears verbatim in this file (declaration
/// listings, whose first line starts with `public`, are summaries, not programs).
@Suite(.serialized)
struct DocumentationSnippetTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var simDataBeside: Bool {
        FileManager.default.fileExists(
            atPath: SharedData.directory.appendingPathComponent("sim-data/example_offline_length_sequence_seed0.csv").path)
    }

    /// Runs `body` with the working directory in a fresh `project/` whose `Examples` is the
    /// package's, with `../shared` beside it: relative paths resolve as in a checkout, and what
    /// an example writes lands in the scratch directory.
    static func inProjectLayout<T>(_ body: () async throws -> T) async throws -> T {
        let manager = FileManager.default
        let scratch = manager.temporaryDirectory.appendingPathComponent("layerflow-snippets-\(UUID().uuidString)")
        let project = scratch.appendingPathComponent("project")
        try manager.createDirectory(at: project, withIntermediateDirectories: true)
        try manager.createSymbolicLink(at: project.appendingPathComponent("Examples"),
                                       withDestinationURL: packageRoot.appendingPathComponent("Examples"))
        if SharedData.isAvailable || simDataBeside {
            try manager.createSymbolicLink(at: scratch.appendingPathComponent("shared"), withDestinationURL: SharedData.directory)
        }
        let previous = manager.currentDirectoryPath
        #expect(manager.changeCurrentDirectoryPath(project.path))
        defer {
            _ = manager.changeCurrentDirectoryPath(previous)
            try? manager.removeItem(at: scratch)
        }
        return try await body()
    }

    // MARK: README.md

    @Test(.enabled(if: simDataBeside, "../shared/sim-data is not beside the package"))
    func readmeSimulation() async throws {
        let report = try await Self.inProjectLayout {
            let cluster = try NativeClusterFormat.decode(Data(contentsOf: URL(fileURLWithPath: "Examples/helix-single24-llama70b.json")))
            let placement = try JSONDecoder().decode(
                Placement.self, from: Data(contentsOf: URL(fileURLWithPath: "Examples/helix-single24-llama70b-helix-milp-placement.json")))
            let shapes = try WorkloadCSV.loadLengths(path: "../shared/sim-data/example_offline_length_sequence_seed0.csv")
            let simulator = try Simulator(
                plan: SimulationPlan(cluster: cluster, placement: placement),
                workload: .offline(OfflineWorkload(lengths: .sequence(shapes))))
            let report = try await simulator.run()   // honours task cancellation
            print(report.realizedTokensPerSecond, report.decodeLatencySeconds.p95)
            return report
        }
        // The README's story: max flow 1,289.56, but 970 realized (Helix's simulator: 970.0).
        #expect(abs(report.realizedTokensPerSecond - 970) / 970 < 0.03)
    }

    @Test func readmeLibrary() async throws {
        let (evaluation, plan, snapshot, loaded) = try await Self.inProjectLayout {
            let cluster = try ClusterFile.load(path: "Examples/helix-single24-llama70b.json").cluster

            // Evaluate a placement (here Helix's MILP plan): max flow, utilisation, bottleneck.
            let helixPlacement = try JSONDecoder().decode(
                Placement.self, from: Data(contentsOf: URL(fileURLWithPath: "Examples/helix-single24-llama70b-helix-milp-placement.json")))
            let evaluation = try cluster.evaluate(helixPlacement)
            print(evaluation.throughputTokensPerSecond, evaluation.bottleneck.summary)   // 1289.56 …

            // Plan: best placement, proven bound, gap, depth, provenance.
            let plan = try await Planner(solver: GLPKSolver()).plan(cluster, options: PlanOptions(timeLimitSeconds: 60))
            print(plan.status, plan.throughputTokensPerSecond, plan.upperBoundTokensPerSecond, plan.depth.stages)
            try PlanDocument(plan, cluster: cluster).save(to: "plan.json")   // what `layerflow plan --json` writes

            // Serve it: a route per request; a completion returns the queued requests it made room for.
            let scheduler = try Scheduler(plan: plan, cluster: cluster)
            if case .routed(let route) = scheduler.route(for: Request(id: 1, promptTokens: 700, expectedOutputTokens: 200)) {
                print(route.description(in: cluster))
            }
            for admission in try scheduler.complete(1) {
                print("admitted", admission.request.id, admission.route.description(in: cluster))
            }
            return (evaluation, plan, scheduler.snapshot(), try PlanDocument.load(path: "plan.json"))
        }
        #expect(abs(evaluation.throughputTokensPerSecond - 1_289.56) < 0.01)
        #expect(plan.status == .optimal)
        #expect(abs(plan.throughputTokensPerSecond - 2_045.64) < 0.01)
        #expect(loaded.placement == plan.placement)
        #expect(snapshot.inFlight == 0 && snapshot.reservedTokens.allSatisfy { $0 == 0 }, "request 1 completed: nothing reserved")
    }

    // MARK: docs/Guides/GLPK.md

    @Test func glpkKnapsackAndLPExport() throws {
        var model = MILPModel(name: "knapsack", sense: .maximize)
        let a = model.addVariable("a", kind: .binary, objective: 10)
        let b = model.addVariable("b", kind: .binary, objective: 13)
        model.addConstraint("capacity", [.init(a, 4), .init(b, 6)], atMost: 10)
        let solution = try GLPKSolver().solve(model, options: MILPSolveOptions(timeLimitSeconds: 5))
        #expect(solution.objective == 23)

        let lpFile = FileManager.default.temporaryDirectory.appendingPathComponent("placement.lp")
        try model.cplexLP().write(to: lpFile, atomically: true, encoding: .utf8)
        #expect(try String(contentsOf: lpFile, encoding: .utf8).hasPrefix("\\"), "CPLEX LP starts with its comment line")
    }

    // MARK: docs/Guides/HelixFormulation.md

    @Test(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason))
    func helixFormulation() async throws {
        let data = try SharedData.instanceData("helix-single24-llama70b.json")
        let someValidPlacement = try JSONDecoder().decode(Placement.self, from: Data(contentsOf:
            Self.packageRoot.appendingPathComponent("Examples/helix-single24-llama70b-helix-milp-placement.json")))
        var found: Double?
        let cluster = try HelixInstance.decode(data).cluster()             // Helix's units
        let helix = HelixFormulation(cluster: cluster)                      // Helix's exact model
        let start = try helix.values(for: someValidPlacement)               // warm start, objective = its max flow
        let solution = try GLPKSolver().solve(helix.model, options: MILPSolveOptions(
            timeLimitSeconds: 10, initialSolution: start))
        if let values = solution.values {
            let placement = helix.placement(from: values)
            let throughput = try cluster.evaluate(placement).throughputTokensPerSecond   // score by max-flow
            found = throughput
        }
        // The warm start is feasible, so GLPK returns at least it: Helix's 1,289.56 or better.
        #expect(try #require(found) >= 1_289.56 - 0.01)
    }

    // MARK: docs/Guides/MaxFlow.md

    @Test func maxFlowExample() {
        var graph = FlowGraph(nodeCount: 4)
        graph.addArc(from: 0, to: 1, capacity: 3)      // arc 0
        graph.addArc(from: 0, to: 2, capacity: 2)      // arc 1
        graph.addArc(from: 1, to: 3, capacity: 2)      // arc 2
        graph.addArc(from: 2, to: 3, capacity: 3)      // arc 3
        let result = graph.maxFlow(from: 0, to: 3)
        result.value        // 4.0
        result.arcFlows     // [2.0, 2.0, 2.0, 2.0]
        result.sourceSide   // [true, true, false, false]
        result.cutArcs      // [1, 2]: 0 → 2 and 1 → 3, 2 + 2 = 4
        result.resolution   // 2^-59: the fixed-point quantum
        #expect(result.value == 4)
        #expect(result.arcFlows == [2, 2, 2, 2])
        #expect(result.sourceSide == [true, true, false, false])
        #expect(result.cutArcs == [1, 2])
        #expect(result.resolution == 0x1p-59)
    }

    // MARK: docs/Guides/Planner.md

    @Test func plannerExample() async throws {
        let phases = Mutex(0)
        let result = try await Self.inProjectLayout {
            let cluster = try ClusterFile.load(path: "Examples/helix-single24-llama70b.json").cluster
            let result = try await Planner(solver: GLPKSolver()).plan(
                cluster, options: PlanOptions(timeLimitSeconds: 60, maxStages: 12)) { progress in
                print(progress.phase, progress.incumbentTokensPerSecond, progress.boundTokensPerSecond)
                phases.withLock { $0 += 1 }
            }
            print(result.status, result.throughputTokensPerSecond, result.upperBoundTokensPerSecond, result.depth.stages)
            return result
        }
        #expect(phases.withLock { $0 } > 0)
        #expect(result.depth.stages <= 12)
        #expect(result.status == .optimal)
        #expect(abs(result.throughputTokensPerSecond - 1_392.63) < 0.01)
    }

    // MARK: docs/Guides/Scheduling.md

    @Test func schedulingExample() async throws {
        let (route, admitted, reserved) = try await Self.inProjectLayout {
            let made = try ClusterFile.load(path: "Examples/helix-single24-llama70b.json").cluster
            let planned = try await Planner(solver: GLPKSolver()).plan(made, options: PlanOptions(timeLimitSeconds: 60))
            try PlanDocument(planned, cluster: made).save(to: "plan.json")

            var routed: Route?
            let plan = try PlanDocument.load(path: "plan.json")        // `layerflow plan CLUSTER --json plan.json`
            let cluster = plan.clusterDefinition
            let scheduler = try Scheduler(plan: plan)                   // or Scheduler(plan: planResult, cluster: cluster)

            switch scheduler.route(for: Request(id: 1, promptTokens: 700, expectedOutputTokens: 200)) {
            case .routed(let route):  print(route.description(in: cluster))  // node[layers) → … → node[…, 80)
                routed = route
            case .queued(let reason): print("waiting:", reason)
            case .rejected(let reason): print("rejected:", reason)
            }
            let reserved = scheduler.snapshot().reservedTokens
            let admitted = try scheduler.complete(1)   // releases 900 tokens per node of the route; send each admitted request
            return (try #require(routed), admitted, reserved)
        }
        #expect(route.hops.first?.layers.start == 0 && route.hops.last?.layers.end == 80)
        #expect(reserved.filter { $0 == 900 }.count == route.hops.count)
        #expect(admitted.isEmpty)
    }

    // MARK: docs/Guides/Simulator.md

    @Test(.enabled(if: simDataBeside, "../shared/sim-data is not beside the package"))
    func simulatorExample() async throws {
        let report = try await Self.inProjectLayout {
            let clusterURL = URL(fileURLWithPath: "Examples/helix-single24-llama70b.json")
            let placement = try JSONDecoder().decode(
                Placement.self, from: Data(contentsOf: URL(fileURLWithPath: "Examples/helix-single24-llama70b-helix-milp-placement.json")))
            let cluster = try NativeClusterFormat.decode(Data(contentsOf: clusterURL))  // carries serving profiles
            let plan = SimulationPlan(cluster: cluster, placement: placement)             // or SimulationPlan(planDocument)
            let shapes = try WorkloadCSV.loadLengths(path: "../shared/sim-data/example_offline_length_sequence_seed0.csv")
            let workload = OfflineWorkload(lengths: .sequence(shapes), warmupSeconds: 30, windowSeconds: 120)  // Helix: 60 s, 600 s
            let simulator = try Simulator(plan: plan, workload: .offline(workload))
            let report = try await simulator.run { progress in print(progress.simulatedSeconds) }
            print(report.realizedTokensPerSecond, report.decodeLatencySeconds.p95)
            return report
        }
        #expect(report.decodeLatencySeconds.p95 > 0)
    }

    // MARK: The documents hold no other example

    /// Swift examples of the README, the DocC getting-started article and the guides, import lines
    /// dropped, each line trimmed.
    static func documentedExamples() throws -> [(file: String, text: String)] {
        let guides = packageRoot.appendingPathComponent("docs/Guides")
        let files = [packageRoot.appendingPathComponent("README.md"),
                     packageRoot.appendingPathComponent("Sources/LayerFlow/LayerFlow.docc/GettingStarted.md")]
            + (try FileManager.default.contentsOfDirectory(at: guides, includingPropertiesForKeys: nil))
                .filter { $0.pathExtension == "md" }.sorted { $0.path < $1.path }
        var examples: [(String, String)] = []
        for file in files {
            var current: [String]?
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if current == nil {
                    if trimmed == "```swift" { current = [] }
                } else if trimmed.hasPrefix("```") {
                    let lines = current!.filter { !$0.isEmpty && !$0.hasPrefix("import ") }
                    if let first = lines.first(where: { !$0.hasPrefix("//") }), !first.hasPrefix("public ") {
                        examples.append((file.lastPathComponent, lines.joined(separator: "\n")))
                    }
                    current = nil
                } else {
                    current!.append(trimmed)
                }
            }
        }
        return examples
    }

    @Test func everyDocumentedExampleIsRunHere() throws {
        let examples = try Self.documentedExamples()
        #expect(examples.count >= 9, "found \(examples.map(\.file))")
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "\n")
        for example in examples {
            // The run copies may interleave assertions and captures between the lines; the
            // example's lines must appear in order, each exactly.
            var searchFrom = source.startIndex
            var missing: String?
            for line in example.text.split(separator: "\n") {
                guard let found = source.range(of: "\n" + line + "\n", range: searchFrom..<source.endIndex) else {
                    missing = String(line); break
                }
                searchFrom = found.upperBound.samePosition(in: source) ?? found.upperBound
                searchFrom = source.index(before: searchFrom)
            }
            #expect(missing == nil, "\(example.file): this example line is not run by DocumentationSnippetTests: \(missing ?? "")")
        }
    }
}
