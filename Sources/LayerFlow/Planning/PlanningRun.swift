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

    var incumbent: (ranges: [LayerRange?], throughput: Double, stages: Int, method: String)? {
        didSet { publish() }
    }
    var bound: Double {
        didSet { publish() }
    }
    var boundSource: PlanResult.BoundSource
    var statistics = PlanResult.Statistics() {
        didSet { publish() }
    }
    var phase = "starting"
    var hitLimit = false
    /// The link profile of the classes the target search models (reading every link once).
    var linkProfile: (classes: NodeClasses, profile: LinkProfile)?

    init(
        cluster: Cluster, options: PlanOptions, solver: (any MILPSolver)?, cancellation: CancellationFlag,
        progress: (@Sendable (PlanProgress) -> Void)?, snapshot: PlanSnapshot = PlanSnapshot()
    ) {
        self.snapshot = snapshot
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

    /// True when the search must stop now: cancelled, out of time (not in deterministic mode), or done.
    var shouldStop: Bool {
        if budget.isCancelled { return true }
        if budget.isOutOfTime {
            hitLimit = true
            return true
        }
        return gapClosed
    }

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
        let flow = score.flow
        let stages = score.depth(in: cluster).stages
        if let limit = options.maxStages, stages > limit { return 0 }
        // Better throughput wins; at equal throughput (to rounding), the shallower plan (lower latency).
        let tie = abs(flow.value - throughput) <= 1e-12 * max(flow.value, throughput)
        if flow.value > 0 && (tie ? stages < (incumbent?.stages ?? .max) : flow.value > throughput) {
            incumbent = (ranges, flow.value, stages, method)
            report()
        }
        return flow.value
    }

    func lowerBound(to value: Double, source: PlanResult.BoundSource) {
        // A target refuted just above a plan can sit a rounding error below it; never below the plan.
        // Below the smallest positive flow, nothing can be served: the bound is 0.
        let value = value < minimumPositiveFlow * (1 - 1e-9) ? max(0, throughput) : max(value, throughput)
        if value < bound {
            bound = value
            boundSource = source
            report()
        }
    }

    func run() throws -> PlanResult {
        phase = "heuristics"
        report()
        let heuristicStart = Date()
        runHeuristics()
        statistics.heuristicSeconds = Date().timeIntervalSince(heuristicStart)
        if !shouldStop, let solver {
            let milpStart = Date()
            switch options.formulation {
            case .layerCoverage: try targetSearch(solver: solver)
            case .helix: try solveHelix(solver: solver)
            case .none: break
            }
            statistics.milpSeconds = Date().timeIntervalSince(milpStart)
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
        } else if hitLimit || (deterministic && solver != nil && options.formulation != .none) {
            status = .timeLimit
        } else {
            status = .feasible
        }
        publish()
        return try snapshot.load().result(cluster: cluster, options: options, solver: solver, status: status)
    }
}
