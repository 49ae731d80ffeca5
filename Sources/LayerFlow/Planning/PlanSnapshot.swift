import Foundation
import Synchronization

/// The best plan and bound of a running search, published by the planning thread after every
/// improvement, so that a result can be made at any moment from any thread (cancellation returns
/// at once instead of waiting for a solver to reach its next callback).
final class PlanSnapshot: Sendable {
    struct State: Sendable {
        var ranges: [LayerRange?]?
        var throughput: Double
        var method: String?
        var bound: Double
        var boundSource: PlanResult.BoundSource
        var statistics: PlanResult.Statistics
        var start: Date

        /// The result for this state: placement re-evaluated by max-flow, depth, gap, provenance.
        func result(
            cluster: Cluster, options: PlanOptions, solver: (any MILPSolver)?, status: PlanResult.Status
        ) throws -> PlanResult {
            let ranges = self.ranges ?? [LayerRange?](repeating: nil, count: cluster.nodes.count)
            let placement = Placement(cluster: cluster, rangesByNodeIndex: ranges)
            let (evaluation, depth) = try cluster.evaluateWithDepth(placement, rule: options.rule)
            let throughput = evaluation.throughputTokensPerSecond
            // A bound computed in floating point can land an ulp below a plan that meets it exactly.
            let bound = max(self.bound, throughput)
            let gap = PlanResult.gap(throughput: throughput, bound: bound)
            let usesSolver = options.formulation != .none
            return PlanResult(
                status: status, placement: placement, throughputTokensPerSecond: throughput,
                upperBoundTokensPerSecond: bound, boundSource: boundSource, gap: gap, depth: depth,
                evaluation: evaluation, statistics: statistics,
                provenance: PlanResult.Provenance(
                    layerflowVersion: LayerFlowVersion.current,
                    solver: usesSolver ? solver?.name : nil, solverVersion: usesSolver ? solver?.version : nil,
                    options: options, method: method ?? "none", seconds: Date().timeIntervalSince(start)))
        }
    }

    private let state = Mutex<State?>(nil)

    func store(_ value: State) { state.withLock { $0 = value } }

    func load() -> State {
        state.withLock { $0 } ?? State(
            ranges: nil, throughput: 0, method: nil, bound: 0, boundSource: .computeBound,
            statistics: PlanResult.Statistics(), start: Date())
    }
}

/// Resumes a continuation once, from whichever side gets there first: the planning thread with
/// its final result, or the cancellation handler with the latest snapshot. A result that arrives
/// before the continuation is installed is kept and delivered on installation.
final class ResumeOnce: Sendable {
    private enum State {
        case waiting
        case installed(CheckedContinuation<PlanResult, Error>)
        case pending(Result<PlanResult, Error>)
        case finished
    }

    private let state = Mutex<State>(.waiting)

    func install(_ continuation: CheckedContinuation<PlanResult, Error>) {
        let pending: Result<PlanResult, Error>? = state.withLock { current in
            switch current {
            case .waiting:
                current = .installed(continuation)
                return nil
            case .pending(let result):
                current = .finished
                return result
            case .installed, .finished:
                return nil
            }
        }
        if let pending { continuation.resume(with: pending) }
    }

    func resume(with result: Result<PlanResult, Error>) {
        let continuation: CheckedContinuation<PlanResult, Error>? = state.withLock { current in
            switch current {
            case .waiting:
                current = .pending(result)
                return nil
            case .installed(let continuation):
                current = .finished
                return continuation
            case .pending, .finished:
                return nil
            }
        }
        continuation?.resume(with: result)
    }
}
