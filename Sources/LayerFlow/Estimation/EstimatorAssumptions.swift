/// The workload and runtime assumptions behind `ThroughputEstimator`, with the values it uses by
/// default. See `docs/Guides/Estimator.md` for where each comes from and how the estimate compares
/// with measured tables.
public struct EstimatorAssumptions: Sendable, Hashable, Codable {
    /// Average prompt length in tokens (Helix's dataset average: 750).
    public var promptTokens: Double
    /// Average output length in tokens (Helix's dataset average: 240).
    public var outputTokens: Double
    /// Share of GPU memory the serving runtime may use (vLLM's `gpu_memory_utilization`, 0.9).
    public var memoryUtilisation: Double
    /// Memory the runtime keeps for itself (CUDA context, activation workspace), bytes.
    public var runtimeReserveBytes: Double
    /// Share of the KV cache the scheduler keeps filled on average (Helix's high-water mark, 0.3):
    /// it leaves room for requests whose outputs run long.
    public var kvCacheOccupancy: Double
    /// Most sequences decoded in one step (vLLM's `max_num_seqs`, 256).
    public var maxDecodeBatch: Double
    /// Fraction of the datasheet's dense FP16 throughput that kernels reach.
    public var computeEfficiency: Double
    /// Fraction of the datasheet's memory bandwidth that kernels reach.
    public var memoryBandwidthEfficiency: Double

    public init(
        promptTokens: Double = 750, outputTokens: Double = 240, memoryUtilisation: Double = 0.9,
        runtimeReserveBytes: Double = 1e9, kvCacheOccupancy: Double = 0.3, maxDecodeBatch: Double = 256,
        computeEfficiency: Double = 0.6, memoryBandwidthEfficiency: Double = 0.6
    ) {
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
        self.memoryUtilisation = memoryUtilisation
        self.runtimeReserveBytes = runtimeReserveBytes
        self.kvCacheOccupancy = kvCacheOccupancy
        self.maxDecodeBatch = maxDecodeBatch
        self.computeEfficiency = computeEfficiency
        self.memoryBandwidthEfficiency = memoryBandwidthEfficiency
    }

    /// The default: efficiencies of 0.6, calibrated once against Helix's measured tables (the
    /// pure roofline overestimates them by 1.3–1.9×, see the guide).
    public static let calibrated = EstimatorAssumptions()

    /// The pure roofline: every kernel at the datasheet's peak. An optimistic bound, shown in the
    /// guide beside the calibrated numbers.
    public static let roofline = EstimatorAssumptions(computeEfficiency: 1, memoryBandwidthEfficiency: 1)

    /// Tokens one request brings through a stage: its prompt and its output.
    var tokensPerRequest: Double { promptTokens + outputTokens }
}
