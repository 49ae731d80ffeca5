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
}

/// A snapshot of a running plan, for progress displays.
public struct PlanProgress: Sendable, Hashable {
    public var phase: String
    public var incumbentTokensPerSecond: Double
    public var boundTokensPerSecond: Double
    public var gap: Double
    public var elapsedSeconds: Double
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
