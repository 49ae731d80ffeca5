/// A backend that solves ``MILPModel``s: GLPK (in the `LayerFlowGLPK` library) or any other.
///
/// The core builds solver-agnostic models; a serving system that needs only max-flow never
/// links a MILP solver. Planners receive a `MILPSolver` value and record its ``name`` and
/// ``version`` as the provenance of a plan.
///
/// Threading: ``solve(_:options:log:callback:)`` runs entirely on the calling thread and
/// blocks it; the callback and the log run on that thread too. Run long solves on a
/// dedicated `Thread` rather than on a Swift-concurrency executor thread.
public protocol MILPSolver: Sendable {
    /// The solver's name, for example `"GLPK"`.
    var name: String { get }
    /// The version of the solver library in use, as the library reports it (for GLPK,
    /// `glp_version()`, e.g. `"5.0"`).
    var version: String { get }

    /// Solves `model` on the calling thread.
    ///
    /// - Parameters:
    ///   - model: the model; it is validated first.
    ///   - options: limits and algorithm choices; a backend maps what it supports and documents
    ///     what it ignores.
    ///   - log: receives the solver's messages line by line (never printed to stdout);
    ///     `nil` discards them.
    ///   - callback: called on the solver's thread during the search (see
    ///     ``MILPProgress/Event``); its ``MILPCallbackResponse`` can stop the search or offer
    ///     incumbent solutions. It must not call `solve` re-entrantly.
    /// - Returns: the outcome; limits and cancellation are statuses, not errors.
    /// - Throws: ``MILPSolverError`` for an invalid model or options, or when the solver
    ///   itself fails (for GLPK: an internal error caught by its error hook).
    func solve(
        _ model: MILPModel, options: MILPSolveOptions, log: (@Sendable (String) -> Void)?,
        callback: ((MILPProgress) -> MILPCallbackResponse)?
    ) throws -> MILPSolution
}

extension MILPSolver {
    /// Solves `model` with `options`, no log and no callback.
    public func solve(_ model: MILPModel, options: MILPSolveOptions = MILPSolveOptions()) throws -> MILPSolution {
        try solve(model, options: options, log: nil, callback: nil)
    }
}

/// Why a ``MILPSolver`` could not produce a ``MILPSolution``.
public enum MILPSolverError: LayerFlowError, Hashable {
    /// The solver library failed; `message` is its own text (for GLPK, what it printed before
    /// it would have aborted, or the meaning of a failure return code).
    case solverError(message: String)
    /// The model is malformed; the text names the variable or constraint.
    case invalidModel(String)
    /// An option is out of range; the text names it.
    case invalidOptions(String)
    /// `solve` was called from inside a callback or log of a solve running on the same thread.
    case reentrantSolve

    /// A one-line description for logs and command-line errors.
    public var description: String {
        switch self {
        case .solverError(let message): return "solver error: \(message)"
        case .invalidModel(let text): return "invalid MILP model: \(text)"
        case .invalidOptions(let text): return "invalid MILP options: \(text)"
        case .reentrantSolve: return "a MILP solve was started from inside a running solve's callback on the same thread"
        }
    }
}

extension MILPSolverError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind { .solverFailure }
}
