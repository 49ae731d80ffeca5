/// Limits and algorithm choices for one ``MILPSolver/solve(_:options:log:callback:)`` call.
///
/// The defaults are GLPK's own defaults, with its MIP presolver on. Every limit is optional;
/// when several are set the first one reached ends the search.
public struct MILPSolveOptions: Sendable, Hashable, Codable {
    /// Wall-clock limit in seconds for the whole solve (LP relaxation included); `nil` for none.
    /// Not deterministic: use ``nodeLimit`` for reproducible runs.
    public var timeLimitSeconds: Double?
    /// Stop once `|bound − incumbent| / (|incumbent| + ε) ≤ relativeGap` (GLPK's `mip_gap`);
    /// `nil` searches to optimality.
    public var relativeGap: Double?
    /// Stop once this many branch-and-bound nodes have been processed; `nil` for none.
    /// Counted in nodes, not seconds, so the same model and options give byte-identical results.
    public var nodeLimit: Int?
    /// A full solution (one value per variable) offered as the first incumbent. It is accepted
    /// only if feasible (see ``feasibilityTolerance``). Solvers that cannot map solutions
    /// through their presolver turn the presolver off when this is set.
    public var initialSolution: [Double]?
    /// Use the solver's MIP presolver. With GLPK's presolver on, solutions offered by a
    /// callback cannot be injected (they are counted as rejected); see the GLPK guide.
    public var presolve: Bool
    /// Cutting-plane families to generate; empty by default (GLPK's default).
    public var cuts: Set<CutKind>
    /// Primal heuristics to run; GLPK's default is simple rounding only.
    public var heuristics: Set<Heuristic>
    /// How the branching variable is chosen.
    public var branching: Branching
    /// How the next open node is chosen.
    public var backtracking: Backtracking
    /// How much the solver reports to the `log` closure.
    public var logLevel: LogLevel
    /// Largest absolute bound, row or integrality violation allowed in an offered solution.
    public var feasibilityTolerance: Double
    /// How far from an integer a value may be and still count as integral (GLPK's `tol_int`, default
    /// 1e-5 when nil). Proving a relative gap of 1e-6 needs a smaller value: with 1e-5, a count of
    /// 1.00001 nodes passes for 1 and can fake a few parts per million of throughput.
    public var integralityTolerance: Double?

    /// Cutting-plane families (GLPK: `gmi_cuts`, `mir_cuts`, `cov_cuts`, `clq_cuts`).
    public enum CutKind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Gomory mixed-integer cuts.
        case gomory
        /// Mixed-integer rounding cuts.
        case mir
        /// Mixed cover cuts.
        case cover
        /// Clique cuts.
        case clique
    }

    /// Primal heuristics (GLPK: `fp_heur`, `ps_heur`, `sr_heur`).
    public enum Heuristic: String, Sendable, Hashable, Codable, CaseIterable {
        /// Feasibility pump.
        case feasibilityPump
        /// Proximity search. It runs under its own wall-clock limit, so it can make runs
        /// non-reproducible.
        case proximitySearch
        /// Simple rounding of LP solutions.
        case simpleRounding
    }

    /// Branching variable selection (GLPK `br_tech`).
    public enum Branching: String, Sendable, Hashable, Codable, CaseIterable {
        /// First fractional variable.
        case firstFractional
        /// Last fractional variable.
        case lastFractional
        /// Most fractional variable.
        case mostFractional
        /// Driebeck–Tomlin heuristic (GLPK's default).
        case driebeckTomlin
        /// Hybrid pseudo-cost heuristic.
        case pseudoCost
    }

    /// Node selection (GLPK `bt_tech`).
    public enum Backtracking: String, Sendable, Hashable, Codable, CaseIterable {
        /// Depth-first search.
        case depthFirst
        /// Breadth-first search.
        case breadthFirst
        /// Best local bound (GLPK's default).
        case bestBound
        /// Best projection heuristic.
        case bestProjection
    }

    /// Amount of solver output sent to the log closure (GLPK `msg_lev`).
    public enum LogLevel: String, Sendable, Hashable, Codable, CaseIterable {
        /// Nothing.
        case off
        /// Warnings and errors only.
        case errors
        /// Normal progress output.
        case normal
        /// Everything, including the simplex's details.
        case verbose
    }

    /// Creates options; every parameter defaults to the solver's default behaviour.
    public init(
        timeLimitSeconds: Double? = nil, relativeGap: Double? = nil, nodeLimit: Int? = nil,
        initialSolution: [Double]? = nil, presolve: Bool = true, cuts: Set<CutKind> = [],
        heuristics: Set<Heuristic> = [.simpleRounding], branching: Branching = .driebeckTomlin,
        backtracking: Backtracking = .bestBound, logLevel: LogLevel = .normal,
        feasibilityTolerance: Double = 1e-6, integralityTolerance: Double? = nil
    ) {
        self.integralityTolerance = integralityTolerance
        self.timeLimitSeconds = timeLimitSeconds
        self.relativeGap = relativeGap
        self.nodeLimit = nodeLimit
        self.initialSolution = initialSolution
        self.presolve = presolve
        self.cuts = cuts
        self.heuristics = heuristics
        self.branching = branching
        self.backtracking = backtracking
        self.logLevel = logLevel
        self.feasibilityTolerance = feasibilityTolerance
    }

    /// Checks the options against `model`.
    ///
    /// - Throws: ``MILPSolverError/invalidOptions(_:)`` naming the offending option.
    public func validate(for model: MILPModel) throws(MILPSolverError) {
        if let limit = timeLimitSeconds, !(limit > 0 && limit.isFinite) {
            throw .invalidOptions("timeLimitSeconds is \(limit), expected a positive finite number of seconds")
        }
        if let gap = relativeGap, !(gap >= 0 && gap.isFinite) {
            throw .invalidOptions("relativeGap is \(gap), expected a finite number ≥ 0")
        }
        if let limit = nodeLimit, limit < 1 {
            throw .invalidOptions("nodeLimit is \(limit), expected at least 1")
        }
        if let solution = initialSolution, solution.count != model.variables.count {
            throw .invalidOptions("initialSolution has \(solution.count) values, the model has \(model.variables.count) variables")
        }
        if let tolerance = integralityTolerance, !(tolerance > 0 && tolerance < 0.5) {
            throw .invalidOptions("integralityTolerance is \(tolerance), expected a number in (0, 0.5)")
        }
        guard feasibilityTolerance >= 0 && feasibilityTolerance.isFinite else {
            throw .invalidOptions("feasibilityTolerance is \(feasibilityTolerance), expected a finite number ≥ 0")
        }
    }
}

