/// How the planner searches: limits, rule, formulation, depth.
public struct PlanOptions: Sendable, Hashable, Codable {
    /// Which MILP the planner hands its solver.
    public enum Formulation: String, Sendable, Hashable, Codable, CaseIterable {
        /// LayerFlow's layer-coverage formulation, driven as a target search (see `docs/Guides/Planner.md`).
        case layerCoverage
        /// Helix's exact formulation (per-node starts, one-hot layer counts, big-M arc switches),
        /// warm-started from the best heuristic plan. For comparison and export.
        case helix
        /// No MILP: heuristics and solver-free bounds only.
        case none
    }

    /// Helix-style link pruning: keep each node's fastest links (see `Cluster.pruned`).
    public struct LinkPruning: Sendable, Hashable, Codable {
        public var minKeep: Int
        public var maxKeep: Int
        public var keepBandwidthThreshold: Double

        public init(minKeep: Int, maxKeep: Int, keepBandwidthThreshold: Double) {
            self.minKeep = minKeep
            self.maxKeep = maxKeep
            self.keepBandwidthThreshold = keepBandwidthThreshold
        }
    }

    /// Wall-clock limit for the whole plan, seconds (ignored in deterministic mode, where work is
    /// counted in branch-and-bound nodes instead).
    public var timeLimitSeconds: Double
    /// Seeds every randomised choice.
    public var seed: UInt64
    /// Stop once (bound − plan) / plan ≤ this.
    public var targetGap: Double
    public var rule: ContiguityRule
    public var formulation: Formulation
    /// The most nodes any request may pass through (nil: no limit).
    public var maxStages: Int?
    /// When set, every MILP solve is limited to this many branch-and-bound nodes and the search to a
    /// fixed number of solves, instead of seconds: the same inputs give byte-identical plans.
    public var deterministicNodeLimit: Int?
    public var pruning: LinkPruning?
    /// What the plan optimizes (default: max flow, proven against the bound).
    public var objective: PlanObjective

    public init(
        timeLimitSeconds: Double = 60, seed: UInt64 = 0, targetGap: Double = 1e-6,
        rule: ContiguityRule = .strict, formulation: Formulation = .layerCoverage, maxStages: Int? = nil,
        deterministicNodeLimit: Int? = nil, pruning: LinkPruning? = nil, objective: PlanObjective = .maxFlow
    ) {
        self.timeLimitSeconds = timeLimitSeconds
        self.seed = seed
        self.targetGap = targetGap
        self.rule = rule
        self.formulation = formulation
        self.maxStages = maxStages
        self.deterministicNodeLimit = deterministicNodeLimit
        self.pruning = pruning
        self.objective = objective
    }

    private enum CodingKeys: String, CodingKey {
        case timeLimitSeconds, seed, targetGap, rule, formulation, maxStages, deterministicNodeLimit, pruning, objective
    }

    /// Reads options; plan files written before objectives existed have none (max flow).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            timeLimitSeconds: try container.decode(Double.self, forKey: .timeLimitSeconds),
            seed: try container.decode(UInt64.self, forKey: .seed),
            targetGap: try container.decode(Double.self, forKey: .targetGap),
            rule: try container.decode(ContiguityRule.self, forKey: .rule),
            formulation: try container.decode(Formulation.self, forKey: .formulation),
            maxStages: try container.decodeIfPresent(Int.self, forKey: .maxStages),
            deterministicNodeLimit: try container.decodeIfPresent(Int.self, forKey: .deterministicNodeLimit),
            pruning: try container.decodeIfPresent(LinkPruning.self, forKey: .pruning),
            objective: try container.decodeIfPresent(PlanObjective.self, forKey: .objective) ?? .maxFlow)
    }
}

/// Why options were rejected.
public enum PlanOptionsError: LayerFlowError, Hashable {
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case let .invalid(field, reason): return "\(field): \(reason)"
        }
    }
}

extension PlanOptions {
    /// - Throws: `PlanOptionsError` naming the option.
    public func validate() throws {
        if !(timeLimitSeconds > 0 && timeLimitSeconds.isFinite) {
            throw PlanOptionsError.invalid(field: "timeLimitSeconds", reason: "\(timeLimitSeconds) must be a positive number of seconds")
        }
        if !(targetGap >= 0 && targetGap.isFinite) {
            throw PlanOptionsError.invalid(field: "targetGap", reason: "\(targetGap) must be ≥ 0")
        }
        if let maxStages, maxStages < 1 {
            throw PlanOptionsError.invalid(field: "maxStages", reason: "\(maxStages) must be ≥ 1")
        }
        if let limit = deterministicNodeLimit, limit < 1 {
            throw PlanOptionsError.invalid(field: "deterministicNodeLimit", reason: "\(limit) must be ≥ 1")
        }
        if formulation == .helix && rule != .strict {
            throw PlanOptionsError.invalid(field: "formulation", reason: "Helix's formulation models strict contiguity only")
        }
        if let pruning, pruning.minKeep < 0 || pruning.maxKeep < pruning.minKeep {
            throw PlanOptionsError.invalid(field: "pruning", reason: "need 0 ≤ minKeep ≤ maxKeep")
        }
        if let workload = objective.workload {
            do {
                try workload.validate()
            } catch {
                throw PlanOptionsError.invalid(field: "objective", reason: error.description)
            }
        }
        if case .serviceLevel(let level, _) = objective {
            for (value, field) in [(level.timePerOutputTokenSeconds, "timePerOutputTokenSeconds"), (level.timeToFirstTokenSeconds, "timeToFirstTokenSeconds")] {
                if let value, !(value.isFinite && value > 0) {
                    throw PlanOptionsError.invalid(field: field, reason: "\(value) must be a positive number of seconds")
                }
            }
            if level.timePerOutputTokenSeconds == nil && level.timeToFirstTokenSeconds == nil {
                throw PlanOptionsError.invalid(field: "objective", reason: "a service level needs a time-per-output-token or time-to-first-token target")
            }
        }
    }
}

extension PlanOptionsError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind { .invalidOption }
}
