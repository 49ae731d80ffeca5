/// One inference request as the scheduler sees it: an id and how many tokens it will hold in the
/// KV cache of every node it passes through.
public struct Request: Sendable, Hashable, Codable {
    /// Caller-chosen id, unique among the requests in flight or queued at one scheduler.
    public var id: Int
    /// Tokens in the prompt (at least 1).
    public var promptTokens: Int
    /// Tokens the request is expected to generate (at least 0).
    public var expectedOutputTokens: Int

    public init(id: Int, promptTokens: Int, expectedOutputTokens: Int) {
        self.id = id
        self.promptTokens = promptTokens
        self.expectedOutputTokens = expectedOutputTokens
    }

    /// Tokens the request reserves in the KV cache of each node on its route: its prompt plus its
    /// expected output (every layer a node runs for it holds one KV entry per token).
    public var footprintTokens: Int { promptTokens + expectedOutputTokens }

    /// Why the request cannot be scheduled at all, or nil when its lengths are valid.
    var invalidLengthReason: RoutingReason? {
        if promptTokens < 1 { return .invalidRequest(field: "promptTokens", value: promptTokens) }
        if expectedOutputTokens < 0 { return .invalidRequest(field: "expectedOutputTokens", value: expectedOutputTokens) }
        if promptTokens > Int(Int32.max) || expectedOutputTokens > Int(Int32.max) {
            return .invalidRequest(field: promptTokens > Int(Int32.max) ? "promptTokens" : "expectedOutputTokens",
                                   value: max(promptTokens, expectedOutputTokens))
        }
        return nil
    }
}
