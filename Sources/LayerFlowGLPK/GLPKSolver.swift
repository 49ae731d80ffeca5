import CGLPKShim
import Foundation
import LayerFlow

/// The GLPK backend of `MILPSolver`: branch-and-cut with GLPK's `glp_intopt`, through the
/// `CGLPKShim` C target.
///
/// GLPK's internal errors, which would otherwise `abort()` the process, arrive as
/// `MILPSolverError.solverError(message:)` with GLPK's own message. GLPK's terminal output
/// goes to the `log` closure only, never to stdout. See `docs/Guides/GLPK.md`.
///
/// Threading: a solve builds, solves and frees its GLPK problem on the calling thread and
/// blocks it. Debian's libglpk keeps its environment in thread-local storage
/// (``isThreadLocal``), so solves on different threads run in parallel without a lock. A
/// callback must not start another solve on its own thread (`MILPSolverError.reentrantSolve`).
public struct GLPKSolver: MILPSolver {
    /// `"GLPK"`.
    public var name: String { "GLPK" }
    /// The linked library's `glp_version()`, e.g. `"5.0"`.
    public var version: String { Self.libraryVersion }

    /// Creates the solver; it holds no state, so one value can be shared freely.
    public init() {}

    /// The linked library's `glp_version()`, read once per process.
    public static let libraryVersion: String = {
        var buffer = [CChar](repeating: 0, count: 64)
        let code = buffer.withUnsafeMutableBufferPointer { lfg_glpk_version($0.baseAddress, Int32($0.count)) }
        guard code == Int32(LFG_OK) else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Whether the linked GLPK keeps its environment in thread-local storage
    /// (`glp_config("TLS")`). When `true`, solves on different threads are independent; when
    /// `false`, ``solve(_:options:log:callback:)`` serialises all GLPK use through a
    /// process-wide lock.
    public static var isThreadLocal: Bool { lfg_glpk_thread_local() != 0 }

    /// Solves `model` with GLPK on the calling thread.
    ///
    /// Steps: validate; lower to GLPK's arrays (see the guide for bound rounding and duplicate
    /// merging); solve the LP relaxation with `glp_simplex` (its objective is the first proven
    /// bound); run `glp_intopt` with the options, the time limit and the callback trampoline;
    /// map GLPK's return code and `glp_mip_status` to `MILPStatus`.
    ///
    /// Option notes: with `MILPSolveOptions.initialSolution` set, GLPK's MIP presolver is
    /// turned off so the solution can be injected (`glp_ios_heur_sol` works on the original
    /// columns only). Solutions offered by the callback while the presolver is on are counted
    /// as rejected. If GLPK ends without a solution at least as good as a feasible offered
    /// one, the offered one is returned.
    ///
    /// - Throws: `MILPSolverError`: invalid model or options, GLPK errors, re-entrant use.
    public func solve(
        _ model: MILPModel, options: MILPSolveOptions, log: (@Sendable (String) -> Void)?,
        callback: ((MILPProgress) -> MILPCallbackResponse)?
    ) throws -> MILPSolution {
        let clock = ContinuousClock()
        let start = clock.now
        try model.validate()
        try options.validate(for: model)
        let arrays = try GLPKProblemArrays(model: model)

        let session = GLPKSession(model: model, options: options, log: log, callback: callback)
        if let initial = options.initialSolution {
            session.offer(initial, origin: "initial solution")
        }
        if let column = arrays.firstEmptyColumn {
            log?("layerflow-glpk: variable \(column) '\(model.variables[column].name)' has no integer value within its bounds; the model is infeasible")
            return session.trivialSolution(status: .infeasible, seconds: start.duration(to: clock.now).seconds)
        }
        if arrays.columnCount == 0 {
            let feasible = model.maxViolation([]) <= options.feasibilityTolerance
            return session.trivialSolution(
                status: feasible ? .optimal : .infeasible, values: feasible ? [] : nil,
                objective: feasible ? model.objectiveConstant : nil, seconds: start.duration(to: clock.now).seconds)
        }

        var params = lfg_default_params()
        params.message_level = Int32(log == nil ? LFG_MSG_OFF : Self.messageLevel(options.logLevel))
        params.time_limit_seconds = options.timeLimitSeconds ?? 0
        params.mip_gap = options.relativeGap ?? 0
        params.integrality_tolerance = options.integralityTolerance ?? 0
        params.node_limit = Int64(options.nodeLimit ?? 0)
        let presolve = options.presolve && options.initialSolution == nil
        if options.presolve && !presolve {
            log?("layerflow-glpk: MIP presolver off so that the initial solution can be injected")
        }
        params.presolve = presolve ? 1 : 0
        params.branching = Int32(Self.branching(options.branching))
        params.backtracking = Int32(Self.backtracking(options.backtracking))
        params.gomory_cuts = options.cuts.contains(.gomory) ? 1 : 0
        params.mir_cuts = options.cuts.contains(.mir) ? 1 : 0
        params.cover_cuts = options.cuts.contains(.cover) ? 1 : 0
        params.clique_cuts = options.cuts.contains(.clique) ? 1 : 0
        params.feasibility_pump = options.heuristics.contains(.feasibilityPump) ? 1 : 0
        params.proximity_search = options.heuristics.contains(.proximitySearch) ? 1 : 0
        params.simple_rounding = options.heuristics.contains(.simpleRounding) ? 1 : 0

        do {
            let run = try Self.serialised { try session.run(arrays, params: params) }
            return try session.solution(from: run, seconds: start.duration(to: clock.now).seconds)
        } catch let error as MILPSolverError {
            // GLPK 5.0's cover-cut generator fails on some tiny models (a knapsack row whose
            // columns are all fixed at the root: "glp_add_cols: ncs = 0; invalid number of
            // columns"). The model is fine: solve it again without cover cuts.
            guard case .solverError(let message) = error, params.cover_cuts == 1 else { throw error }
            log?("layerflow-glpk: GLPK failed with cover cuts on (\(message.split(separator: "\n").first ?? "")); solving again without them")
            var retry = params
            retry.cover_cuts = 0
            if let limit = options.timeLimitSeconds {
                retry.time_limit_seconds = max(0.001, limit - start.duration(to: clock.now).seconds)
            }
            let again = GLPKSession(model: model, options: options, log: log, callback: callback)
            if let initial = options.initialSolution { again.offer(initial, origin: "initial solution") }
            let run = try Self.serialised { try again.run(arrays, params: retry) }
            return try again.solution(from: run, seconds: start.duration(to: clock.now).seconds)
        }
    }

    /// Runs `body` under the process-wide lock when GLPK is not thread-local, else directly.
    static func serialised<T>(_ body: () throws -> T) rethrows -> T {
        if isThreadLocal { return try body() }
        globalLock.lock()
        defer { globalLock.unlock() }
        return try body()
    }

    private static let globalLock = NSRecursiveLock()

    static func messageLevel(_ level: MILPSolveOptions.LogLevel) -> Int {
        switch level {
        case .off: return Int(LFG_MSG_OFF)
        case .errors: return Int(LFG_MSG_ERR)
        case .normal: return Int(LFG_MSG_ON)
        case .verbose: return Int(LFG_MSG_ALL)
        }
    }

    static func branching(_ branching: MILPSolveOptions.Branching) -> Int {
        switch branching {
        case .firstFractional: return Int(LFG_BR_FFV)
        case .lastFractional: return Int(LFG_BR_LFV)
        case .mostFractional: return Int(LFG_BR_MFV)
        case .driebeckTomlin: return Int(LFG_BR_DTH)
        case .pseudoCost: return Int(LFG_BR_PCH)
        }
    }

    static func backtracking(_ backtracking: MILPSolveOptions.Backtracking) -> Int {
        switch backtracking {
        case .depthFirst: return Int(LFG_BT_DFS)
        case .breadthFirst: return Int(LFG_BT_BFS)
        case .bestBound: return Int(LFG_BT_BLB)
        case .bestProjection: return Int(LFG_BT_BPH)
        }
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
