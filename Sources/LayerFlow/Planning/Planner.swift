import Foundation

/// Plans a placement for a cluster as an anytime search: heuristics and an exact stage-aligned
/// dynamic program give plans, solver-free bounds and MILP proofs give a proven upper bound, and
/// the search stops when the gap between them reaches the target, the time runs out, or the task
/// is cancelled. Every plan's throughput is recomputed by LayerFlow's max-flow.
///
/// The MILP solver is optional: without one (for example when GLPK is not linked) the planner still
/// returns its heuristic plan and solver-free bound. A solver runs on a dedicated thread: GLPK keeps
/// per-thread state and its solves block. See `docs/Guides/Planner.md`.
public struct Planner: Sendable {
    public let solver: (any MILPSolver)?

    public init(solver: (any MILPSolver)? = nil) {
        self.solver = solver
    }

    /// Plans `cluster`. Under a serving objective (`options.objective`), plans one candidate per
    /// useful stage limit within the same time limit and returns the best by ``ServingEstimate``
    /// (`LayerFlowSimulator`'s `ServingPlanner` also confirms them in the simulator).
    /// - Parameters:
    ///   - cluster: the cluster to plan.
    ///   - options: time limit, objective, stage limit, rule; validated before any work.
    ///   - progress: called on the planning thread whenever the plan or the bound improves and
    ///     periodically during MILP solves.
    /// - Returns: the best plan found; status `.cancelled` (with the best plan so far) when the
    ///   calling task is cancelled.
    /// - Throws: `PlanOptionsError` for invalid options; `MILPSolverError` for a model or options
    ///   the solver rejects (a failure of the solver library on one model is recorded in
    ///   `statistics.solves` and the search goes on without it).
    public func plan(
        _ cluster: Cluster, options: PlanOptions = PlanOptions(),
        progress: (@Sendable (PlanProgress) -> Void)? = nil
    ) async throws -> PlanResult {
        try options.validate()
        if options.objective != .maxFlow { return try await planForServing(cluster, options: options, progress: progress) }
        let flag = CancellationFlag()
        let snapshot = PlanSnapshot()
        let once = ResumeOnce()
        let solver = self.solver
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PlanResult, Error>) in
                once.install(continuation)
                let thread = Thread {
                    do {
                        let run = PlanningRun(
                            cluster: cluster, options: options, solver: solver, cancellation: flag, progress: progress,
                            snapshot: snapshot)
                        once.resume(with: .success(try run.run()))
                    } catch {
                        once.resume(with: .failure(error))
                    }
                }
                thread.name = "layerflow-planner"
                thread.stackSize = 16 << 20
                thread.start()
            }
        } onCancel: {
            // Stop the search, and answer now with the best plan so far: a solver may take a while
            // to reach its next callback (GLPK's simplex has none), and the caller should not wait.
            flag.raise()
            once.resume(with: Result {
                try snapshot.load().result(cluster: cluster, options: options, solver: solver, status: .cancelled)
            })
        }
    }

    /// Plans once per stage limit in `stages`, so a user can see what each extra stage buys.
    /// Each run gets `options.timeLimitSeconds`. Limits above min(nodes, layers) are left out: no
    /// path has more stages, so they would repeat that plan (the result has one entry per limit
    /// kept, from `stages.lowerBound`).
    public func depthSweep(
        _ cluster: Cluster, stages: ClosedRange<Int>, options: PlanOptions = PlanOptions(),
        progress: (@Sendable (Int, PlanProgress) -> Void)? = nil
    ) async throws -> [PlanResult] {
        var results: [PlanResult] = []
        let deepest = min(cluster.nodes.count, cluster.model.layerCount)
        guard stages.lowerBound <= deepest else { return [] }
        for limit in stages.lowerBound...min(stages.upperBound, deepest) {
            var limited = options
            limited.maxStages = limit
            var forward: (@Sendable (PlanProgress) -> Void)?
            if let progress {
                forward = { progress(limit, $0) }
            }
            results.append(try await plan(cluster, options: limited, progress: forward))
            if Task.isCancelled { break }
        }
        return results
    }
}
