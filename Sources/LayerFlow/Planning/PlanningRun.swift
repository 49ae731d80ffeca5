import Foundation

/// One planning run, on one thread: the incumbent, the bound, the clock, and the phases that improve
/// them. See `Planner`.
final class PlanningRun {
    let cluster: Cluster
    /// The cluster the models are built on (pruned when asked); plans are evaluated on `cluster`.
    let modelCluster: Cluster
    let options: PlanOptions
    let solver: (any MILPSolver)?
    let cancellation: CancellationFlag
    let progress: (@Sendable (PlanProgress) -> Void)?
    /// Where the run publishes its best plan and bound for a caller that stops waiting (cancellation).
    let snapshot: PlanSnapshot
    let start = Date()
    /// The time limit (none in deterministic mode) and the cancellation flag: what every loop of
    /// the run polls, through `shouldStop` or by being handed the budget (or a share of it).
    let budget: PlanningBudget
    /// The smallest flow a serving placement can carry: a max flow is a sum of arc capacities, so a
    /// positive one is at least the smallest positive capacity (of a node's range or a link). A
    /// bound below it proves that nothing can be served.
    let minimumPositiveFlow: Double

    /// The best plan so far. Every change is followed by `publish()` (explicitly, so that the
    /// work a change costs is visible where it happens).
    var incumbent: PlanningCandidate?
    /// Which of two plans the run keeps; `offer` asks it.
    let order: IncumbentOrder
    var bound: Double
    var boundSource: PlanResult.BoundSource
    var statistics = PlanResult.Statistics()
    var phase = PlanPhase.starting
    /// The link profile of the classes the target search models (reading every link once).
    var linkProfile: (classes: NodeClasses, profile: LinkProfile)?

    init(
        cluster: Cluster, options: PlanOptions, solver: (any MILPSolver)?, cancellation: CancellationFlag,
        progress: (@Sendable (PlanProgress) -> Void)?, snapshot: PlanSnapshot = PlanSnapshot(),
        order: IncumbentOrder = .throughputThenShallower
    ) {
        self.snapshot = snapshot
        self.order = order
        self.cluster = cluster
        self.options = options
        self.solver = solver
        self.cancellation = cancellation
        self.progress = progress
        let clock = PlanningBudget(
            deadline: options.deterministicNodeLimit == nil
                ? ContinuousClock.now + .nanoseconds(Int64(min(options.timeLimitSeconds, 1e9) * 1e9)) : nil,
            cancellation: cancellation)
        budget = clock
        minimumPositiveFlow = cluster.smallestPositiveCapacityTokensPerSecond
        if let pruning = options.pruning {
            modelCluster = cluster.pruned(
                minKeep: pruning.minKeep, maxKeep: pruning.maxKeep, keepBandwidthThreshold: pruning.keepBandwidthThreshold)
        } else {
            modelCluster = cluster
        }
        let compute = cluster.computeUpperBoundTokensPerSecond
        let work = WorkBound(cluster: cluster).upperBound(maxStages: options.maxStages)
        let initial = min(compute, work)
        bound = initial < minimumPositiveFlow * (1 - 1e-9) ? 0 : initial
        boundSource = work < compute ? .workBound : .computeBound
        publish()
    }

    func publish() {
        let state = PlanSnapshot.State(
            ranges: incumbent?.ranges, throughput: throughput, method: incumbent?.method, bound: bound,
            boundSource: boundSource, statistics: statistics, start: start)
        snapshot.store(state)
    }

    var elapsed: Double { Date().timeIntervalSince(start) }
    /// Seconds left (infinity in deterministic mode).
    var remaining: Double { budget.remainingSeconds }
    var deterministic: Bool { options.deterministicNodeLimit != nil }

    /// Why the search must stop now, or nil: cancelled, out of time (never in deterministic
    /// mode), or the gap closed. Reading it changes nothing.
    var stopReason: StopReason? {
        if budget.isCancelled { return .cancelled }
        if budget.isOutOfTime { return .timeLimit }
        return gapClosed ? .gapClosed : nil
    }

    /// `stopReason != nil`: what every phase checks between steps.
    var shouldStop: Bool { stopReason != nil }

    var throughput: Double { incumbent?.throughput ?? 0 }

    var gap: Double { PlanResult.gap(throughput: throughput, bound: bound) }

    var gapClosed: Bool { PlanResult.gapIsClosed(throughput: throughput, bound: bound, targetGap: options.targetGap) }

    func report() {
        progress?(PlanProgress(
            phase: phase, incumbentTokensPerSecond: throughput, boundTokensPerSecond: bound, gap: gap,
            elapsedSeconds: elapsed))
    }

    /// Evaluates candidate ranges by max-flow on the full cluster and keeps them if they beat the
    /// incumbent (and respect the stage limit). Returns the candidate's throughput.
    @discardableResult
    func offer(_ ranges: [LayerRange?], method: String) -> Double {
        let score = cluster.score(ranges, rule: options.rule)
        let candidate = PlanningCandidate(
            ranges: ranges, throughput: score.throughputTokensPerSecond, stages: score.depth(in: cluster).stages, method: method)
        if let limit = options.maxStages, candidate.stages > limit { return 0 }
        if candidate.throughput > 0 && order.prefers(candidate, over: incumbent) {
            incumbent = candidate
            publish()
            report()
        }
        return candidate.throughput
    }

    func lowerBound(to value: Double, source: PlanResult.BoundSource) {
        // A target refuted just above a plan can sit a rounding error below it; never below the plan.
        // Below the smallest positive flow, nothing can be served: the bound is 0.
        let value = value < minimumPositiveFlow * (1 - 1e-9) ? max(0, throughput) : max(value, throughput)
        if value < bound {
            bound = value
            boundSource = source
            publish()
            report()
        }
    }

    func run() throws -> PlanResult {
        phase = .heuristics
        report()
        let heuristicStart = Date()
        runHeuristics()
        statistics.heuristicSeconds = Date().timeIntervalSince(heuristicStart)
        publish()
        if !shouldStop, let solver {
            let milpStart = Date()
            switch options.formulation {
            case .layerCoverage: try targetSearch(solver: solver)
            case .helix: try solveHelix(solver: solver)
            case .none: break
            }
            statistics.milpSeconds = Date().timeIntervalSince(milpStart)
            publish()
        }
        return try result()
    }

    func result() throws -> PlanResult {
        let status: PlanResult.Status
        if budget.isCancelled {
            status = .cancelled
        } else if bound <= 0 {
            status = .infeasible
        } else if gapClosed {
            status = .optimal
        } else if stopReason == .timeLimit || (deterministic && solver != nil && options.formulation != .none) {
            status = .timeLimit
        } else {
            status = .feasible
        }
        publish()
        return try snapshot.load().result(cluster: cluster, options: options, solver: solver, status: status)
    }
}
