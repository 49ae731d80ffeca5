import ArgumentParser
import LayerFlow

/// `layerflow compare CLUSTER`: every baseline's throughput side by side, with a Helix instance's
/// reference placements when the cluster is one.
struct CompareCommand: AsyncParsableCommand, AsyncRunnable {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Evaluate every baseline heuristic (and a Helix file's reference placements) under both rules.",
        discussion: """
            --time-limit bounds the whole comparison: the baselines share it, and one that runs out \
            of time reports its best placement so far (the report then says so). \
            Ctrl-C (SIGINT) or SIGTERM stops after the evaluation under way: the rows so far are \
            printed and written (JSON "status": "cancelled") and the exit code is 130 (SIGINT) or 143 (SIGTERM).
            """)

    struct Row: Encodable, Sendable {
        var name: String
        var throughputTokensPerSecond: Double
        var throughputPartialInferenceTokensPerSecond: Double
        var fileMaxFlow: Double?
        var fileMaxFlowPartialInference: Double?
    }

    struct Output: Encodable {
        /// `complete`, or `cancelled` when a signal stopped the evaluations (the rows so far).
        var status: String
        var cluster: String
        var upperBoundTokensPerSecond: Double
        /// True when the time limit cut some baseline short.
        var timeLimitReached: Bool
        var rows: [Row]
    }

    @OptionGroup var clusterOptions: ClusterOptions

    @Option(help: "Seed for randomised heuristics.")
    var seed: UInt64 = 0

    @Option(help: "Wall-clock limit in seconds for all baselines together.")
    var timeLimit: Double = 60

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !(timeLimit > 0 && timeLimit.isFinite) {
            throw ValidationError("--time-limit must be a positive number of seconds, got \(timeLimit)")
        }
    }

    func run() async throws {
        try await runAsync()
    }

    func runAsync() async throws {
        try await reportingFailures {
            let loaded = try clusterOptions.load()
            let cluster = loaded.cluster
            let references = try loaded.helixInstance?.referencePlacements ?? []
            try output.checkWritable()
            let seed = self.seed
            let budget = PlanningBudget(seconds: timeLimit)
            let (rows, cancelled, timeLimitReached) = try await Interruption.cooperatively(
                stopping: "stopping; the rows evaluated so far follow"
            ) {
                try Self.rows(cluster: cluster, references: references, seed: seed, budget: budget)
            }
            if output.printsText {
                try StandardOutput.print(Reports.clusterLine(cluster))
                if timeLimitReached {
                    try StandardOutput.print("Time limit (\(Formatting.number(timeLimit, decimals: 1)) s) reached: baselines cut short show their best placement so far.")
                }
                try StandardOutput.print("Compute upper bound: \(Formatting.rate(cluster.computeUpperBoundTokensPerSecond))\n")
                var table = TextTable([
                    ("placement", .left), ("strict tok/s", .right), ("partial inference tok/s", .right),
                    ("file: strict", .right), ("file: partial", .right),
                ])
                for row in rows {
                    table.append([
                        row.name, Formatting.number(row.throughputTokensPerSecond, decimals: 2),
                        Formatting.number(row.throughputPartialInferenceTokensPerSecond, decimals: 2),
                        row.fileMaxFlow.map { Formatting.number($0, decimals: 2) } ?? "",
                        row.fileMaxFlowPartialInference.map { Formatting.number($0, decimals: 2) } ?? "",
                    ])
                }
                try StandardOutput.print(table.render())
                if cancelled { try StandardOutput.print("Cancelled: only the rows evaluated before the interruption.") }
            }
            try output.writeJSON(Output(
                status: cancelled ? "cancelled" : "complete", cluster: cluster.name,
                upperBoundTokensPerSecond: cluster.computeUpperBoundTokensPerSecond,
                timeLimitReached: timeLimitReached, rows: rows))
        }
    }

    /// Every baseline's row, then the file's reference placements' (each distinct placement on the
    /// full link set once); stops before the next evaluation when the task is cancelled.
    /// Each baseline run gets an equal share of what remains of `budget`.
    /// - Returns: the rows, whether cancellation cut them short, and whether the time limit did.
    private static func rows(
        cluster: Cluster, references: [ReferencePlacement], seed: UInt64, budget: PlanningBudget
    ) throws -> ([Row], Bool, Bool) {
        var rows: [Row] = []
        let runs = BaselineMethod.allCases.count * 2
        var done = 0
        var timeLimitReached = false
        func place(_ method: BaselineMethod, _ rule: ContiguityRule) -> Placement {
            let share = budget.share(1 / Double(runs - done))
            done += 1
            let placement = method.placement(for: cluster, rule: rule, seed: seed, budget: share)
            if share.isExhausted { timeLimitReached = true }
            return placement
        }
        for method in BaselineMethod.allCases {
            if Task.isCancelled { return (rows, true, timeLimitReached) }
            let strict = try cluster.evaluate(place(method, .strict), rule: .strict)
            if Task.isCancelled { return (rows, true, timeLimitReached) }
            let partialPlacement = place(method, .partialInference)
            let partial = try cluster.evaluate(partialPlacement, rule: .partialInference)
            rows.append(Row(
                name: "layerflow \(method.rawValue)", throughputTokensPerSecond: strict.throughputTokensPerSecond,
                throughputPartialInferenceTokensPerSecond: partial.throughputTokensPerSecond))
        }
        var seen = Set<Placement>()
        for reference in references {
            if Task.isCancelled { return (rows, true, timeLimitReached) }
            guard let placement = reference.placement, reference.linkSet == .links,
                  seen.insert(placement).inserted else { continue }
            rows.append(Row(
                name: "helix file: \(reference.method)",
                throughputTokensPerSecond: try cluster.evaluate(placement, rule: .strict).throughputTokensPerSecond,
                throughputPartialInferenceTokensPerSecond:
                    try cluster.evaluate(placement, rule: .partialInference).throughputTokensPerSecond,
                fileMaxFlow: reference.maxFlow, fileMaxFlowPartialInference: reference.maxFlowPartialInference))
        }
        return (rows, false, timeLimitReached)
    }
}
