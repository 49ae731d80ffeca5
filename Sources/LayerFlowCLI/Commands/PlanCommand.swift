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
            if method != .auto {
                try runBaseline(cluster, options: options)
            } else if let depthSweep {
                try await runSweep(cluster, options: options, range: try Self.parseRange(depthSweep))
            } else {
                let line = ProgressLine()
                let result = try await Planner(solver: GLPKSolver()).plan(cluster, options: options) { line.update($0) }
                line.finish()
                if output.printsText { print(Reports.plan(result, cluster: cluster)) }
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
        let placement = baseline.placement(for: cluster, rule: options.rule, seed: seed)
        let evaluation = try cluster.evaluate(placement, rule: options.rule)
        if output.printsText {
            print(Reports.clusterLine(cluster))
            print("Method: \(baseline.rawValue) (baseline heuristic), seed \(seed)")
            print(Reports.evaluation(evaluation))
        }
        try output.writeJSON(PlanDocument(baseline: baseline.rawValue, evaluation: evaluation, cluster: cluster, options: options))
    }

    func runSweep(_ cluster: Cluster, options: PlanOptions, range: ClosedRange<Int>) async throws {
        let line = ProgressLine()
        let results = try await Planner(solver: GLPKSolver()).depthSweep(cluster, stages: range, options: options) { limit, progress in
            line.update(progress, prefix: "≤\(limit) stages  ")
        }
        line.finish()
        if output.printsText {
            print(Reports.clusterLine(cluster))
            print(Reports.depthSweep(results, range: range))
        }
        try output.writeJSON(DepthSweepDocument(cluster: cluster.name, rows: zip(range, results).map {
            DepthSweepDocument.Row(maxStages: $0, plan: PlanDocument($1, cluster: cluster))
        }))
    }
}
