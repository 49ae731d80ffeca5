/// Why a drop plan (or its inputs) was refused. Every case names the field, option or node at fault.
public enum PressureError: LayerFlowError, Hashable {
    /// An option is out of range: `field` is its name (`extraKVTokens`, `maxPipelineDegree`, …).
    case invalidOption(field: String, value: Double, requirement: String)
    /// The model has no `kvCacheBytesPerTokenPerLayer` (or it is not > 0): KV tokens cannot be counted.
    case missingKVBytes(field: String)
    /// A node's held parameters do not fit its usable memory (`field` names the memory figure).
    case memoryDoesNotFit(field: String, node: String, parameterBytes: Double, usableBytes: Double)
    /// No layer range is held by two or more nodes: there is no weight copy to donate.
    case noReplicatedRanges(field: String)
    /// The demand is more than every allowed fusion frees; `maxAchievable` is the most it can.
    case demandExceedsCapacity(field: String, requested: Int, maxAchievable: Int, maxPipelineDegree: Int)
    /// The fused placement's max flow falls below `(1 − maxThroughputLoss) ×` the current one.
    case throughputBelowBound(field: String, before: Double, after: Double, bound: Double)
    /// A group's members cannot split their range so that each keeps ≥ 1 layer within its memory.
    case unsplittableGroup(field: String, members: [String])
    /// A member must reload layers that no node holding them can send over a direct link.
    case noRestoreSource(node: String, layers: LayerRange)

    /// Whether the fault is in an option (bad usage, exit 64) rather than in the data (exit 65).
    public var isOptionError: Bool {
        if case .invalidOption = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case let .invalidOption(field, value, requirement):
            return "\(field): \(PressureError.text(value)) is invalid; it must be \(requirement)"
        case let .missingKVBytes(field):
            return "\(field): missing or not > 0; the KV bytes per token per layer are needed to count KV tokens"
        case let .memoryDoesNotFit(field, node, parameterBytes, usableBytes):
            return "\(field): node \(DisplayText.quoted(node)) holds \(PressureError.text(parameterBytes)) bytes of parameters, "
                + "more than its \(PressureError.text(usableBytes)) bytes of usable memory"
        case let .noReplicatedRanges(field):
            return "\(field): no layer range is held by two or more nodes, so there is no replicated weight copy to donate"
        case let .demandExceedsCapacity(field, requested, maxAchievable, degree):
            return "\(field): \(requested) tokens is more than the \(maxAchievable) tokens that fusing replicas into pipelines "
                + "of at most \(degree) stages can free (infeasible; largest achievable demand \(maxAchievable))"
        case let .throughputBelowBound(field, before, after, bound):
            return "\(field): throughput after the drop, \(PressureError.text(after)) tokens/s, is below the bound "
                + "\(PressureError.text(bound)) tokens/s (before: \(PressureError.text(before)))"
        case let .unsplittableGroup(field, members):
            return "\(field): members \(members.map { DisplayText.quoted($0) }.joined(separator: ", ")) cannot split their "
                + "layers with every member keeping at least one within its memory"
        case let .noRestoreSource(node, layers):
            return "restore of node \(DisplayText.quoted(node)): no node holding layers \(layers) has a direct link to it"
        }
    }

    /// A figure for a message: integral values without a fraction, others as Swift prints them.
    static func text(_ value: Double) -> String {
        value.isFinite && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension PressureError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind { isOptionError ? .invalidOption : .invalidInput }
}
