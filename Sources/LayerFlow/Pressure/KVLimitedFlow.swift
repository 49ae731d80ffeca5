/// What the requests in service keep in KV cache: how many tokens each holds and for how long.
///
/// By Little's law a node with `C` tokens of KV serves at most `⌊C ÷ tokensPerRequest⌋` requests at
/// once, each for `secondsPerRequest`, so it sustains at most
/// `⌊C ÷ tokensPerRequest⌋ · tokensPerRequest ÷ secondsPerRequest` tokens per second however fast it
/// computes. That bound turns memory pressure into lower throughput in the flow model.
public struct KVWorkingSet: Sendable, Hashable, Codable {
    /// KV tokens one request holds at its peak (prompt plus output).
    public var tokensPerRequest: Int
    /// Seconds a request holds its KV (its time in service).
    public var secondsPerRequest: Double

    public init(tokensPerRequest: Int, secondsPerRequest: Double) {
        self.tokensPerRequest = tokensPerRequest
        self.secondsPerRequest = secondsPerRequest
    }

    /// Tokens per second a node with `kvTokens` of KV sustains under this working set.
    public func rateLimit(kvTokens: Int) -> Double {
        let concurrent = kvTokens / tokensPerRequest
        return Double(concurrent * tokensPerRequest) / secondsPerRequest
    }

    /// - Throws: `PressureError.invalidOption` naming the field that is not > 0.
    func validate() throws(PressureError) {
        guard tokensPerRequest > 0 else {
            throw .invalidOption(field: "workingSet.tokensPerRequest", value: Double(tokensPerRequest), requirement: "> 0")
        }
        guard secondsPerRequest.isFinite, secondsPerRequest > 0 else {
            throw .invalidOption(field: "workingSet.secondsPerRequest", value: secondsPerRequest, requirement: "finite and > 0")
        }
    }
}

extension FlowNetwork {
    /// The network of `ranges` with each node arc also capped at its KV-limited rate.
    /// - Complexity: O(nodes + links).
    package init(cluster: Cluster, ranges: [LayerRange?], rule: ContiguityRule, memory: PressureMemory, workingSet: KVWorkingSet) {
        let base = FlowNetwork(cluster: cluster, ranges: ranges, rule: rule)
        var capacities = (0..<base.graph.arcCount).map { base.graph.capacity(of: $0) }
        for (index, arc) in base.nodeArc.enumerated() {
            guard let arc, let range = ranges[index] else { continue }
            let limit = workingSet.rateLimit(kvTokens: memory.tokens(nodeAt: index, layers: range.count))
            capacities[arc] = min(capacities[arc], limit)
        }
        let graph = base.graph
        self.graph = FlowGraph(
            nodeCount: graph.nodeCount, tails: (0..<graph.arcCount).map { Int32(graph.tail(of: $0)) },
            heads: (0..<graph.arcCount).map { Int32(graph.head(of: $0)) }, capacities: capacities)
        self.arcKinds = base.arcKinds
        self.nodeArc = base.nodeArc
    }
}

extension Cluster {
    /// Max flow of `placement` when every node is also bounded by the rate its KV cache sustains
    /// for `workingSet` (see `KVWorkingSet`): below the plain max flow once KV, not compute, binds.
    /// - Throws: `PlacementError`, or `PressureError` for a bad working set, a model without KV
    ///   size or parameters over memory.
    /// - Complexity: one max-flow.
    public func kvLimitedThroughput(
        _ placement: Placement, workingSet: KVWorkingSet, usableMemoryFraction: Double = 1, rule: ContiguityRule = .strict
    ) throws -> Double {
        try workingSet.validate()
        try placement.validate(for: self)
        let memory = try PressureMemory(cluster: self, usableMemoryFraction: usableMemoryFraction)
        let ranges = placement.rangesByNodeIndex(in: self)
        try memory.checkFits(ranges)
        return FlowNetwork(cluster: self, ranges: ranges, rule: rule, memory: memory, workingSet: workingSet).maxFlow().value
    }
}
