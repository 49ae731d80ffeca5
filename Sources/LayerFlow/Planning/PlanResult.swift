/// The outcome of planning: the best placement found, what it reaches (recomputed by LayerFlow's
/// own max-flow), a proven upper bound on what any placement can reach, and how it was found.
public struct PlanResult: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// The gap is within the target: the plan is proven optimal (to `targetGap`).
        case optimal
        /// The search finished every method it had without closing the gap.
        case feasible
        /// The time (or deterministic work) limit ended the search before the gap closed.
        case timeLimit
        /// No placement can serve anything (e.g. the nodes cannot hold the model within the stage limit).
        case infeasible
        /// The calling task was cancelled; the best plan so far is returned.
        case cancelled
    }

    /// Where the proven upper bound came from.
    public enum BoundSource: String, Sendable, Hashable, Codable {
        case computeBound, workBound, milpTarget, milpBound
    }

    public struct Statistics: Sendable, Hashable, Codable {
        public var heuristicSeconds: Double = 0
        public var milpSeconds: Double = 0
        public var milpSolves: Int = 0
        public var milpNodes: Int = 0
        /// Each MILP solve: what it tested and how it ended.
        public var solves: [SolveRecord] = []

        public init() {}
    }

    public struct SolveRecord: Sendable, Hashable, Codable {
        public var model: String
        public var rows: Int
        public var columns: Int
        public var target: Double?
        public var status: MILPStatus
        public var seconds: Double
        public var nodes: Int
        /// The solver library's message when it failed on this model (the search went on).
        public var error: String? = nil
    }

    /// What produced the plan and under which settings, for reproducing it.
    public struct Provenance: Sendable, Hashable, Codable {
        public var layerflowVersion: String
        public var solver: String?
        public var solverVersion: String?
        public var options: PlanOptions
        public var method: String
        public var seconds: Double

        public init(
            layerflowVersion: String, solver: String?, solverVersion: String?, options: PlanOptions,
            method: String, seconds: Double
        ) {
            self.layerflowVersion = layerflowVersion
            self.solver = solver
            self.solverVersion = solverVersion
            self.options = options
            self.method = method
            self.seconds = seconds
        }
    }

    public var status: Status
    public var placement: Placement
    /// Max flow of `placement` under `options.rule`, by LayerFlow's max-flow (never a solver's objective).
    public var throughputTokensPerSecond: Double
    /// Proven: no placement (within the stage limit) reaches more.
    public var upperBoundTokensPerSecond: Double
    public var boundSource: BoundSource
    /// (bound − throughput) / throughput; infinity when nothing is served.
    public var gap: Double
    /// The deepest flow-carrying path: stages and network latency.
    public var depth: PathDepth
    public var evaluation: Evaluation
    public var statistics: Statistics
    public var provenance: Provenance
    /// Under a serving objective: the plan's serving estimate (closed loop, or at the offered load).
    public var serving: ServingEstimate? = nil
    /// Under a serving objective: every candidate considered, best first, with what it is
    /// predicted (and, from `ServingPlanner`, simulated) to serve.
    public var candidates: [PlanCandidate]? = nil
    /// Under a serving objective: why this plan was chosen.
    public var choice: String? = nil
}

/// One plan a serving objective considered: the max-flow plan under a stage limit, scored.
public struct PlanCandidate: Sendable, Hashable, Codable {
    /// The stage limit it was planned under (nil: none, the max-flow-optimal plan).
    public var maxStages: Int?
    public var placement: Placement
    public var throughputTokensPerSecond: Double
    /// The proven max-flow bound under the same stage limit.
    public var upperBoundTokensPerSecond: Double
    public var stages: Int
    /// Closed-loop estimate: what the plan sustains.
    public var estimate: ServingEstimate
    /// Estimate at the objective's offered load (or the highest load meeting the targets).
    public var loadEstimate: ServingEstimate?
    /// Service-level objective without an offered load: the highest offered tokens/s whose predicted
    /// latencies meet the targets.
    public var highestLoadTokensPerSecond: Double?
    /// The simulator's figures, when the candidate was simulated.
    public var simulated: SimulatedServing?

