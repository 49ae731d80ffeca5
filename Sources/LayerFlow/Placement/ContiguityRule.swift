/// When one node may hand a request to the next.
public enum ContiguityRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// i → j only when node j starts exactly where node i ends (`end_i == start_j`).
    case strict
    /// Partial inference: i → j when j holds the layer after i's last one and reaches further,
    /// `start_j <= end_i < end_j`; j then runs only layers `end_i..<end_j`.
    case partialInference

    /// Whether a request may go from a node holding `from` to a node holding `to`.
    @inlinable
    public func connects(_ from: LayerRange, to: LayerRange) -> Bool {
        switch self {
        case .strict: return from.end == to.start
        case .partialInference: return to.start <= from.end && from.end < to.end
        }
    }
}
