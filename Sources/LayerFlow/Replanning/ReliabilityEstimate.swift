/// What a placement serves when nodes fail at random: the measurement of record for reliability.
public struct ReliabilityEstimate: Sendable, Hashable, Codable {
    /// Mean max flow over the samples, tokens per second (failed nodes hold nothing).
    public var meanThroughputTokensPerSecond: Double
    /// Share of samples in which nothing is served.
    public var outageProbability: Double
    /// Max flow with no node failed.
    public var nominalThroughputTokensPerSecond: Double
    public var samples: Int
    public var seed: UInt64
}

extension Cluster {
    /// Seeded Monte Carlo over node failures: in each sample every node fails independently with
    /// its probability (`failureProbabilities[id]`, 0 when absent) and the survivors' max flow is
    /// computed exactly. Samples with the same failure set reuse one max flow.
    /// - Throws: `ReplanError` for an unknown node id or a probability outside [0, 1];
    ///   `PlacementError` when the placement does not fit.
    /// - Complexity: O(samples · nodes) draws plus one max-flow per distinct failure set.
    public func reliability(
        of placement: Placement, failureProbabilities: [String: Double], samples: Int = 10_000, seed: UInt64 = 0,
        rule: ContiguityRule = .strict
    ) throws -> ReliabilityEstimate {
        try placement.validate(for: self)
        guard samples > 0 else { throw ReplanError.invalidOption(field: "samples", reason: "\(samples) must be ≥ 1") }
        var probability = [Double](repeating: 0, count: nodes.count)
        for (id, p) in failureProbabilities.sorted(by: { $0.key < $1.key }) {
            guard let index = nodeIndex(of: id) else { throw ReplanError.unknownNode(field: "failureProbabilities", id: id) }
            guard p >= 0, p <= 1 else {
                throw ReplanError.invalidFactor(field: "failureProbabilities[\(id)]", value: p, requirement: "a probability in [0, 1]")
            }
            probability[index] = p
        }
        let ranges = placement.rangesByNodeIndex(in: self)
        let nominal = throughput(ranges: ranges, rule: rule)
        var generator = SeededGenerator(seed: seed)
        var memo: [[Bool]: Double] = [:]
        var total = 0.0
        var outages = 0
        for _ in 0..<samples {
            let failed = probability.map { Double.random(in: 0..<1, using: &generator) < $0 }
            let flow: Double
            if let known = memo[failed] {
                flow = known
            } else {
                flow = throughput(ranges: zip(ranges, failed).map { $1 ? nil : $0 }, rule: rule)
                memo[failed] = flow
            }
            total += flow
            if flow <= 0 { outages += 1 }
        }
        return ReliabilityEstimate(
            meanThroughputTokensPerSecond: total / Double(samples), outageProbability: Double(outages) / Double(samples),
            nominalThroughputTokensPerSecond: nominal, samples: samples, seed: seed)
    }
}
