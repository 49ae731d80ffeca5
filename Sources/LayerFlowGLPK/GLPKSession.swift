import CGLPKShim
import LayerFlow

/// The Swift side of one `lfg_solve` call: owns the callback, the log and the queue of
/// offered solutions, and is passed to C as an unretained `Unmanaged` context pointer.
///
/// It lives only for the duration of ``GLPKSolver/solve(_:options:log:callback:)`` on one
/// thread, so it needs no synchronisation (and is deliberately not `Sendable`).
final class GLPKSession {
    let model: MILPModel
    let options: MILPSolveOptions
    let log: (@Sendable (String) -> Void)?
    let callback: ((MILPProgress) -> MILPCallbackResponse)?

    /// Feasible offered solutions (integers exactly integral) waiting for a heuristic call.
    private var pending: [[Double]] = []
    private var pendingStart = 0
    /// Every solution offered (initial and from the callback), feasible or not.
    private(set) var offeredCount = 0
    /// The best feasible offered solution, returned if GLPK ends with nothing as good.
    private var bestOffered: (objective: Double, values: [Double])?

    init(
        model: MILPModel, options: MILPSolveOptions, log: (@Sendable (String) -> Void)?,
        callback: ((MILPProgress) -> MILPCallbackResponse)?
    ) {
        self.model = model
        self.options = options
        self.log = log
        self.callback = callback
    }

    // MARK: Offered solutions

    /// Checks a candidate, snaps its integer variables to exact integers (GLPK requires it),
    /// and queues it for injection if it is feasible.
    func offer(_ candidate: [Double], origin: String) {
        offeredCount += 1
        guard candidate.count == model.variables.count else {
            log?("layerflow-glpk: \(origin) rejected: \(candidate.count) values for \(model.variables.count) variables")
            return
        }
        var values = candidate
        for index in model.variables.indices where model.variables[index].kind != .continuous {
            values[index] = values[index].rounded() + 0
        }
        let violation = Swift.max(model.maxViolation(candidate), model.maxViolation(values))
        guard violation <= options.feasibilityTolerance else {
            log?("layerflow-glpk: \(origin) rejected: violation \(violation) exceeds \(options.feasibilityTolerance)")
            return
        }
        pending.append(values)
        let objective = model.objectiveValue(values)
        if let best = bestOffered, !isBetter(objective, than: best.objective) { return }
        bestOffered = (objective, values)
    }

    /// Next queued solution, if any.
    func nextPending() -> [Double]? {
        guard pendingStart < pending.count else { return nil }
        defer {
            pendingStart += 1
            if pendingStart == pending.count {
                pending.removeAll(keepingCapacity: true)
                pendingStart = 0
            }
        }
        return pending[pendingStart]
    }

    private func isBetter(_ a: Double, than b: Double) -> Bool {
        model.sense == .maximize ? a > b : a < b
    }

    // MARK: Running the shim

    /// Calls `lfg_solve` with this session as the callback context.
    func run(_ arrays: GLPKProblemArrays, params: lfg_params) throws(MILPSolverError) -> GLPKRun {
        var params = params
        var result = lfg_result()
        var values = [Double](repeating: 0, count: arrays.columnCount)
        let context = Unmanaged.passUnretained(self).toOpaque()
        var callbacks = lfg_callbacks(
            context: context,
            log: log == nil ? nil : glpkLogThunk,
            progress: callback == nil ? nil : glpkProgressThunk,
            next_solution: glpkNextSolutionThunk)
        let code: Int32 = withExtendedLifetime(self) {
            arrays.columnLower.withUnsafeBufferPointer { columnLower in
            arrays.columnUpper.withUnsafeBufferPointer { columnUpper in
            arrays.columnObjective.withUnsafeBufferPointer { columnObjective in
            arrays.columnInteger.withUnsafeBufferPointer { columnInteger in
            arrays.rowLower.withUnsafeBufferPointer { rowLower in
            arrays.rowUpper.withUnsafeBufferPointer { rowUpper in
            arrays.elementRow.withUnsafeBufferPointer { elementRow in
            arrays.elementColumn.withUnsafeBufferPointer { elementColumn in
            arrays.elementValue.withUnsafeBufferPointer { elementValue in
            values.withUnsafeMutableBufferPointer { valuesOut in
                var problem = lfg_problem(
                    maximize: arrays.maximize ? 1 : 0,
                    objective_constant: arrays.objectiveConstant,
                    column_count: Int32(arrays.columnCount),
                    column_lower: columnLower.baseAddress,
                    column_upper: columnUpper.baseAddress,
                    column_objective: columnObjective.baseAddress,
                    column_integer: columnInteger.baseAddress,
                    row_count: Int32(arrays.rowCount),
                    row_lower: rowLower.baseAddress,
                    row_upper: rowUpper.baseAddress,
                    element_count: Int32(arrays.elementCount),
                    element_row: elementRow.baseAddress,
                    element_column: elementColumn.baseAddress,
                    element_value: elementValue.baseAddress)
                return lfg_solve(&problem, &params, &callbacks, &result, valuesOut.baseAddress)
            }}}}}}}}}}
        }
        switch code {
        case Int32(LFG_OK):
            return GLPKRun(result: result, values: values)
        case Int32(LFG_GLPK_ERROR):
            throw .solverError(message: Self.message(of: &result))
        case Int32(LFG_REENTRANT):
            throw .reentrantSolve
        case Int32(LFG_ENV_FAILED):
            throw .solverError(message: "glp_init_env failed: GLPK could not initialise its environment")
        case Int32(LFG_OUT_OF_MEMORY):
            throw .solverError(message: "out of memory in the GLPK shim")
        default:
            throw .solverError(message: "the GLPK shim rejected its arguments (code \(code))")
        }
    }

