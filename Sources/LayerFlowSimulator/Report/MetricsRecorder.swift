/// Collects what the report needs while the events run: finished iterations in the window,
/// whole-run token totals, the in-flight integral, and the time series.
struct MetricsRecorder {
    let windowStart: Double
    let windowEnd: Double
    let serveStart: Double
    let interval: Double
    /// The most time-series buckets kept (a very long drain is summarised by its first buckets).
    static let maximumBuckets = 100_000

    private(set) var promptLatencies: [Double] = []
    private(set) var decodeLatencies: [Double] = []
    private(set) var windowPromptTokens = 0
    private(set) var windowDecodeTokens = 0
    private(set) var allTokens = 0
    private(set) var lastFinish = 0.0

    private var bucketTokens: [Int] = []
    private var bucketDecodeTokens: [Int] = []
    private(set) var samples: [(inFlight: Int, queued: Int, kvUse: Double)] = []

    private var inFlightArea = 0.0
    private var lastChange: Double
    private var inFlight = 0

    init(serveStart: Double, warmup: Double, window: Double, interval: Double) {
        self.serveStart = serveStart
        windowStart = serveStart + warmup
        windowEnd = serveStart + warmup + window
        self.interval = interval
        lastChange = serveStart
    }

    func inWindow(_ time: Double) -> Bool { time >= windowStart && time <= windowEnd }

    /// The seconds of `[start, end]` that fall inside the window.
    func overlap(_ start: Double, _ end: Double) -> Double {
        max(0, min(end, windowEnd) - max(start, windowStart))
    }

    mutating func iterationFinished(at time: Double, latency: Double, tokens: Int, isPrompt: Bool) {
        allTokens += tokens
        lastFinish = max(lastFinish, time)
        if inWindow(time) {
            if isPrompt {
                promptLatencies.append(latency)
                windowPromptTokens += tokens
            } else {
                decodeLatencies.append(latency)
                windowDecodeTokens += tokens
            }
        }
        // Compared as a Double first: a time far in the future must not trap the conversion.
        let position = ((time - serveStart) / interval).rounded(.down)
        guard position >= 0, position < Double(Self.maximumBuckets) else { return }
        let bucket = Int(position)
        if bucket >= bucketTokens.count {
            bucketTokens.append(contentsOf: repeatElement(0, count: bucket + 1 - bucketTokens.count))
            bucketDecodeTokens.append(contentsOf: repeatElement(0, count: bucket + 1 - bucketDecodeTokens.count))
        }
        bucketTokens[bucket] += tokens
        if !isPrompt { bucketDecodeTokens[bucket] += tokens }
    }

    /// The number of admitted, unfinished queries changed at `time`.
    mutating func inFlightChanged(at time: Double, to count: Int) {
        inFlightArea += Double(inFlight) * overlap(lastChange, time)
        lastChange = time
        inFlight = count
    }

    mutating func sample(inFlight: Int, queued: Int, kvUse: Double) {
        guard samples.count < Self.maximumBuckets else { return }
        samples.append((inFlight, queued, kvUse))
    }

    /// Time of the next sample boundary; infinity once `maximumBuckets` samples are kept, so a run
    /// whose events lie far in the future (absurd layer times) does not sample its way there.
    var nextSampleTime: Double {
        samples.count >= Self.maximumBuckets ? .infinity : serveStart + interval * Double(samples.count + 1)
    }

    mutating func closeWindow(at time: Double) -> Double {
        inFlightChanged(at: time, to: inFlight)
        let length = windowEnd - windowStart
        return length > 0 ? inFlightArea / length : 0
    }

    /// One point per bucket from serving start to `end`, the end of the run.
    func timeSeries(end: Double) -> [SimulationReport.TimePoint] {
        let count = max(bucketTokens.count, samples.count)
        return (0..<count).map { index in
            let sample = index < samples.count ? samples[index] : (inFlight: inFlight, queued: 0, kvUse: samples.last?.kvUse ?? 0)
            let start = serveStart + interval * Double(index)
            let covered = min(interval, max(end - start, 0))
            let width = covered > 0 ? covered : interval
            return SimulationReport.TimePoint(
                timeSeconds: start, coveredSeconds: covered,
                tokensPerSecond: Double(index < bucketTokens.count ? bucketTokens[index] : 0) / width,
                decodeTokensPerSecond: Double(index < bucketDecodeTokens.count ? bucketDecodeTokens[index] : 0) / width,
                inFlightRequests: sample.inFlight, queuedRequests: sample.queued, kvUse: sample.kvUse)
        }
    }

    static func summary(_ values: [Double]) -> SimulationReport.LatencySummary {
        guard !values.isEmpty else { return .empty }
        let sorted = values.sorted()
        // Linear interpolation between closest ranks (numpy's default percentile).
        func rank(_ p: Double) -> Double {
            let position = p * Double(sorted.count - 1)
            let low = Int(position.rounded(.down))
            let high = min(low + 1, sorted.count - 1)
            return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
        }
        let mean = values.reduce(0, +) / Double(values.count)
        return .init(
            mean: mean, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), count: values.count,
            percentiles: (0...100).map { rank(Double($0) / 100) })
    }
}
