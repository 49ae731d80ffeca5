/// What arrives at the coordinator during a simulation.
///
/// `offline` is Helix's closed loop: a few queries at the start, then one more after each prompt
/// or query completion while the scheduler's expected KV use stays below a high-water mark; it
/// measures what a plan sustains. `online` replays timed arrivals (a trace or a generated one); it
/// measures latency at a given load.
public enum Workload: Sendable, Hashable {
    case offline(OfflineWorkload)
    case online(OnlineWorkload)
}

/// The two lengths of one query: prompt tokens in, tokens generated out.
public struct RequestShape: Sendable, Hashable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int

    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// One timed arrival: a query reaches the coordinator `timeSeconds` after serving starts.
public struct Arrival: Sendable, Hashable, Codable {
    public var timeSeconds: Double
    public var shape: RequestShape

    public init(timeSeconds: Double, shape: RequestShape) {
        self.timeSeconds = timeSeconds
        self.shape = shape
    }
}

/// Where an offline feeder takes each new query's lengths from.
public enum LengthSource: Sendable, Hashable {
    /// Used in order, one per issued query (a query rejected at admission consumes its entry, as in
    /// Helix); the feeder stops issuing when the sequence runs out.
    case sequence([RequestShape])
    /// Drawn uniformly with replacement from these pairs, with a seeded generator.
    case sampled(from: [RequestShape], seed: UInt64)
}

/// Helix's offline closed loop (`OfflineRequestFeeder`); the defaults are its README example.
public struct OfflineWorkload: Sendable, Hashable {
    public var lengths: LengthSource
    /// Queries issued at serving start, `initialSpacingSeconds` apart.
    public var initialQueries: Int = 20
    public var initialSpacingSeconds: Double = 0.1
    /// A new query is issued after a prompt or a query finishes only while the expected-KV
    /// bottleneck usage is at most this.
    public var feedHighWaterMark: Double = 0.8
    /// Delay between that completion and the new query's arrival.
    public var issueDelaySeconds: Double = 0.1
    /// Seconds after serving start before the measurement window opens.
    public var warmupSeconds: Double = 60
    /// Length of the measurement window; the simulation stops when it closes.
    public var windowSeconds: Double = 600

    public init(
        lengths: LengthSource, initialQueries: Int = 20, initialSpacingSeconds: Double = 0.1,
        feedHighWaterMark: Double = 0.8, issueDelaySeconds: Double = 0.1,
        warmupSeconds: Double = 60, windowSeconds: Double = 600
    ) {
        self.lengths = lengths
        self.initialQueries = initialQueries
        self.initialSpacingSeconds = initialSpacingSeconds
        self.feedHighWaterMark = feedHighWaterMark
        self.issueDelaySeconds = issueDelaySeconds
        self.warmupSeconds = warmupSeconds
        self.windowSeconds = windowSeconds
    }
}

/// Timed arrivals, served to the end; the defaults are Helix's online example.
public struct OnlineWorkload: Sendable, Hashable {
    /// Arrivals in time order, relative to serving start.
    public var arrivals: [Arrival]
    /// Seconds after serving start before the measurement window opens.
    public var warmupSeconds: Double = 0
    /// Length of the measurement window. Every query is served to its end; iterations that
    /// finish after the window are left out of the window metrics, as in Helix.
    public var windowSeconds: Double = 1800

    public init(arrivals: [Arrival], warmupSeconds: Double = 0, windowSeconds: Double = 1800) {
        self.arrivals = arrivals
        self.warmupSeconds = warmupSeconds
        self.windowSeconds = windowSeconds
    }
}
