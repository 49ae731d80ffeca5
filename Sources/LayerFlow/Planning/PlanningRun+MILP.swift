import Foundation

extension PlanningRun {
    /// Runs one MILP solve with the run's limits: the remaining time (or the deterministic node
    /// limit), stopping when the task is cancelled; records it in the statistics.
    /// - Returns: nil when the solver library failed on this model (GLPK's internal errors and
    ///   assertions, caught by the shim): the failure is recorded and the search goes on without
    ///   it, so one bad solve never costs the plan the heuristics already have.
    /// - Throws: `MILPSolverError` other than `.solverError` (an invalid model or options).
    func solve(
        _ model: MILPModel, solver: any MILPSolver, label: String, target: Double?, timeShare: Double,
        initialSolution: [Double]? = nil, relativeGap: Double? = nil
    ) throws -> MILPSolution? {
        // No cuts: a refuted target lowers the proven bound, so "infeasible" must be a proof, and
        // GLPK 5.0's cover and MIR cuts cut off feasible integer points of some layer-coverage
        // models (a 4-node cluster whose optimum is 892 tokens/s was "refuted" at 105).
        var solveOptions = MILPSolveOptions(
            relativeGap: relativeGap, initialSolution: initialSolution, cuts: [],
            logLevel: .off, integralityTolerance: 1e-9)
        if let nodes = options.deterministicNodeLimit {
            solveOptions.nodeLimit = nodes
        } else {
            solveOptions.timeLimitSeconds = max(0.05, remaining * timeShare)
        }
        var lastReport = Date.distantPast
        let solution: MILPSolution
        let started = Date()
        do {
            solution = try solver.solve(model, options: solveOptions, log: nil) { _ in
                if Date().timeIntervalSince(lastReport) > 0.2 {
                    lastReport = Date()
                    self.report()
                }
                return self.budget.isExhausted ? .stop : .proceed
            }
        } catch MILPSolverError.solverError(let message) {
            statistics.milpSolves += 1
            statistics.solves.append(PlanResult.SolveRecord(
                model: label, rows: model.constraints.count, columns: model.variables.count, target: target,
                status: .noSolutionFound, seconds: Date().timeIntervalSince(started), nodes: 0,
                error: String(message.split(separator: "\n").first ?? "")))
            publish()
            return nil
        }
        statistics.milpSolves += 1
        statistics.milpNodes += solution.statistics.nodes
        statistics.solves.append(PlanResult.SolveRecord(
            model: label, rows: model.constraints.count, columns: model.variables.count, target: target,
            status: solution.status, seconds: solution.statistics.seconds, nodes: solution.statistics.nodes))
        publish()
        return solution
    }

    /// The layer-coverage target search: ask "does some placement reach T?" for targets between the
    /// plan and the bound. A refuted target becomes the new bound; a solution becomes a candidate plan
    /// (re-evaluated by max-flow). The first target is the plan plus the target gap, which proves
    /// the plan optimal when refuted; when a target stays undecided, higher targets (easier to refute)
    /// lower the bound towards it. Each target is tried first on the coverage-only relaxation (small,
    /// refutes most targets at its root), then on the full model with flows.
    ///
    /// Without a plan, the first target is the smallest positive flow (`minimumPositiveFlow`):
    /// refuting it proves that nothing can be served (the bound drops to 0, status `infeasible`)
    /// instead of halving the bound towards 0 until the time runs out.
    func targetSearch(solver: any MILPSolver) throws {
        var undecided: Double?
        var iterations = 0
        let maxIterations = deterministic ? 24 : 200
        guard var classes = modelingClasses() else { return }
        var exact = classes.members.allSatisfy { $0.count == 1 }
        while !shouldStop && iterations < maxIterations {
            iterations += 1
            let plan = throughput
            let target: Double
            if let floor = undecided {
                target = floor + (bound - floor) / 2
            } else if plan > 0 {
                target = plan * (1 + options.targetGap)
            } else {
                target = minimumPositiveFlow
            }
            guard target < bound * (1 - 1e-12) || (plan == 0 && undecided == nil) else { break }
            phase = .coverageTarget(target)
            report()
            switch try test(target: target, classes: classes, solver: solver) {
            case .refuted:
                // Refuting the smallest positive flow refutes every positive flow.
                lowerBound(to: target <= minimumPositiveFlow ? 0 : target, source: .milpTarget)
            case .reached:
                undecided = nil
            case .unrealized where !exact:
                // Class-level link rows are a relaxation: where its solutions do not realise the
                // target, the same target again on one class per node (exact without a stage
                // limit), when that model is small.
                exact = true
                if let singletons = singletonClasses() {
                    classes = singletons
                    iterations -= 1
                    continue
                }
                fallthrough
            case .undecided, .unrealized:
                if let floor = undecided, target - floor <= 1e-6 * target { return }
                undecided = target
            }
        }
    }

    /// refuted: no placement reaches the target; reached: a plan does; unrealized: the model
    /// has a solution but its placement does not reach the target; undecided: the solver stopped.
    enum TargetOutcome { case refuted, reached, unrealized, undecided }

