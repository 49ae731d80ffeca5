import LayerFlow

/// What a simulated plan delivered. Every figure comes from the simulated events.
public struct SimulationReport: Sendable, Hashable, Codable {
    /// Mean, median and tail of a set of latencies, in seconds.
    public struct LatencySummary: Sendable, Hashable, Codable {
        public var mean: Double
        public var p50: Double
        public var p95: Double
        public var p99: Double
        public var count: Int
        /// The 0th, 1st, …, 100th percentiles (101 values; empty when there are no samples), for
        /// drawing the distribution.
        public var percentiles: [Double]

        public init(mean: Double, p50: Double, p95: Double, p99: Double, count: Int, percentiles: [Double] = []) {
            self.mean = mean
            self.p50 = p50
            self.p95 = p95
            self.p99 = p99
            self.count = count
            self.percentiles = percentiles
        }

        public static let empty = LatencySummary(mean: 0, p50: 0, p95: 0, p99: 0, count: 0)
    }

    /// One compute node over the window.
    public struct NodeReport: Sendable, Hashable, Codable {
        public var id: String
        public var type: String
        public var layers: LayerRange
        /// Fraction of the window the node spent executing batches.
        public var busyFraction: Double
        /// Most KV slots (token·layers) in use at any moment of the run.
        public var kvPeakTokenLayers: Int
        /// KV slots still held when the run ended (0 once every query has finished).
        public var kvInUseAtEndTokenLayers: Int
        /// The node's KV capacity in token·layers.
        public var kvCapacityTokenLayers: Int
        /// Layer batches the node ran in the window, and their mean size in requests.
        public var batches: Int
        public var meanBatchRequests: Double
    }

    /// One bucket of the time series.
    public struct TimePoint: Sendable, Hashable, Codable {
        /// Start of the bucket, seconds from t = 0 (like the window; loading included). Buckets start
        /// at serving start.
        public var timeSeconds: Double
        /// Seconds of the bucket the run covered: the interval, except for a last bucket cut short
        /// by the end of the run.
        public var coveredSeconds: Double
        /// Prompt + decode tokens finished in the bucket ÷ its covered seconds.
        public var tokensPerSecond: Double
        /// Decode tokens finished in the bucket ÷ its covered seconds.
        public var decodeTokensPerSecond: Double
        /// Queries admitted and not finished at the bucket's end.
        public var inFlightRequests: Int
        /// Queries waiting for admission at the bucket's end (LayerFlow routing only).
        public var queuedRequests: Int
        /// Highest real KV use over the layers (used ÷ capacity of the layer's holders) at the end.
        public var kvUse: Double
    }

    public var workload: String
    public var routing: SimulationOptions.Routing
    public var execution: SimulationOptions.Execution
    /// Max flow of the plan's network (our own max-flow), tokens/s.
    public var maxFlowTokensPerSecond: Double
    /// Time spent loading weights before serving starts (Helix: ceil(max load) + 1 s).
    public var loadSeconds: Double
    /// The measurement window, seconds from t = 0 (loading included).
    public var windowStartSeconds: Double
    public var windowEndSeconds: Double

    /// Prompt + decode tokens of the iterations finished in the window ÷ window length.
    public var realizedTokensPerSecond: Double
    /// Helix's "Total time usage" figure: all tokens of every finished iteration ÷ the finish time
    /// of the last one, measured from t = 0.
    public var totalTimeUsageTokensPerSecond: Double
    public var totalTimeUsageSeconds: Double
    /// Decode iterations finished in the window ÷ window length (Helix's "Avg decode speed").
    public var decodeTokensPerSecond: Double
    /// Prompt round trips (arrival at the coordinator to the first token back), in the window.
    public var promptLatencySeconds: LatencySummary
    /// Time between consecutive tokens of a query (one decode round trip), in the window.
    public var decodeLatencySeconds: LatencySummary
    /// Mean number of admitted, unfinished queries over the window (sampled at every event).
    public var meanInFlightRequests: Double

    public var issuedRequests: Int
    public var completedRequests: Int
    public var rejectedRequests: Int
    public var inFlightRequests: Int
    /// Queries waiting for admission at the end (LayerFlow routing queues instead of dropping).
    public var queuedRequests: Int
    /// Iterations whose real KV allocation found a node full (Helix aborts; we record and go on).
    public var kvOverflowEvents: Int

    public var simulatedSeconds: Double
    public var wallSeconds: Double
    public var events: Int

    public var nodes: [NodeReport]
    public var timeSeries: [TimePoint]
    /// The memory-pressure policy's drops, restores and observations; nil when it is off.
    public var memoryPressure: MemoryPressureReport? = nil
}
