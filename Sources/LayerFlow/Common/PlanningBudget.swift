/// What a computation may still spend: a deadline and a cancellation flag.
///
/// The one stop mechanism of the planner. Every loop whose length grows with the input (pipeline
/// counts and depths of the heuristics, their layer-split dynamic programs, the stage-aligned
/// dynamic program and its bisection, swap rounds, the MILP target search) polls `isExhausted`
/// once per iteration and returns its best result so far when it is true. A phase that should
/// leave time to the phases after it runs on a `share` of what remains.
///
/// Polling costs one clock read and one atomic load.
package struct PlanningBudget: Sendable {
    /// The instant after which the budget is spent; nil: no time limit.
    let deadline: ContinuousClock.Instant?
    /// Raised by task cancellation; nil: cannot be cancelled.
    let cancellation: CancellationFlag?

    init(deadline: ContinuousClock.Instant?, cancellation: CancellationFlag?) {
        self.deadline = deadline
        self.cancellation = cancellation
    }

    /// No limit: the computation runs to its end.
    package static let unlimited = PlanningBudget(deadline: nil, cancellation: nil)

    /// A budget of `seconds` of wall-clock time from now: ≤ 0 (or NaN) is already spent, more than
    /// 10⁹ s counts as 10⁹ s.
    package init(seconds: Double) {
        let clamped = seconds.isNaN ? 0 : min(max(seconds, 0), 1e9)
        self.init(deadline: .now + .nanoseconds(Int64(clamped * 1e9)), cancellation: nil)
    }

    /// The same budget, also spent when `flag` is raised.
    func cancelled(by flag: CancellationFlag) -> PlanningBudget {
        PlanningBudget(deadline: deadline, cancellation: flag)
    }

    /// True once the deadline has passed or the computation was cancelled.
    package var isExhausted: Bool { isCancelled || isOutOfTime }

    package var isCancelled: Bool { cancellation?.isRaised ?? false }

    package var isOutOfTime: Bool {
        guard let deadline else { return false }
        return ContinuousClock.now >= deadline
    }

    /// Seconds left (infinity without a deadline, 0 once past it).
    package var remainingSeconds: Double {
        guard let deadline else { return .infinity }
        let left = ContinuousClock.now.duration(to: deadline)
        let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) * 1e-18
        return max(0, seconds)
    }

    /// A budget ending when `fraction` of the time that remains now has passed (or earlier, when
    /// this one ends), with the same cancellation.
    package func share(_ fraction: Double) -> PlanningBudget {
        guard let deadline else { return self }
        let seconds = remainingSeconds * min(max(fraction, 0), 1)
        let end = ContinuousClock.now + .nanoseconds(Int64(seconds * 1e9))
        return PlanningBudget(deadline: min(end, deadline), cancellation: cancellation)
    }
}
