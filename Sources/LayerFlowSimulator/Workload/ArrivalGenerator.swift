import Foundation
import LayerFlow

/// How arrival times are spread over a generated workload.
public enum ArrivalProcess: Sendable, Hashable {
    /// A Poisson process: exponential inter-arrival times at a constant rate.
    case poisson
    /// Helix's Azure-conversation process (`ArrivalRateSampler` and `TraceGenerator`): each
    /// 3-second interval gets a count drawn with replacement from these per-3-s counts (rescaled
    /// to the target rate), and its arrivals are spread uniformly at random within it. The counts
    /// are Helix's `azure_conv_arrivals_per_3s.csv` (`WorkloadCSV.parseArrivalCounts`); they must
    /// be ≥ 0 and not all zero. Only their distribution matters, not their order.
    case azure(countsPer3s: [Int])
}

/// Seeded synthetic arrivals at a target offered load, as Helix's trace generator makes them.
///
/// The target request rate is λ = `offeredTokensPerSecond` ÷ the mean tokens per query (input +
/// output) of `lengths`; each query's lengths are one pair drawn uniformly with replacement from
/// `lengths`, so a query's input and output stay paired. Arrivals fall in
/// `[startSeconds, startSeconds + durationSeconds)`, in time order. The same configuration gives
/// the same arrivals on every platform (SplitMix64 via `SeededGenerator`); Helix's own trace uses
/// Python's Mersenne Twister, so the numbers match it in distribution, not draw for draw.
public struct ArrivalGenerator: Sendable, Hashable {
    public var process: ArrivalProcess
    /// Pairs to draw each query's lengths from.
    public var lengths: [RequestShape]
    /// Target offered load: tokens (input + output) arriving per second.
    public var offeredTokensPerSecond: Double
    public var durationSeconds: Double
    /// Time of the first possible arrival (Helix starts its online trace when the model is loaded).
    public var startSeconds: Double
    public var seed: UInt64

    /// The most arrivals (and, for `.azure`, the most 3-s intervals) one generation may produce:
    /// ten million arrivals take about 240 MB, so an absurd rate or duration is refused with
    /// `WorkloadError.tooManyArrivals` instead of exhausting memory.
    public static let maximumArrivals = 10_000_000

    /// Length of one interval of `ArrivalProcess.azure`'s counts, in seconds.
    public static let azureIntervalSeconds = 3.0

    public init(
        process: ArrivalProcess, lengths: [RequestShape], offeredTokensPerSecond: Double,
        durationSeconds: Double, startSeconds: Double = 0, seed: UInt64
    ) {
        self.process = process
        self.lengths = lengths
        self.offeredTokensPerSecond = offeredTokensPerSecond
        self.durationSeconds = durationSeconds
        self.startSeconds = startSeconds
        self.seed = seed
    }

    /// The arrivals, sorted by time.
    ///
    /// `.poisson` draws exponential gaps with mean 1/λ until the end. `.azure` follows Helix: every
    /// count is scaled by 3λ / (mean count); each interval draws one scaled count uniformly from
    /// the list and rounds it half-to-even (as Python's `round`), carrying the fractional
    /// remainder to the next interval; it then places that many arrivals uniformly in the
    /// interval, sorted. Helix needs the duration to be a multiple of 3 s; here a final partial
    /// interval of f seconds scales its drawn count by f/3 and spreads it over those f seconds.
    /// - Throws: `WorkloadError` for a load or duration that is not positive and finite, a start
    ///   that is not finite and ≥ 0, an empty pool or one with a non-positive length, empty,
    ///   negative or all-zero counts, or more than `maximumArrivals` arrivals or intervals.
    /// - Complexity: O(n + p) for n arrivals and p pool entries (`.poisson`); O(n log(n/k) + k + p + c)
    ///   for k intervals and c counts (`.azure`, sorting within each interval).
    public func arrivals() throws(WorkloadError) -> [Arrival] {
        guard offeredTokensPerSecond.isFinite, offeredTokensPerSecond > 0 else {
            throw .invalidOfferedLoad(offeredTokensPerSecond)
        }
        guard durationSeconds.isFinite, durationSeconds > 0 else { throw .invalidDuration(durationSeconds) }
        // The end must be finite and distinct from the start (a 1-s duration vanishes after 1e17 s).
        guard startSeconds.isFinite, startSeconds >= 0, (startSeconds + durationSeconds).isFinite,
            startSeconds + durationSeconds > startSeconds
        else {
            throw .invalidStart(startSeconds)
        }
        guard !lengths.isEmpty else { throw .emptyLengthPool }
        var totalTokens = 0.0
        for (index, shape) in lengths.enumerated() {
            guard shape.inputTokens > 0, shape.outputTokens > 0 else {
                throw .invalidLengthPoolEntry(index: index, shape: shape)
            }
            totalTokens += Double(shape.inputTokens) + Double(shape.outputTokens)
        }
        let requestRate = offeredTokensPerSecond / (totalTokens / Double(lengths.count))
        let expectedArrivals = requestRate * durationSeconds
        guard expectedArrivals <= Double(Self.maximumArrivals) else {
            throw .tooManyArrivals(expected: expectedArrivals, limit: Self.maximumArrivals)
        }
        var generator = SeededGenerator(seed: seed)
        switch process {
        case .poisson:
            return try poisson(rate: requestRate, expected: expectedArrivals, &generator)
        case .azure(let counts):
            return try azure(counts: counts, rate: requestRate, expected: expectedArrivals, &generator)
        }
    }

