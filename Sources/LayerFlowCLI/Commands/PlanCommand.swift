import ArgumentParser
import LayerFlow

/// `layerflow plan CLUSTER --method NAME`: choose a placement and report it.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Choose which layers each node holds, and report the plan's throughput and bottleneck.",
        discussion: """
            Methods: petals, swarm, separate, balanced (baseline heuristics, see docs/Guides/Baselines.md),
            or best (all of them; keeps the highest throughput).

            Example: layerflow plan Examples/helix-single24-llama70b.json --method balanced --json plan.json
            """)

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case petals, swarm, separate, balanced, best
    }

    /// The `--json` object: the foundation's contract (`throughputTokensPerSecond`,
    /// `upperBoundTokensPerSecond`, `placement`) plus how the plan was made and its full evaluation.
    struct Output: Encodable {
        var format = "layerflow-plan/1"
        var cluster: String
        var method: String
        var seed: UInt64
        var rule: ContiguityRule
        var throughputTokensPerSecond: Double
        var upperBoundTokensPerSecond: Double
        var placement: Placement
        var evaluation: Evaluation
    }

    @OptionGroup var clusterOptions: ClusterOptions

    @Option(help: "Placement method: \(Method.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: Method = .best

    @Option(help: "Seed for randomised heuristics (same seed, same plan).")
    var seed: UInt64 = 0

    @Flag(help: "Plan for partial inference (i→j when start_j ≤ end_i < end_j) instead of strict contiguity.")
    var partialInference = false

    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingFailures {
            let cluster = try clusterOptions.load().cluster
            let rule: ContiguityRule = partialInference ? .partialInference : .strict
            let methods: [BaselineMethod] = method == .best
                ? BaselineMethod.allCases : [BaselineMethod(rawValue: method.rawValue)].compactMap { $0 }
            var best: (method: BaselineMethod, evaluation: Evaluation)?
            for candidate in methods {
                let placement = candidate.placement(for: cluster, rule: rule, seed: seed)
                let evaluation = try cluster.evaluate(placement, rule: rule)
                if evaluation.throughputTokensPerSecond > best?.evaluation.throughputTokensPerSecond ?? -1 {
                    best = (candidate, evaluation)
                }
            }
            guard let best else { return }
            if output.printsText {
                print(Reports.clusterLine(cluster))
                print("Method: \(best.method.rawValue)\(method == .best ? " (best of \(methods.map(\.rawValue).joined(separator: ", ")))" : ""), seed \(seed)")
                print(Reports.evaluation(best.evaluation))
            }
            try output.writeJSON(Output(
                cluster: cluster.name, method: best.method.rawValue, seed: seed, rule: rule,
                throughputTokensPerSecond: best.evaluation.throughputTokensPerSecond,
                upperBoundTokensPerSecond: best.evaluation.upperBoundTokensPerSecond,
                placement: best.evaluation.placement, evaluation: best.evaluation))
        }
    }
}