    public init(
        maxStages: Int?, placement: Placement, throughputTokensPerSecond: Double, upperBoundTokensPerSecond: Double,
        stages: Int, estimate: ServingEstimate, loadEstimate: ServingEstimate? = nil,
        highestLoadTokensPerSecond: Double? = nil, simulated: SimulatedServing? = nil
    ) {
        self.maxStages = maxStages
        self.placement = placement
        self.throughputTokensPerSecond = throughputTokensPerSecond
        self.upperBoundTokensPerSecond = upperBoundTokensPerSecond
        self.stages = stages
        self.estimate = estimate
        self.loadEstimate = loadEstimate
        self.highestLoadTokensPerSecond = highestLoadTokensPerSecond
        self.simulated = simulated
    }
}

/// A simulated serving run's headline figures (from `LayerFlowSimulator`'s report).
public struct SimulatedServing: Sendable, Hashable, Codable {
    /// Prompt + decode tokens finished in the window ÷ window.
    public var realizedTokensPerSecond: Double
    /// Helix's "Total time usage": every finished token ÷ the last finish time.
    public var totalTimeUsageTokensPerSecond: Double
    public var decodeLatencyMeanSeconds: Double
    public var decodeLatencyP95Seconds: Double
    public var promptLatencyMeanSeconds: Double
    public var promptLatencyP95Seconds: Double
    /// The workload simulated: `offline` or `online`.
    public var workload: String
    /// Online: tokens per second the arrivals offered.
    public var offeredTokensPerSecond: Double?

    public init(
        realizedTokensPerSecond: Double, totalTimeUsageTokensPerSecond: Double, decodeLatencyMeanSeconds: Double,
        decodeLatencyP95Seconds: Double, promptLatencyMeanSeconds: Double, promptLatencyP95Seconds: Double,
        workload: String, offeredTokensPerSecond: Double? = nil
    ) {
        self.realizedTokensPerSecond = realizedTokensPerSecond
        self.totalTimeUsageTokensPerSecond = totalTimeUsageTokensPerSecond
        self.decodeLatencyMeanSeconds = decodeLatencyMeanSeconds
        self.decodeLatencyP95Seconds = decodeLatencyP95Seconds
        self.promptLatencyMeanSeconds = promptLatencyMeanSeconds
        self.promptLatencyP95Seconds = promptLatencyP95Seconds
        self.workload = workload
        self.offeredTokensPerSecond = offeredTokensPerSecond
    }
}

/// A snapshot of a running plan, for progress displays.
public struct PlanProgress: Sendable, Hashable {
    public var phase: PlanPhase
    public var incumbentTokensPerSecond: Double
    public var boundTokensPerSecond: Double
    public var gap: Double
    public var elapsedSeconds: Double

    public init(phase: PlanPhase, incumbentTokensPerSecond: Double, boundTokensPerSecond: Double, gap: Double, elapsedSeconds: Double) {
        self.phase = phase
        self.incumbentTokensPerSecond = incumbentTokensPerSecond
        self.boundTokensPerSecond = boundTokensPerSecond
        self.gap = gap
        self.elapsedSeconds = elapsedSeconds
    }
}

/// The library's version, recorded in every plan's provenance.
public enum LayerFlowVersion {
    public static let current = "0.1.0"
}

extension PlanResult {
    /// Slack on every comparison of a gap with the target gap. The target search refutes
    /// `plan · (1 + targetGap)`, and the gap recomputed from that bound lands a few ulps on either
    /// side of `targetGap` (1.0000000000157846e-06 for 1e-6): without the slack a plan proven
    /// optimal to the target would be reported `feasible`.
    public static let gapTolerance = 1e-12

    /// (bound − throughput) / throughput, never negative; 0 when both are 0 (nothing can be served
    /// and nothing is: the plan is optimal), infinity when nothing is served but the bound is positive.
    public static func gap(throughput: Double, bound: Double) -> Double {
        guard throughput > 0 else { return bound > 0 ? .infinity : 0 }
        return max(0, (bound - throughput) / throughput)
    }

    /// Whether a plan of `throughput` under `bound` meets `targetGap` (with `gapTolerance`): also
    /// true when the bound is 0.
    public static func gapIsClosed(throughput: Double, bound: Double, targetGap: Double) -> Bool {
        bound <= 0 || (throughput > 0 && gap(throughput: throughput, bound: bound) <= targetGap + gapTolerance)
    }
}