    private func poisson(rate: Double, expected: Double, _ generator: inout SeededGenerator) throws(WorkloadError) -> [Arrival] {
        let end = startSeconds + durationSeconds
        var arrivals: [Arrival] = []
        arrivals.reserveCapacity(Int(expected * 1.01 + 4 * expected.squareRoot() + 16))
        // Offsets from the start, so that the gaps add up exactly even when the start is large.
        var offset = 0.0
        while true {
            // 1 − U lies in (0, 1], so the logarithm is finite.
            offset += -Foundation.log(1 - Double.random(in: 0..<1, using: &generator)) / rate
            guard offset < durationSeconds else { return arrivals }
            guard arrivals.count < Self.maximumArrivals else {
                throw .tooManyArrivals(expected: expected, limit: Self.maximumArrivals)
            }
            let time = min(startSeconds + offset, end.nextDown)
            arrivals.append(Arrival(timeSeconds: time, shape: draw(&generator)))
        }
    }

    private func azure(counts: [Int], rate: Double, expected: Double, _ generator: inout SeededGenerator) throws(WorkloadError) -> [Arrival] {
        var totalCount = 0.0
        for (index, count) in counts.enumerated() {
            guard count >= 0 else { throw .negativeArrivalCount(index: index, value: count) }
            totalCount += Double(count)
        }
        guard totalCount > 0 else { throw .emptyArrivalCounts }
        let width = Self.azureIntervalSeconds
        let intervalCount = (durationSeconds / width).rounded(.up)
        guard intervalCount <= Double(Self.maximumArrivals) else {
            throw .tooManyIntervals(count: intervalCount, limit: Self.maximumArrivals)
        }
        let scale = width * rate / (totalCount / Double(counts.count))
        let end = startSeconds + durationSeconds
        var arrivals: [Arrival] = []
        arrivals.reserveCapacity(Int(expected * 1.01 + 4 * expected.squareRoot() + 16))
        var times: [Double] = []
        var carried = 0.0
        for interval in 0..<Int(intervalCount) {
            let intervalStart = startSeconds + Double(interval) * width
            let intervalEnd = min(startSeconds + Double(interval + 1) * width, end)
            let intervalWidth = max(0, intervalEnd - intervalStart)
            let drawn = Double(counts[Int.random(in: 0..<counts.count, using: &generator)])
            let raw = scale * drawn * (intervalWidth / width)
            let count = max(0, (raw + carried).rounded(.toNearestOrEven))
            carried = raw + carried - count
            guard Double(arrivals.count) + count <= Double(Self.maximumArrivals) else {
                throw .tooManyArrivals(expected: expected, limit: Self.maximumArrivals)
            }
            times.removeAll(keepingCapacity: true)
            for _ in 0..<Int(count) {
                // Rounding can land a time on the interval's end; keep it inside the interval so
                // the intervals, each sorted, concatenate in order.
                let time = intervalStart + intervalWidth * Double.random(in: 0..<1, using: &generator)
                times.append(max(intervalStart, min(time, intervalEnd.nextDown)))
            }
            times.sort()
            for time in times {
                arrivals.append(Arrival(timeSeconds: time, shape: draw(&generator)))
            }
        }
        return arrivals
    }

    private func draw(_ generator: inout SeededGenerator) -> RequestShape {
        lengths[Int.random(in: 0..<lengths.count, using: &generator)]
    }
}

extension Sequence<Arrival> {
    /// Tokens (input + output) arriving per second over `durationSeconds`: Helix's "offered load"
    /// of a trace (688.49 tokens/s for its 1800-s online example). NaN unless the duration is
    /// positive.
    /// - Complexity: O(n).
    public func offeredTokensPerSecond(durationSeconds: Double) -> Double {
        guard durationSeconds > 0 else { return .nan }
        return reduce(0.0) { $0 + Double($1.shape.inputTokens) + Double($1.shape.outputTokens) } / durationSeconds
    }
}