extension MILPSolveOptions {
    private enum CodingKeys: String, CodingKey {
        case timeLimitSeconds, relativeGap, nodeLimit, initialSolution, presolve, cuts, heuristics
        case branching, backtracking, logLevel, feasibilityTolerance, integralityTolerance
    }

    /// Decodes options; `cuts` and `heuristics` are arrays in the encoded form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = MILPSolveOptions()
        self.init(
            timeLimitSeconds: try container.decodeIfPresent(Double.self, forKey: .timeLimitSeconds),
            relativeGap: try container.decodeIfPresent(Double.self, forKey: .relativeGap),
            nodeLimit: try container.decodeIfPresent(Int.self, forKey: .nodeLimit),
            initialSolution: try container.decodeIfPresent([Double].self, forKey: .initialSolution),
            presolve: try container.decodeIfPresent(Bool.self, forKey: .presolve) ?? defaults.presolve,
            cuts: Set(try container.decodeIfPresent([CutKind].self, forKey: .cuts) ?? []),
            heuristics: Set(try container.decodeIfPresent([Heuristic].self, forKey: .heuristics)
                ?? Array(defaults.heuristics)),
            branching: try container.decodeIfPresent(Branching.self, forKey: .branching) ?? defaults.branching,
            backtracking: try container.decodeIfPresent(Backtracking.self, forKey: .backtracking) ?? defaults.backtracking,
            logLevel: try container.decodeIfPresent(LogLevel.self, forKey: .logLevel) ?? defaults.logLevel,
            feasibilityTolerance: try container.decodeIfPresent(Double.self, forKey: .feasibilityTolerance)
                ?? defaults.feasibilityTolerance,
            integralityTolerance: try container.decodeIfPresent(Double.self, forKey: .integralityTolerance))
    }

    /// Encodes options with `cuts` and `heuristics` as arrays sorted by name, so the same
    /// options always encode to the same bytes (a `Set`'s order varies between processes).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(timeLimitSeconds, forKey: .timeLimitSeconds)
        try container.encodeIfPresent(relativeGap, forKey: .relativeGap)
        try container.encodeIfPresent(nodeLimit, forKey: .nodeLimit)
        try container.encodeIfPresent(initialSolution, forKey: .initialSolution)
        try container.encode(presolve, forKey: .presolve)
        try container.encode(cuts.sorted { $0.rawValue < $1.rawValue }, forKey: .cuts)
        try container.encode(heuristics.sorted { $0.rawValue < $1.rawValue }, forKey: .heuristics)
        try container.encode(branching, forKey: .branching)
        try container.encode(backtracking, forKey: .backtracking)
        try container.encode(logLevel, forKey: .logLevel)
        try container.encode(feasibilityTolerance, forKey: .feasibilityTolerance)
        try container.encodeIfPresent(integralityTolerance, forKey: .integralityTolerance)
    }
}