    static func message(of result: inout lfg_result) -> String {
        withUnsafeBytes(of: &result.message) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    // MARK: Callbacks from C

    fileprivate func progress(_ snapshot: lfg_progress) -> Bool {
        guard let callback else { return false }
        let event: MILPProgress.Event
        switch snapshot.event {
        case Int32(LFG_EVENT_SELECT): event = .nodeSelection
        case Int32(LFG_EVENT_INCUMBENT): event = .improvedIncumbent
        default: event = .heuristicOpportunity
        }
        let incumbent: Double? = snapshot.has_incumbent != 0 ? snapshot.incumbent : nil
        let bound: Double? = snapshot.has_bound != 0 ? snapshot.bound : nil
        let response = callback(MILPProgress(
            event: event, incumbentObjective: incumbent, bestBound: bound,
            relativeGap: MILPProgress.relativeGap(incumbent: incumbent, bound: bound),
            elapsedSeconds: snapshot.elapsed_seconds, nodeCount: Int(snapshot.nodes_processed),
            activeNodes: Int(snapshot.active_nodes)))
        for candidate in response.solutions {
            offer(candidate, origin: "callback solution")
        }
        return response.terminate
    }

    // MARK: Results

    /// A solution for a model decided without calling GLPK.
    func trivialSolution(status: MILPStatus, values: [Double]? = nil, objective: Double? = nil, seconds: Double) -> MILPSolution {
        MILPSolution(
            status: status, objective: objective, bestBound: status == .optimal ? objective : nil,
            relativeGap: status == .optimal ? 0 : nil, values: values,
            statistics: MILPStatistics(seconds: seconds, injectedSolutionsRejected: offeredCount))
    }

    /// Maps what GLPK reported to a ``MILPSolution``.
    func solution(from run: GLPKRun, seconds: Double) throws(MILPSolverError) -> MILPSolution {
        let result = run.result
        var status = try GLPKStatusMapping.status(of: result)
        var objective: Double? = result.has_solution != 0 ? result.objective : nil
        var values: [Double]? = result.has_solution != 0 ? run.values : nil
        var accepted = Int(result.solutions_accepted)
        var untrustedSearch = false
        // GLPK can accept an incumbent that breaks the model on badly scaled rows (e.g. Helix's
        // 5e8 big-M capacities). Such a point is no solution, and a search that pruned against it
        // proves nothing: drop both, keeping only an offered (checked) solution if there is one.
        if let candidate = values, model.maxScaledViolation(candidate) > Swift.max(1e-6, options.feasibilityTolerance) {
            log?("layerflow-glpk: GLPK's solution violates the model (scaled violation \(model.maxScaledViolation(candidate))); discarded, and its bound with it")
            values = nil
            objective = nil
            untrustedSearch = true
            if status == .optimal || status == .gapReached { status = .feasible }
        }
        if status.mayHaveSolution || untrustedSearch, let best = bestOffered, objective.map({ isBetter(best.objective, than: $0) }) ?? true {
            log?("layerflow-glpk: returning the best offered solution; GLPK ended without one as good")
            objective = best.objective
            values = best.values
            accepted += 1
        }
        if untrustedSearch && values == nil { status = .noSolutionFound }
        var bound: Double?
        switch status {
        case .optimal:
            bound = objective
        case .infeasible, .unbounded:
            bound = nil
        default:
            if result.has_bound != 0 {
                bound = result.bound
                // A bound can never be worse than a known solution; clamp rounding noise.
                if let objective, let proven = bound, isBetter(objective, than: proven) { bound = objective }
            }
        }
        if status == .infeasible || status == .unbounded {
            objective = nil
            values = nil
        }
        if untrustedSearch { bound = nil }
        let statistics = MILPStatistics(
            nodes: Int(result.nodes_processed), simplexIterations: Int(result.simplex_iterations), seconds: seconds,
            lpRelaxationObjective: result.has_lp_objective != 0 ? result.lp_objective : nil,
            injectedSolutionsAccepted: accepted, injectedSolutionsRejected: Swift.max(0, offeredCount - accepted))
        return MILPSolution(
            status: status, objective: objective, bestBound: bound,
            relativeGap: status == .optimal ? 0 : MILPProgress.relativeGap(incumbent: objective, bound: bound),
            values: values, statistics: statistics)
    }
}

/// What one `lfg_solve` call returned.
struct GLPKRun {
    var result: lfg_result
    var values: [Double]
}

// C entry points: plain functions without captures, recovering the session from the context.

private let glpkLogThunk: lfg_log_fn = { context, line in
    guard let context, let line else { return }
    let session = Unmanaged<GLPKSession>.fromOpaque(context).takeUnretainedValue()
    session.log?(String(cString: line))
}

private let glpkProgressThunk: lfg_progress_fn = { context, snapshot in
    guard let context, let snapshot else { return 0 }
    let session = Unmanaged<GLPKSession>.fromOpaque(context).takeUnretainedValue()
    return session.progress(snapshot.pointee) ? 1 : 0
}

private let glpkNextSolutionThunk: lfg_solution_fn = { context, x, count in
    guard let context, let x else { return 0 }
    let session = Unmanaged<GLPKSession>.fromOpaque(context).takeUnretainedValue()
    guard let values = session.nextPending(), values.count == Int(count) else { return 0 }
    for (index, value) in values.enumerated() {
        x[index + 1] = value // GLPK's arrays are 1-based
    }
    return 1
}