    /// Most nonzeros of a one-class-per-node model the target search falls back to.
    static let singletonModelNonzeros = 200_000

    /// One class per node, when the layer-coverage model on them stays small: link rows per node
    /// pair, so that without a stage limit the model is exact (its solutions are placements that
    /// reach their flow).
    func singletonClasses() -> NodeClasses? {
        let singletons = NodeClasses(cluster: modelCluster, key: { $0 })
        let size = LayerCoverageFormulation.estimatedSize(
            cluster: modelCluster, classes: singletons,
            options: .init(target: 1, maxStages: options.maxStages, rule: options.rule))
        return size.nonzeros <= Self.singletonModelNonzeros && size.isWithinLimits ? singletons : nil
    }

    /// The classes the layer-coverage models are built on, or nil when the models would be too
    /// large to build and solve (see `LayerCoverageFormulation.estimatedSize`).
    func modelingClasses() -> NodeClasses? {
        let classes = NodeClasses.forModeling(modelCluster)
        let size = LayerCoverageFormulation.estimatedSize(
            cluster: modelCluster, classes: classes,
            options: .init(target: 1, maxStages: options.maxStages, rule: options.rule))
        guard size.isWithinLimits else {
            phase = .milpSkipped(size)
            report()
            return nil
        }
        return classes
    }

    /// The models a target is tried on, weakest and smallest first: coverage only; with a stage
    /// limit, the depth-budget relaxation (flows without hop index, node visits ≤ D · F); the full
    /// model (hop-indexed under a stage limit). Each gets a share of the remaining time.
    enum TargetModel: CaseIterable {
        case coverageOnly, depthBudget, full

        var label: String {
            switch self {
            case .coverageOnly: return "layer-coverage (coverage only)"
            case .depthBudget: return "layer-coverage (depth budget)"
            case .full: return "layer-coverage"
            }
        }

        var method: String {
            switch self {
            case .coverageOnly: return "layer-coverage relaxation"
            case .depthBudget: return "layer-coverage depth-budget relaxation"
            case .full: return "layer-coverage MILP"
            }
        }

        var timeShare: Double {
            switch self {
            case .coverageOnly: return 0.2
            case .depthBudget: return 0.3
            case .full: return 0.5
            }
        }
    }

    func test(target: Double, classes: NodeClasses, solver: any MILPSolver) throws -> TargetOutcome {
        if linkProfile?.classes != classes {
            linkProfile = (classes, LinkProfile(cluster: modelCluster, classes: classes))
        }
        let models = TargetModel.allCases.filter { $0 != .depthBudget || options.maxStages != nil }
        for kind in models where !shouldStop {
            let formulation = LayerCoverageFormulation(
                cluster: modelCluster, classes: classes,
                options: .init(
                    target: target, upperBound: bound, maxStages: options.maxStages, rule: options.rule,
                    coverageOnly: kind == .coverageOnly, depthBudget: kind == .depthBudget),
                linkProfile: linkProfile?.profile)
            guard let solution = try solve(
                formulation.model, solver: solver, label: kind.label, target: target, timeShare: kind.timeShare,
                relativeGap: 1)
            else {
                if kind != .full { continue }
                return .undecided
            }
            switch solution.status {
            case .infeasible:
                return .refuted
            case _ where solution.values != nil:
                let ranges = formulation.ranges(from: solution.values ?? [], nodeCount: cluster.nodes.count)
                let reached = offer(ranges, method: kind.method)
                if reached >= target * (1 - 1e-9) { return .reached }
                // A relaxation's solution that does not realise the target: try the stronger model.
                if kind == .full { return .unrealized }
            default:
                if kind == .full { return .undecided }
            }
        }
        return .undecided
    }

    /// Helix's formulation, warm-started from the incumbent: maximise, keep GLPK's best bound.
    func solveHelix(solver: any MILPSolver) throws {
        let size = HelixFormulation.estimatedSize(cluster: modelCluster)
        guard size.isWithinLimits else {
            phase = .milpSkipped(size)
            report()
            return
        }
        phase = .helixMILP
        report()
        // Capacities capped by node capacities: the same optimum, and GLPK stays numerically sound
        // (with Helix's 5e8 big-M coefficients it accepts points that break the model).
        let formulation = HelixFormulation(cluster: modelCluster, tightArcCapacities: true)
        var warmStart: [Double]?
        if let incumbent {
            // Helix gives every node at least one layer: idle nodes get a layer that carries no flow.
            warmStart = try? formulation.values(for: Placement(cluster: modelCluster, rangesByNodeIndex: incumbent.ranges))
        }
        guard let solution = try solve(
            formulation.model, solver: solver, label: "helix", target: nil, timeShare: 1,
            initialSolution: warmStart, relativeGap: options.targetGap)
        else { return }
        if let values = solution.values {
            offer(formulation.placement(from: values).rangesByNodeIndex(in: cluster), method: "helix MILP")
        }
        if let milpBound = solution.bestBound, solution.status != .cancelled, options.pruning == nil {
            lowerBound(to: milpBound, source: .milpBound)
        }
    }
}
