import LayerFlow

extension ServingWorkload {
    /// The serving estimate's view of a simulation: the workload's mean lengths and arrivals, and the
    /// admission and execution constants of `options`, so that the estimate and the simulator read
    /// the same figures.
    /// An offline workload's warm-up and window become the estimate's measurement window.
    /// - Complexity: O(requests) to average and sample the lengths.
    public init(_ workload: Workload, options: SimulationOptions) {
        let shapes: [RequestShape]
        let arrivals: Arrivals
        var delay = 0.1
        var window: MeasurementWindow?
        switch workload {
        case .offline(let offline):
            switch offline.lengths {
            case .sequence(let sequence): shapes = sequence
            case .sampled(let pool, _): shapes = pool
            }
            arrivals = .closedLoop(feedHighWaterMark: offline.feedHighWaterMark)
            delay = offline.issueDelaySeconds
            window = MeasurementWindow(startSeconds: offline.warmupSeconds, lengthSeconds: offline.windowSeconds)
        case .online(let online):
            shapes = online.arrivals.map(\.shape)
            // As the reports state it: the arrivals' tokens over warm-up + window.
            let offered = online.arrivals.offeredTokensPerSecond(durationSeconds: online.warmupSeconds + online.windowSeconds)
            arrivals = .offered(tokensPerSecond: max(offered, .leastNonzeroMagnitude))
        }
        let count = Double(max(shapes.count, 1))
        // A systematic sample of at most 400 requests (every k-th): it keeps the joint distribution.
        let stride = max(1, shapes.count / 400)
        let sampled = Swift.stride(from: stride / 2, to: shapes.count, by: stride).map {
            RequestSample(inputTokens: Double(max(1, shapes[$0].inputTokens)), outputTokens: Double(max(1, shapes[$0].outputTokens)))
        }
        self.init(
            arrivals: arrivals,
            meanInputTokens: max(1, shapes.reduce(0.0) { $0 + Double($1.inputTokens) } / count),
            meanOutputTokens: max(1, shapes.reduce(0.0) { $0 + Double($1.outputTokens) } / count),
            expectedOutputTokens: Double(options.averageOutputTokens) * options.expectedOutputLengthRatio,
            nodeHighWaterMark: options.expectedKVHighWaterMark,
            firstLayerOverheadSecondsPerByte: options.firstLayerOverheadSecondsPerByte,
            singleDecodeMultiplier: options.singleDecodeMultiplier, issueDelaySeconds: delay,
            samples: sampled.isEmpty ? nil : sampled, window: window)
    }
}
