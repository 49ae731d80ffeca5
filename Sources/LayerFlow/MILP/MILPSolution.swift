/// How a solve ended.
public enum MILPStatus: String, Sendable, Hashable, Codable {
    /// A solution was proven optimal (within the solver's tolerances).
    case optimal
    /// A feasible solution was found, but the search ended without proving optimality and for
    /// none of the reasons below.
    case feasible
    /// The model has no feasible solution.
    case infeasible
    /// The LP relaxation is unbounded; for rational data the MILP is then unbounded or infeasible.
    case unbounded
    /// The time limit ended the search; ``MILPSolution/values`` holds the incumbent, if any.
    case timeLimit
    /// The relative-gap tolerance was reached.
    case gapReached
    /// The node limit ended the search.
    case nodeLimit
    /// The callback asked to terminate.
    case cancelled
    /// The search ended without a solution and without proving infeasibility.
    case noSolutionFound

    /// Whether a solution of this status carries values (when the solver found any).
    public var mayHaveSolution: Bool {
        switch self {
        case .infeasible, .unbounded, .noSolutionFound: return false
        default: return true
        }
    }
}

/// Counters describing how a solve went.
public struct MILPStatistics: Sendable, Hashable, Codable {
    /// Branch-and-bound nodes processed.
    public var nodes: Int
    /// Simplex iterations, when the solver reports them (GLPK: counted on the original
    /// problem, so iterations inside its MIP presolver's transformed problem are missing).
    public var simplexIterations: Int?
    /// Wall-clock seconds of the whole solve.
    public var seconds: Double
    /// Objective of the root LP relaxation of the model as given, when it was solved.
    public var lpRelaxationObjective: Double?
    /// Offered solutions (initial and from callbacks) that became the incumbent.
    public var injectedSolutionsAccepted: Int
    /// Offered solutions that were infeasible, not improving, or could not be injected.
    public var injectedSolutionsRejected: Int

    /// Creates statistics.
    public init(
        nodes: Int = 0, simplexIterations: Int? = nil, seconds: Double = 0, lpRelaxationObjective: Double? = nil,
        injectedSolutionsAccepted: Int = 0, injectedSolutionsRejected: Int = 0
    ) {
        self.nodes = nodes
        self.simplexIterations = simplexIterations
        self.seconds = seconds
        self.lpRelaxationObjective = lpRelaxationObjective
        self.injectedSolutionsAccepted = injectedSolutionsAccepted
        self.injectedSolutionsRejected = injectedSolutionsRejected
    }
}

/// The outcome of a solve.
public struct MILPSolution: Sendable, Hashable, Codable {
    /// How the solve ended.
    public var status: MILPStatus
    /// Objective of ``values``, constant included; `nil` without a solution.
    public var objective: Double?
    /// Proven bound on the optimum (upper for maximisation, lower for minimisation); equals
    /// ``objective`` when optimal, `nil` when nothing was proven.
    public var bestBound: Double?
    /// `|bestBound − objective| / (|objective| + ε)`; 0 when optimal, `nil` without both.
    public var relativeGap: Double?
    /// One value per variable (integers exactly integral); `nil` without a solution.
    public var values: [Double]?
    /// Counters.
    public var statistics: MILPStatistics

    /// Creates a solution record (solver backends fill it in).
    public init(
        status: MILPStatus, objective: Double?, bestBound: Double?, relativeGap: Double?, values: [Double]?,
        statistics: MILPStatistics
    ) {
        self.status = status
        self.objective = objective
        self.bestBound = bestBound
        self.relativeGap = relativeGap
        self.values = values
        self.statistics = statistics
    }
}
