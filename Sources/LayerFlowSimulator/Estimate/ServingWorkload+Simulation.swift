import LayerFlow

extension ServingWorkload {
    /// The serving estimate's view of a simulation: the workload's mean lengths and arrivals, and the
    /// admission and execution constants of `options`, so that the estimate and the simulator read
    /// the same figures.
    /// - Complexity: O(requests) to average the lengths.
    public init(_ workload: Workload, options: SimulationOptions) {
        let shapes: [RequestShape]
        let arrivals: Arrivals
        var delay = 0.1
        switch workload {
        case .offline(let offline):
            switch offline.lengths {
            case .sequence(let sequence): shapes = sequence
            case .sampled(let pool, _): shapes = pool
            }
            arrivals = .closedLoop(feedHighWaterMark: offline.feedHighWaterMark)
            delay = offline.issueDelaySeconds
        case .online(let online):
            shapes = online.arrivals.map(\.shape)
            let span = max((online.arrivals.last?.timeSeconds ?? 0) - (online.arrivals.first?.timeSeconds ?? 0), 1e-9)
            let tokens = shapes.reduce(0.0) { $0 + Double($1.inputTokens + $1.outputTokens) }
            arrivals = .offered(tokensPerSecond: max(tokens / span, .leastNonzeroMagnitude))
        }
        let count = Double(max(shapes.count, 1))
        self.init(
            arrivals: arrivals,
            meanInputTokens: max(1, shapes.reduce(0.0) { $0 + Double($1.inputTokens) } / count),
            meanOutputTokens: max(1, shapes.reduce(0.0) { $0 + Double($1.outputTokens) } / count),
            expectedOutputTokens: Double(options.averageOutputTokens) * options.expectedOutputLengthRatio,
            nodeHighWaterMark: options.expectedKVHighWaterMark,
            firstLayerOverheadSecondsPerByte: options.firstLayerOverheadSecondsPerByte,
            singleDecodeMultiplier: options.singleDecodeMultiplier, issueDelaySeconds: delay)
    }
}
