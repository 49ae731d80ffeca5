/// A plan a planning run has scored: ranges by node position, its max flow, the stages on its
/// deepest flow-carrying path, and the method that made it.
struct PlanningCandidate {
    var ranges: [LayerRange?]
    var throughput: Double
    var stages: Int
    var method: String
}

/// Why a planning run stopped early.
enum StopReason: Equatable {
    case cancelled
    case timeLimit
    case gapClosed
}

/// Which of two scored plans a planning run keeps: the planner's incumbent rule, as a value, so
/// that other searches (a latency-aware or a minimal-churn planner) can supply their own.
struct IncumbentOrder: Sendable {
    /// True when `candidate` should replace `incumbent` (nil: there is none yet).
    let prefers: @Sendable (_ candidate: PlanningCandidate, _ incumbent: PlanningCandidate?) -> Bool

    func prefers(_ candidate: PlanningCandidate, over incumbent: PlanningCandidate?) -> Bool {
        prefers(candidate, incumbent)
    }

    /// More throughput wins; at equal throughput (to rounding), the shallower plan (lower latency).
    static let throughputThenShallower = IncumbentOrder { candidate, incumbent in
        guard let incumbent else { return true }
        let tie = abs(candidate.throughput - incumbent.throughput) <= 1e-12 * max(candidate.throughput, incumbent.throughput)
        return tie ? candidate.stages < incumbent.stages : candidate.throughput > incumbent.throughput
    }
}
