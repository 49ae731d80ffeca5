import ArgumentParser
import Foundation
import LayerFlow
import LayerFlowGLPK
import LayerFlowSimulator

/// `layerflow plan CLUSTER`: choose which layers each node holds, with a proven bound.
struct PlanCommand: AsyncParsableCommand, AsyncRunnable {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Choose which layers each node holds; report the plan, a proven upper bound and the bottleneck.",
        discussion: """
            The default method, 'auto', is the anytime planner: baseline heuristics and an exact
            stage-aligned dynamic program find plans, solver-free bounds and GLPK proofs bound what any
            placement can reach, until the gap closes or the time limit passes. A baseline name
            (petals, swarm, separate, balanced) runs that heuristic alone. A live progress line is shown
            on standard error when it is a terminal.

            Ctrl-C (SIGINT) or SIGTERM stops the search: the best plan so far is printed and written
            with status 'cancelled', and the exit code is 130 (SIGINT) or 143 (SIGTERM); a second
            signal quits at once, leaving any existing --json file as it was.

            The default objective, 'realized', plans for what users get: one max-flow plan per useful stage
            limit (the unconstrained one proves the max-flow bound), each scored by LayerFlow's analytic
            serving estimate (KV-limited concurrency over the round trip, from the GPU types' serving
            profiles), and the best few (--confirm, plus the max-flow-optimal plan) simulated with the
            workload options (default: Helix's offline closed loop on the default length pool) before
            answering. --slo-tpot / --slo-ttft set p95 targets, at the online workload's load (--workload
            online with --trace or --rate, or --load) or otherwise at the highest load that meets them.
            --objective max-flow is the anytime max-flow planner alone; it is also used, with a note, when a
            GPU type has no serving profile.

            Examples:
              layerflow plan --model llama-2-70b --gpus 4xA100,8xL4,12xT4 --network 1Gbps
              layerflow plan Examples/helix-single24-llama70b.json --time-limit 60 --json plan.json
              layerflow plan Examples/helix-single24-llama70b.json --max-stages 12
              layerflow plan Examples/helix-single24-llama70b.json --depth-sweep 8...24 --time-limit 10
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case auto, petals, swarm, separate, balanced
    }

    enum Objective: String, ExpressibleByArgument, CaseIterable {
        case realized
        case maxFlow = "max-flow"
    }

    @OptionGroup var clusterOptions: ClusterOptions

    @OptionGroup(title: "Cluster from a model and a GPU list (instead of CLUSTER)")
    var quickCluster: QuickClusterOptions

    @Option(help: "auto (anytime planner) or a baseline: \(Method.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: Method = .auto

    @Option(help: "Wall-clock limit in seconds.")
    var timeLimit: Double = 60

    @Option(help: "The most nodes any request may pass through.")
    var maxStages: Int?

    @Option(help: ArgumentHelp("Plan once per stage limit in this range and print the trade-off table, e.g. 8...24.", valueName: "low...high"))
    var depthSweep: String?

    @Option(help: "MILP formulation: layer-coverage, helix or none.")
    var formulation: PlanOptions.Formulation = .layerCoverage

    @Option(help: "Stop when (bound − plan) / plan is at most this.")
    var targetGap: Double = 1e-6

    @Option(help: ArgumentHelp("realized (default: the highest simulated realized throughput) or max-flow (the proven max-flow optimum).", valueName: "objective"))
    var objective: Objective = .realized

    @Option(help: ArgumentHelp("Target p95 time per output token (decode latency), seconds.", valueName: "s"))
    var sloTpot: Double?

    @Option(help: ArgumentHelp("Target p95 time to first token (prompt latency), seconds.", valueName: "s"))
    var sloTtft: Double?

    @Option(help: ArgumentHelp("Offered load for the targets: Poisson arrivals of this many tokens/s (as --workload online --rate).", valueName: "tokens/s"))
    var load: Double?

    @Option(help: ArgumentHelp("The most candidates to simulate, best estimated first, while the time limit allows (the estimate's best and the max-flow-optimal plan always are).", valueName: "n"))
    var confirm: Int = 16

    @Option(help: ArgumentHelp("Helix sim-data folder whose profiles replace the GPU types' own (as in simulate).", valueName: "dir"))
    var simData: String?

    @Option(help: ArgumentHelp("Write the throughput/latency trade-off (SVG): every candidate, the Pareto front and the chosen plan.", valueName: "file"))
    var svg: String?

    @OptionGroup(title: "Workload the serving objective simulates (as in simulate)")
    var workloadOptions: WorkloadOptions

    /// Seeds the planner and the workload's draws.
    var seed: UInt64 { workloadOptions.seed ?? 0 }

    @Option(help: ArgumentHelp("Deterministic mode: limit each MILP solve to this many branch-and-bound nodes instead of seconds.", valueName: "nodes"))
    var deterministicNodes: Int?

    @Option(help: ArgumentHelp("Helix-style link pruning before the MILP: MIN,MAX,THRESHOLD (keep each node's fastest links).", valueName: "min,max,threshold"))
    var prune: String?

    @Flag(help: "Plan for partial inference (i→j when start_j ≤ end_i < end_j) instead of strict contiguity.")
    var partialInference = false

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await runAsync()
    }

    func runAsync() async throws {
        try await reportingFailures {
            if quickCluster.isGiven && clusterOptions.cluster != nil {
                throw ValidationError("give a CLUSTER file or --model/--gpus, not both")
            }
            let loaded = try quickCluster.cluster() ?? clusterOptions.load().cluster
            let cluster = try simData.map { try SimulationInputs.attachSimData($0, to: loaded) } ?? loaded
            let options = try planOptions()
            try output.checkWritable()
            if let svg, svg != "-" { try AtomicFile.checkWritable(svg) }
            let serving = method == .auto ? try servingSetup(cluster) : nil
            if method != .auto {
                try runBaseline(cluster, options: options)
            } else if let depthSweep {
                try await runSweep(cluster, options: options, range: try Self.parseRange(depthSweep), serving: serving)
            } else {
                let line = ProgressLine()
                let result = try await Interruption.cooperatively(stopping: "stopping the search; the best plan so far follows") {
                    if let serving {
                        var servingOptions = options
                        servingOptions.objective = serving.objective
                        return try await ServingPlanner(planner: Planner(solver: GLPKSolver()), confirmations: confirm)
                            .plan(cluster, options: servingOptions, workload: serving.workload, simulation: serving.simulation) { line.update($0) }
                    }
                    return try await Planner(solver: GLPKSolver()).plan(cluster, options: options) { line.update($0) }
                }
                line.finish()
                if output.printsText { try StandardOutput.print(Reports.plan(result, cluster: cluster)) }
                if let svg, let candidates = result.candidates {
                    let picture = TradeOffChart(candidates: candidates, chosen: result.placement, cluster: cluster.name).svg()
                    if svg == "-" { try StandardOutput.write(Data(picture.utf8)) } else { try AtomicFile.write([(svg, Data(picture.utf8))]) }
                }
                try output.writeJSON(PlanDocument(result, cluster: cluster))
            }
        }
    }

    /// What the serving objective needs: the objective, the workload to simulate and its settings;
    /// nil for `--objective max-flow`, or (with a note) when a GPU type lacks a serving profile.
    func servingSetup(_ cluster: Cluster) throws -> (objective: PlanObjective, workload: Workload, simulation: SimulationOptions)? {
        let wantsLevel = sloTpot != nil || sloTtft != nil
        guard objective == .realized else {
            if wantsLevel { throw ValidationError("--slo-tpot and --slo-ttft need --objective realized (they are serving targets)") }
            return nil
        }
        let used = Set(cluster.nodes.map(\.type))
        let missing = cluster.gpuTypes.filter { used.contains($0.name) && ($0.serving == nil || ($0.kvCacheTokenLayersByLayerCount == nil && cluster.model.kvCacheBytesPerTokenPerLayer == nil)) }
        if let type = missing.first {
            if wantsLevel { throw CommandError.badData("--slo-tpot/--slo-ttft: GPU type '\(type.name)' has no serving profile or KV capacity (gpuTypes[].serving), so latencies cannot be predicted or simulated") }
            StandardError.write("note: GPU type '\(DisplayText.escaped(type.name))' has no serving profile or KV capacity: planning for max flow (--objective max-flow)\n")
            return nil
        }
        var workloadOptions = self.workloadOptions
        if let load {
            guard load.isFinite, load > 0 else { throw ValidationError("--load must be a positive number of tokens per second, got \(load)") }
            if workloadOptions.trace != nil || workloadOptions.rate != nil { throw ValidationError("--load and --trace/--rate exclude each other: give one offered load") }
            workloadOptions.workload = .online
            workloadOptions.rate = load
        }
        let (workload, _) = try workloadOptions.makeWorkload()
        let simulation = workloadOptions.simulationOptions
        let serving = ServingWorkload(workload, options: simulation)
        let level = ServiceLevel(timePerOutputTokenSeconds: sloTpot, timeToFirstTokenSeconds: sloTtft)
        return (wantsLevel ? .serviceLevel(level, serving) : .realized(serving), workload, simulation)
    }

    func planOptions() throws -> PlanOptions {
        var pruning: PlanOptions.LinkPruning?
        if let prune {
            let parts = prune.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 3, let low = parts[0], let high = parts[1], let threshold = parts[2],
                  let minKeep = Int(exactly: low), let maxKeep = Int(exactly: high) else {
                throw ValidationError("--prune takes MIN,MAX,THRESHOLD, e.g. 4,8,1e9")
            }
            guard threshold.isFinite, threshold >= 0 else {
                throw ValidationError("--prune: THRESHOLD must be a finite number of bytes per second ≥ 0, got \(threshold)")
            }
            pruning = .init(minKeep: minKeep, maxKeep: maxKeep, keepBandwidthThreshold: threshold)
        }
        let options = PlanOptions(
            timeLimitSeconds: timeLimit, seed: seed, targetGap: targetGap,
            rule: partialInference ? .partialInference : .strict, formulation: formulation, maxStages: maxStages,
            deterministicNodeLimit: deterministicNodes, pruning: pruning)
        do {
            try options.validate()
        } catch let error as PlanOptionsError {
            throw ValidationError(Self.describe(error))
        }
        return options
    }

    /// The option behind each `PlanOptions` field, so that messages name what the user typed.
    static let optionNames = [
        "timeLimitSeconds": "--time-limit", "targetGap": "--target-gap", "maxStages": "--max-stages",
        "deterministicNodeLimit": "--deterministic-nodes", "pruning": "--prune",
        "timePerOutputTokenSeconds": "--slo-tpot", "timeToFirstTokenSeconds": "--slo-ttft",
        "formulation": "--formulation (with --partial-inference)",
    ]

    /// `error` with the field replaced by its option: `--time-limit: nan must be a positive number of seconds`.
    static func describe(_ error: PlanOptionsError) -> String {
        switch error {
        case let .invalid(field, reason): return "\(optionNames[field] ?? field): \(reason)"
        }
    }

    static func parseRange(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.components(separatedBy: "...")
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), 1 <= low, low <= high else {
            throw ValidationError("--depth-sweep takes LOW...HIGH with 1 ≤ LOW ≤ HIGH, e.g. 8...24")
        }
        return low...high
    }

    func runBaseline(_ cluster: Cluster, options: PlanOptions) throws {
        guard let baseline = BaselineMethod(rawValue: method.rawValue) else { return }
        // The time limit holds for a baseline too: it returns its best placement so far.
        let placement = baseline.placement(
            for: cluster, rule: options.rule, seed: seed, budget: PlanningBudget(seconds: options.timeLimitSeconds))
        let evaluation = try cluster.evaluate(placement, rule: options.rule)
        if output.printsText {
            try StandardOutput.print(Reports.clusterLine(cluster))
            try StandardOutput.print("Method: \(baseline.rawValue) (baseline heuristic), seed \(seed)")
            try StandardOutput.print(Reports.evaluation(evaluation))
        }
        try output.writeJSON(PlanDocument(baseline: baseline.rawValue, evaluation: evaluation, cluster: cluster, options: options))
    }

    /// One plan per stage limit, each row printed as soon as it is planned. Limits above
    /// min(nodes, layers) plan the same as that (no path has more stages), so the range is clamped
    /// to it. A signal stops the limit under way (its best plan so far is its row) and the rest.
    func runSweep(
        _ cluster: Cluster, options: PlanOptions, range requested: ClosedRange<Int>,
        serving: (objective: PlanObjective, workload: Workload, simulation: SimulationOptions)?
    ) async throws {
        let deepest = min(cluster.nodes.count, cluster.model.layerCount)
        guard requested.lowerBound <= deepest else {
            throw CommandError.usage(
                "--depth-sweep: \(requested.lowerBound) is more stages than this cluster allows (at most "
                    + "min(\(cluster.nodes.count) nodes, \(cluster.model.layerCount) layers) = \(deepest))")
        }
        let range = requested.lowerBound...min(requested.upperBound, deepest)
        if range != requested {
            StandardError.write(
                "note: --depth-sweep \(requested.lowerBound)...\(requested.upperBound) clamped to \(range.lowerBound)...\(range.upperBound): no path has more than min(nodes, layers) = \(deepest) stages\n")
        }
        let line = ProgressLine()
        let planner = Planner(solver: GLPKSolver())
        let table = Reports.DepthSweepTable(serving: serving != nil)
        if output.printsText {
            try StandardOutput.print(Reports.clusterLine(cluster))
            try StandardOutput.print(table.header)
        }
        var rows: [DepthSweepDocument.Row] = []
        for limit in range {
            var limited = options
            limited.maxStages = limit
            let limitOptions = limited
            let result = try await Interruption.cooperatively(stopping: "stopping the sweep; the stage limits planned so far follow") {
                try await planner.plan(cluster, options: limitOptions) { line.update($0, prefix: "≤\(limit) stages  ") }
            }
            line.finish()
            var candidate: PlanCandidate?
            if let serving, result.throughputTokensPerSecond > 0, !Interruption.isInterrupted {
                candidate = try await Interruption.cooperatively(stopping: "stopping the sweep") {
                    try await Self.simulatedCandidate(result, limit: limit, cluster: cluster, serving: serving, line: line)
                }
                line.finish()
            }
            if output.printsText { try StandardOutput.print(table.row(limit: limit, result: result, serving: candidate)) }
            rows.append(DepthSweepDocument.Row(maxStages: limit, plan: PlanDocument(result, cluster: cluster), serving: candidate))
            if Interruption.isInterrupted || Task.isCancelled {
                if output.printsText, limit < range.upperBound {
                    try StandardOutput.print("Cancelled at ≤\(limit) stages: the limits after it were not planned.")
                }
                break
            }
        }
        if let svg {
            let candidates = rows.compactMap(\.serving)
            let best = candidates.max { ($0.simulated?.realizedTokensPerSecond ?? 0) < ($1.simulated?.realizedTokensPerSecond ?? 0) }
            if let best {
                let picture = TradeOffChart(candidates: candidates, chosen: best.placement, cluster: cluster.name).svg()
                if svg == "-" { try StandardOutput.write(Data(picture.utf8)) } else { try AtomicFile.write([(svg, Data(picture.utf8))]) }
            }
        }
        try output.writeJSON(DepthSweepDocument(cluster: cluster.name, rows: rows))
    }

    /// A sweep row's plan, estimated and simulated under the serving workload.
    static func simulatedCandidate(
        _ result: PlanResult, limit: Int, cluster: Cluster,
        serving: (objective: PlanObjective, workload: Workload, simulation: SimulationOptions), line: ProgressLine
    ) async throws -> PlanCandidate {
        let workload = ServingWorkload(serving.workload, options: serving.simulation)
        var candidate = try Planner.score(result, limit: limit, cluster: cluster, objective: serving.objective, workload: workload).summary
        let simulator = try Simulator(
            plan: SimulationPlan(cluster: cluster, placement: result.placement), workload: serving.workload, options: serving.simulation)
        let report = try await simulator.run()
        candidate.simulated = ServingPlanner.figures(report, workload: serving.workload)
        return candidate
    }
}
