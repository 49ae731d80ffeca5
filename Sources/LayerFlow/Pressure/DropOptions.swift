/// How much KV cache a drop plan must free: tokens in all, or tokens for each replica.
public enum KVDemand: Sendable, Hashable {
    /// Extra KV tokens across the deployment.
    case global(tokens: Int)
    /// Extra KV tokens for every replica of a replicated range (the demand is that times their count).
    case perReplica(tokens: Int)
}

/// The knobs of a drop plan.
public struct DropOptions: Sendable, Hashable {
    /// The most members a fused pipeline may have (G ≥ 2).
    public var maxPipelineDegree: Int = 4
    /// The plan is refused when the max flow after is below `(1 − maxThroughputLoss) ×` before.
    public var maxThroughputLoss: Double = 0.05
    /// Fraction of VRAM usable for parameters and KV cache.
    public var usableMemoryFraction: Double = 1
    /// KV tokens in flight on each node (by id) when the drop happens; a node not listed is taken
    /// as full, the state memory pressure leaves it in.
    public var inFlightKVTokens: [String: Int] = [:]
    /// How stages connect in the max-flow checks.
    public var rule: ContiguityRule = .strict

    public init(maxPipelineDegree: Int = 4, maxThroughputLoss: Double = 0.05) {
        self.maxPipelineDegree = maxPipelineDegree
        self.maxThroughputLoss = maxThroughputLoss
    }

    /// - Throws: `PressureError.invalidOption` naming the option.
    func validate() throws(PressureError) {
        guard maxPipelineDegree >= 2 else {
            throw .invalidOption(field: "maxPipelineDegree", value: Double(maxPipelineDegree), requirement: ">= 2")
        }
        guard maxThroughputLoss.isFinite, maxThroughputLoss >= 0, maxThroughputLoss < 1 else {
            throw .invalidOption(field: "maxThroughputLoss", value: maxThroughputLoss, requirement: "in [0, 1)")
        }
        for (node, tokens) in inFlightKVTokens where tokens < 0 {
            throw .invalidOption(field: "inFlightKVTokens[\(node)]", value: Double(tokens), requirement: ">= 0")
        }
    }
}
