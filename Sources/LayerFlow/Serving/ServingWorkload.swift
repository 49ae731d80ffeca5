/// What the serving estimate assumes about requests and admission: the mean request shape and the
/// expected-KV admission of a Helix-style scheduler.
///
/// The defaults describe Helix's offline example (closed loop, high-water marks 0.8 for feeding and
/// 0.85 per node, 240 expected output tokens) on the Azure-conversation lengths of LayerFlow's
/// default pool; `LayerFlowSimulator` builds one from a workload and simulation options, so that the
/// estimate and the simulator read the same constants.
public struct ServingWorkload: Sendable, Hashable, Codable {
    /// How requests arrive.
    public enum Arrivals: Sendable, Hashable, Codable {
        /// A closed loop that keeps issuing while the scheduler's expected KV use stays at most
        /// `feedHighWaterMark` (Helix's offline feeder): the estimate is what the plan sustains.
        case closedLoop(feedHighWaterMark: Double)
        /// Open-loop arrivals offering this many tokens (input + output) per second.
        case offered(tokensPerSecond: Double)
    }

    public var arrivals: Arrivals
    /// Mean prompt length, tokens.
    public var meanInputTokens: Double
    /// Mean generated length, tokens.
    public var meanOutputTokens: Double
    /// Output tokens the scheduler reserves KV for, per request (Helix: 240 × output ratio).
    public var expectedOutputTokens: Double
    /// A node admits a request while its expected KV use stays at most this fraction.
    public var nodeHighWaterMark: Double
    /// Seconds of CPU work per received activation byte before a node's first layer.
    public var firstLayerOverheadSecondsPerByte: Double
    /// Multiplier on a batch's decode time when it holds exactly one decode.
    public var singleDecodeMultiplier: Double
    /// Delay between a completion and the closed loop's next request, seconds.
    public var issueDelaySeconds: Double
    /// A systematic sample of the workload's (input, output) lengths: the joint distribution, for
    /// the requests in flight (long outputs stay longer, and in Azure's conversations they come
    /// with longer prompts, so in-flight requests reserve more than the mean) and a closed loop's
    /// window.
    public var samples: [RequestSample]?

    /// One request's lengths.
    public struct RequestSample: Sendable, Hashable, Codable {
        public var inputTokens: Double
        public var outputTokens: Double

        public init(inputTokens: Double, outputTokens: Double) {
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
        }
    }
    /// A closed loop's measurement window, seconds after serving start: its requests start together,
    /// and a window shorter than a few request lifetimes sees fewer prompts than the steady state.
    public var window: MeasurementWindow?

    /// Where a measurement window lies, from serving start.
    public struct MeasurementWindow: Sendable, Hashable, Codable {
        public var startSeconds: Double
        public var lengthSeconds: Double

        public init(startSeconds: Double, lengthSeconds: Double) {
            self.startSeconds = startSeconds
            self.lengthSeconds = lengthSeconds
        }
    }

    public init(
        arrivals: Arrivals = .closedLoop(feedHighWaterMark: 0.8), meanInputTokens: Double, meanOutputTokens: Double,
        expectedOutputTokens: Double = 240, nodeHighWaterMark: Double = 0.85,
        firstLayerOverheadSecondsPerByte: Double = 1 / 4e9 + 1 / 5e9, singleDecodeMultiplier: Double = 2,
        issueDelaySeconds: Double = 0.1, samples: [RequestSample]? = nil, window: MeasurementWindow? = nil
    ) {
        self.arrivals = arrivals
        self.meanInputTokens = meanInputTokens
        self.meanOutputTokens = meanOutputTokens
        self.expectedOutputTokens = expectedOutputTokens
        self.nodeHighWaterMark = nodeHighWaterMark
        self.firstLayerOverheadSecondsPerByte = firstLayerOverheadSecondsPerByte
        self.singleDecodeMultiplier = singleDecodeMultiplier
        self.issueDelaySeconds = issueDelaySeconds
        self.samples = samples
        self.window = window
    }

    /// - Throws: `ServingEstimateError.invalidWorkload` naming the field.
    public func validate() throws(ServingEstimateError) {
        func check(_ value: Double, _ field: String, _ valid: (Double) -> Bool, _ rule: String) throws(ServingEstimateError) {
            if !(value.isFinite && valid(value)) { throw .invalidWorkload(field: field, reason: "\(value) must be \(rule)") }
        }
        try check(meanInputTokens, "meanInputTokens", { $0 >= 1 }, "≥ 1")
        try check(meanOutputTokens, "meanOutputTokens", { $0 >= 1 }, "≥ 1")
        try check(expectedOutputTokens, "expectedOutputTokens", { $0 >= 0 }, "≥ 0")
        try check(nodeHighWaterMark, "nodeHighWaterMark", { $0 > 0 && $0 <= 1 }, "in (0, 1]")
        try check(firstLayerOverheadSecondsPerByte, "firstLayerOverheadSecondsPerByte", { $0 >= 0 }, "≥ 0")
        try check(singleDecodeMultiplier, "singleDecodeMultiplier", { $0 > 0 }, "> 0")
        try check(issueDelaySeconds, "issueDelaySeconds", { $0 >= 0 }, "≥ 0")
        if let samples {
            if samples.isEmpty || samples.count > 10_000 {
                throw .invalidWorkload(field: "samples", reason: "\(samples.count) samples; give 1 to 10,000")
            }
            for sample in samples {
                try check(sample.inputTokens, "samples.inputTokens", { $0 >= 1 }, "≥ 1")
                try check(sample.outputTokens, "samples.outputTokens", { $0 >= 1 }, "≥ 1")
            }
        }
        if let window {
            try check(window.startSeconds, "window.startSeconds", { $0 >= 0 }, "≥ 0")
            try check(window.lengthSeconds, "window.lengthSeconds", { $0 > 0 }, "> 0")
        }
        switch arrivals {
        case .closedLoop(let mark): try check(mark, "feedHighWaterMark", { $0 > 0 && $0 <= 1 }, "in (0, 1]")
        case .offered(let rate): try check(rate, "offeredTokensPerSecond", { $0 > 0 }, "> 0")
        }
    }
}

/// Why a serving estimate could not be made.
public enum ServingEstimateError: LayerFlowError, Hashable {
    /// A GPU type the placement uses has no serving profile.
    case missingServingProfile(gpuType: String)
    /// A GPU type the placement uses has no KV-cache capacity for the layers a node holds.
    case missingKVCapacity(gpuType: String, layers: Int)
    /// A workload figure is out of range.
    case invalidWorkload(field: String, reason: String)

    public var description: String {
        switch self {
        case .missingServingProfile(let type):
            return "GPU type '\(type)' has no serving profile (gpuTypes[].serving: layer times and batch limits)"
        case .missingKVCapacity(let type, let layers):
            return "GPU type '\(type)' has no KV-cache capacity for \(layers) layers (gpuTypes[].kvCacheTokenLayersByLayerCount or the model's kvCacheBytesPerTokenPerLayer)"
        case .invalidWorkload(let field, let reason):
            return "serving workload \(field): \(reason)"
        }
    }
}

extension ServingEstimateError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind {
        if case .invalidWorkload = self { return .invalidOption }
        return .invalidInput
    }
}
