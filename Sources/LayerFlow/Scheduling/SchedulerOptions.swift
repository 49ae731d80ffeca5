/// How a `Scheduler` admits requests.
public struct SchedulerOptions: Sendable, Hashable, Codable {
    /// Fraction of each node's KV-cache capacity reservations may fill, in `(0, 1]`. A hop whose
    /// node would pass it is masked out for that request. Default 0.9: headroom for requests that
    /// outrun their expected output length.
    public var highWaterMark: Double
    /// Most requests the queue holds; further requests that must wait are rejected. Default:
    /// unlimited.
    public var queueLimit: Int

    public init(highWaterMark: Double = 0.9, queueLimit: Int = .max) {
        self.highWaterMark = highWaterMark
        self.queueLimit = queueLimit
    }
}
