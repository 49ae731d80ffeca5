/// How a GPU type executes one transformer layer, as a serving simulator needs it: measured
/// per-layer batch times and the per-batch limits the runtime enforces for each layer count.
///
/// The throughput table of ``GPUType`` is a static summary for planning; this profile is the
/// dynamic model behind it. Helix's simulator uses exactly these inputs (`prompt_bs2time.csv`,
/// `decode_bs2time.csv` and the per-layer-count batch settings of its model managers).
public struct ServingProfile: Sendable, Hashable, Codable {
    /// One measured point of a layer-time curve.
    public struct Point: Sendable, Hashable, Codable {
        /// Prompt curve: total prompt tokens in the batch. Decode curve: number of decode sequences.
        public var batch: Int
        /// Time to run one layer on a batch of that size, in milliseconds.
        public var milliseconds: Double

        public init(batch: Int, milliseconds: Double) {
            self.batch = batch
            self.milliseconds = milliseconds
        }
    }

    /// The per-batch limits for a node holding a given number of layers.
    public struct BatchLimits: Sendable, Hashable, Codable {
        /// Most prompts in one batch.
        public var promptMaxRequests: Int
        /// Most prompt tokens (summed over the batch's prompts) in one batch; also the longest prompt
        /// the node accepts, since prompts are never split.
        public var promptMaxTokens: Int
        /// Most decode sequences in one batch.
        public var decodeMaxSequences: Int
        /// Most context tokens, summed over the batch's decode sequences.
        public var decodeMaxContextTokens: Int

        public init(promptMaxRequests: Int, promptMaxTokens: Int, decodeMaxSequences: Int, decodeMaxContextTokens: Int) {
            self.promptMaxRequests = promptMaxRequests
            self.promptMaxTokens = promptMaxTokens
            self.decodeMaxSequences = decodeMaxSequences
            self.decodeMaxContextTokens = decodeMaxContextTokens
        }
    }

    /// Prompt (prefill) layer time by total prompt tokens, ascending by `batch`, starting at 0.
    public var promptLayerTimes: [Point]
    /// Decode layer time by number of decode sequences, ascending by `batch`, starting at 0.
    public var decodeLayerTimes: [Point]
    /// Entry `k - 1`: the batch limits of a node holding `k` layers; `maxLayers` entries.
    public var batchLimitsByLayerCount: [BatchLimits]
    /// Speed at which a node of this type loads weights, bytes per second (Helix: 1e9).
    public var diskBytesPerSecond: Double?

    public init(
        promptLayerTimes: [Point],
        decodeLayerTimes: [Point],
        batchLimitsByLayerCount: [BatchLimits],
        diskBytesPerSecond: Double? = nil
    ) {
        self.promptLayerTimes = promptLayerTimes
        self.decodeLayerTimes = decodeLayerTimes
        self.batchLimitsByLayerCount = batchLimitsByLayerCount
        self.diskBytesPerSecond = diskBytesPerSecond
    }

    /// The batch limits of a node holding `layers` layers (`1...batchLimitsByLayerCount.count`).
    public func batchLimits(layers: Int) -> BatchLimits? {
        guard layers >= 1, layers <= batchLimitsByLayerCount.count else { return nil }
        return batchLimitsByLayerCount[layers - 1]
    }
}
