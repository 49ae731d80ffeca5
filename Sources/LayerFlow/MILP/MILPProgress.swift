/// A snapshot of a running branch-and-bound search, passed to a solve's callback.
public struct MILPProgress: Sendable, Hashable {
    /// The moment in the search at which the callback is called.
    public enum Event: String, Sendable, Hashable, Codable {
        /// The solver is about to pick the next open node.
        case nodeSelection
        /// The solver has just found a better integer solution.
        case improvedIncumbent
        /// The solver asks for heuristic solutions; offered solutions are injected now.
        case heuristicOpportunity
    }

    /// Why the callback is being called.
    public var event: Event
    /// Objective of the best integer solution so far, constant included; `nil` before the first.
    public var incumbentObjective: Double?
    /// Tightest proven bound on the optimum so far (upper for maximisation, lower for minimisation).
    public var bestBound: Double?
    /// `|bound − incumbent| / (|incumbent| + ε)` with `ε` = `Double.ulpOfOne`; `nil` without both.
    public var relativeGap: Double?
    /// Wall-clock seconds since the solve began.
    public var elapsedSeconds: Double
    /// Branch-and-bound nodes whose processing has begun.
    public var nodeCount: Int
    /// Open nodes still to be explored.
    public var activeNodes: Int

    /// Creates a snapshot (solver backends fill it in).
    public init(
        event: Event, incumbentObjective: Double?, bestBound: Double?, relativeGap: Double?,
        elapsedSeconds: Double, nodeCount: Int, activeNodes: Int
    ) {
        self.event = event
        self.incumbentObjective = incumbentObjective
        self.bestBound = bestBound
        self.relativeGap = relativeGap
        self.elapsedSeconds = elapsedSeconds
        self.nodeCount = nodeCount
        self.activeNodes = activeNodes
    }

    /// The relative gap as GLPK defines it: `|bound − incumbent| / (|incumbent| + ε)`.
    public static func relativeGap(incumbent: Double?, bound: Double?) -> Double? {
        guard let incumbent, let bound else { return nil }
        return Swift.abs(bound - incumbent) / (Swift.abs(incumbent) + Double.ulpOfOne)
    }
}

/// What a solve's callback tells the solver.
///
/// The callback runs on the solver's thread, often (at every node selection, improved
/// incumbent and heuristic opportunity), so it should return quickly.
public struct MILPCallbackResponse: Sendable, Hashable {
    /// Stop the search now; the solve returns ``MILPStatus/cancelled`` with the best solution so far.
    public var terminate: Bool
    /// Full candidate solutions (one value per variable) to offer as incumbents. They are
    /// injected at the next heuristic opportunity; the solver keeps only feasible ones that
    /// improve on its incumbent.
    public var solutions: [[Double]]

    /// Creates a response.
    public init(terminate: Bool = false, solutions: [[Double]] = []) {
        self.terminate = terminate
        self.solutions = solutions
    }

    /// Continue the search, offering nothing.
    public static let proceed = MILPCallbackResponse()
    /// Stop the search.
    public static let stop = MILPCallbackResponse(terminate: true)
}
