import LayerFlow

/// What the memory-pressure policy did in a run: each drop and restore with its costs, and the
/// series the trigger observed (KV use, queue, TTFT), one point per observation.
public struct MemoryPressureReport: Sendable, Hashable, Codable {
    /// One drop (replicas fused) or restore (replicas back), from decision to switch.
    public struct Switch: Sendable, Hashable, Codable {
        public var action: PressureTrigger.Action
        /// When the trigger decided, seconds from t = 0.
        public var decidedAtSeconds: Double
        /// Restore only: when the weight reload finished (it runs while the fused pipelines serve).
        public var reloadedAtSeconds: Double?
        /// When the last iteration in the network came back (new iterations held from then).
        public var drainedAtSeconds: Double
        /// When the new placement took over: drained + the KV exchange.
        public var switchedAtSeconds: Double
        /// Groups of node ids fused (a drop) or split again (a restore), in pipeline order.
        public var groups: [[String]]
        /// KV tokens the drop plan adds (memory arithmetic of `DropPlan`); negative on a restore.
        public var addedKVTokens: Int
        /// The simulator's KV capacity in tokens (Σ token·layers ÷ layers) before and after.
        public var kvCapacityTokensBefore: Int
        public var kvCapacityTokensAfter: Int
        /// In-flight requests whose KV moved, the bytes moved, and the seconds the exchange took.
        public var requestsMoved: Int
        public var kvBytesMoved: Double
        public var kvExchangeSeconds: Double
        /// Restore only: weight bytes reloaded and the reload's seconds (0 on a drop).
        public var weightBytesReloaded: Double
        public var reloadSeconds: Double
        /// In-flight requests the new placement could not hold: their KV was dropped and their
        /// prompt queued again (recompute preemption). 0 unless a restore is tight.
        public var requestsPreempted: Int
        /// Max flow of the placement before and after, tokens/s.
        public var maxFlowBeforeTokensPerSecond: Double
        public var maxFlowAfterTokensPerSecond: Double
    }

    /// One observation of the trigger, plus what finished since the previous one.
    public struct Sample: Sendable, Hashable, Codable {
        public var timeSeconds: Double
        /// What the trigger saw: max(real KV in use, KV reserved by admitted requests) ÷ capacity.
        public var kvUse: Double
        /// Real KV in use ÷ capacity.
        public var realKVUse: Double
        public var queuedRequests: Int
        public var inFlightRequests: Int
        /// Whether the fused placement was serving.
        public var fused: Bool
        /// Prompts finished since the previous observation, and their TTFT (arrival to first
        /// token) mean and maximum; nil when none finished.
        public var promptsFinished: Int
        public var ttftMeanSeconds: Double?
        public var ttftMaxSeconds: Double?
        /// Prompt + decode tokens finished since the previous observation ÷ the interval.
        public var tokensPerSecond: Double
    }

    public var policy: PressureTriggerPolicy
    public var observationIntervalSeconds: Double
    /// The drop plan the policy applies (its groups, placement after, restore plan).
    public var dropPlan: DropPlan
    public var switches: [Switch]
    public var samples: [Sample]
}
