/// What the planner optimizes.
///
/// Max flow is a capacity proxy: it rewards deep pipelines whose requests cross many stages, which
/// in a serving loop (KV-limited concurrency ÷ round trip) realize little more and wait much longer.
/// The serving objectives rank candidate plans of every useful depth with ``ServingEstimate`` and
/// keep the proven max-flow bound as before; `LayerFlowSimulator`'s `ServingPlanner` then confirms
/// the best few in the simulator. See `docs/Guides/Planner.md`, "Planning for what users get".
public enum PlanObjective: Sendable, Hashable, Codable {
    /// The highest max flow, then the shallowest plan (the anytime planner's proof target).
    case maxFlow
    /// The highest predicted realized throughput under the workload; ties by lower latency.
    case realized(ServingWorkload)
    /// The highest throughput whose predicted latencies meet the targets: at the workload's offered
    /// load when it has one (`.offered`), otherwise at the highest load that meets them.
    case serviceLevel(ServiceLevel, ServingWorkload)

    /// The serving workload the objective scores plans under, nil for `maxFlow`.
    public var workload: ServingWorkload? {
        switch self {
        case .maxFlow: return nil
        case .realized(let workload), .serviceLevel(_, let workload): return workload
        }
    }
}

/// Latency targets (p95 in the simulator; the estimate's means must meet them to be a candidate).
public struct ServiceLevel: Sendable, Hashable, Codable {
    /// Target time per output token, seconds.
    public var timePerOutputTokenSeconds: Double?
    /// Target time to first token, seconds.
    public var timeToFirstTokenSeconds: Double?

    public init(timePerOutputTokenSeconds: Double? = nil, timeToFirstTokenSeconds: Double? = nil) {
        self.timePerOutputTokenSeconds = timePerOutputTokenSeconds
        self.timeToFirstTokenSeconds = timeToFirstTokenSeconds
    }

    /// Whether latencies `tpot` and `ttft` (seconds) meet every target given.
    public func isMet(timePerOutputToken tpot: Double, timeToFirstToken ttft: Double) -> Bool {
        (timePerOutputTokenSeconds.map { tpot <= $0 } ?? true) && (timeToFirstTokenSeconds.map { ttft <= $0 } ?? true)
    }
}
