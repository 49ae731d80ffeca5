/// The coordinator: the host that accepts requests, sends prompts to the first stage and receives
/// tokens from the last. It is both the source and the sink of the flow network.
///
/// Its NIC speeds are informational: like Helix, the planner's flow model does not limit the
/// coordinator (its links are limited individually).
public struct Coordinator: Sendable, Hashable, Codable {
    public var nicInBytesPerSecond: Double?
    public var nicOutBytesPerSecond: Double?

    public init(nicInBytesPerSecond: Double? = nil, nicOutBytesPerSecond: Double? = nil) {
        self.nicInBytesPerSecond = nicInBytesPerSecond
        self.nicOutBytesPerSecond = nicOutBytesPerSecond
    }
}
