import ArgumentParser
import Foundation
import LayerFlow
import LayerFlowGLPK

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

            Examples:
              layerflow plan --model llama-2-70b --gpus 4xA100,8xL4,12xT4 --network 1Gbps
              layerflow plan Examples/helix-single24-llama70b.json --time-limit 60 --json plan.json
              layerflow plan Examples/helix-single24-llama70b.json --max-stages 12
              layerflow plan Examples/helix-single24-llama70b.json --depth-sweep 8...24 --time-limit 10
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case auto, petals, swarm, separate, balanced
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

    @Option(help: "Seed for randomised choices (same seed, same plan).")
    var seed: UInt64 = 0

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
            let cluster = try quickCluster.cluster() ?? clusterOptions.load().cluster
            let options = try planOptions()
            try output.checkWritable()
            if method != .auto {
                try runBaseline(cluster, options: options)
            } else if let depthSweep {
                try await runSweep(cluster, options: options, range: try Self.parseRange(depthSweep))
            } else {
                let line = ProgressLine()
                let result = try await Interruption.cooperatively(stopping: "stopping the search; the best plan so far follows") {
                    try await Planner(solver: GLPKSolver()).plan(cluster, options: options) { line.update($0) }
                }
                line.finish()
                if output.printsText { try StandardOutput.print(Reports.plan(result, cluster: cluster)) }
                try output.writeJSON(PlanDocument(result, cluster: cluster))
            }
        }
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
    func runSweep(_ cluster: Cluster, options: PlanOptions, range requested: ClosedRange<Int>) async throws {
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
        let table = Reports.DepthSweepTable()
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
            if output.printsText { try StandardOutput.print(table.row(limit: limit, result: result)) }
            rows.append(DepthSweepDocument.Row(maxStages: limit, plan: PlanDocument(result, cluster: cluster)))
            if Interruption.isInterrupted || Task.isCancelled {
                if output.printsText, limit < range.upperBound {
                    try StandardOutput.print("Cancelled at ≤\(limit) stages: the limits after it were not planned.")
                }
                break
            }
        }
        try output.writeJSON(DepthSweepDocument(cluster: cluster.name, rows: rows))
    }
}
