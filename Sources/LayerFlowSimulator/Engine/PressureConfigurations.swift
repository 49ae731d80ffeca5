import LayerFlow

/// The two placements a memory-pressure run switches between, prepared before it starts: the
/// original (data-parallel) one and the one after the drop plan fuses replicas, each with its
/// simulated cluster; plus what a switch costs (pairwise transfer speeds, KV bytes per token per
/// layer, the restore plan's reload).
///
/// Why prepared: a bad plan (no replicated range, a GPU type without KV capacity for the kept
/// layer count) is a typed error before the run, not a surprise at simulated time t; and both
/// configurations keep every node at the same position, so per-node state carries over.
struct PressureConfigurations {
    /// Index 0: the original placement; 1: the fused one.
    let plans: [SimulationPlan]
    let clusters: [SimulatedCluster]
    let drop: DropPlan
    /// KV bytes one token costs in one layer.
    let kvBytesPerTokenPerLayer: Double
    /// Bytes/s from node position `i` to `j` (row-major): the direct link's speed capped by the two
    /// NICs, or the NICs alone when there is no direct link (the copy is relayed).
    let pairBandwidth: [Double]

    /// - Throws: `SimulationError.invalidParameter` naming the drop plan's field when no plan exists,
    ///   and the errors of `SimulatedCluster` for the fused placement.
    /// - Complexity: one drop plan (O(N log N + E log E) and two max-flows), one more max-flow for
    ///   the fused cluster, O(N² + links) for the speeds.
    init(plan: SimulationPlan, original: SimulatedCluster, options: SimulationOptions, pressure: MemoryPressureOptions) throws(SimulationError) {
        guard let kvBytes = plan.cluster.model.kvCacheBytesPerTokenPerLayer, kvBytes > 0 else {
            throw .invalidParameter(name: "model.kvCacheBytesPerTokenPerLayer", value: "missing", expected: "> 0 bytes (memory pressure counts KV bytes)")
        }
        var dropOptions = DropOptions(maxPipelineDegree: pressure.maxPipelineDegree, maxThroughputLoss: pressure.maxThroughputLoss)
        dropOptions.rule = .strict
        let planner = DropPlanner(cluster: plan.cluster, placement: plan.placement, options: dropOptions)
        let drop: DropPlan
        do {
            drop = try Self.plan(planner, tokens: pressure.extraKVTokens)
        } catch let error as PressureError {
            throw .invalidParameter(name: "memoryPressure (drop plan)", value: "refused", expected: error.description)
        } catch {
            throw .invalidParameter(name: "memoryPressure (drop plan)", value: "refused", expected: String(describing: error))
        }
        let fusedPlan = SimulationPlan(cluster: plan.cluster, placement: drop.placementAfter)
        let fused = try SimulatedCluster(
            cluster: plan.cluster, placement: drop.placementAfter, defaultDiskBytesPerSecond: options.defaultDiskBytesPerSecond)
        guard fused.nodes.map(\.clusterIndex) == original.nodes.map(\.clusterIndex) else {
            throw .invalidPlacement("the fused placement does not keep every node of the original one")
        }
        plans = [plan, fusedPlan]
        clusters = [original, fused]
        self.drop = drop
        kvBytesPerTokenPerLayer = kvBytes

        let count = original.nodes.count
        var position = [Int?](repeating: nil, count: plan.cluster.nodes.count)
        for (index, node) in original.nodes.enumerated() { position[node.clusterIndex] = index }
        let multiplier = plan.cluster.bandwidthConvention.bandwidthMultiplier
        var speeds = [Double](repeating: 0, count: count * count)
        for i in 0..<count {
            for j in 0..<count { speeds[i * count + j] = min(original.nodes[i].nicOutBytesPerSecond, original.nodes[j].nicInBytesPerSecond) }
        }
        for (index, ends) in plan.cluster.linkEnds.enumerated() {
            guard ends.from != Cluster.coordinatorIndex, ends.to != Cluster.coordinatorIndex,
                  let i = position[ends.from], let j = position[ends.to] else { continue }
            let link = plan.cluster.links[index].bandwidthBytesPerSecond * multiplier
            speeds[i * count + j] = min(speeds[i * count + j], link)
        }
        pairBandwidth = speeds
    }

    /// The drop plan for `tokens`, or for the most the degree allows when `tokens` is nil.
    private static func plan(_ planner: DropPlanner, tokens: Int?) throws -> DropPlan {
        if let tokens { return try planner.plan(for: .global(tokens: tokens)) }
        do {
            return try planner.plan(for: .global(tokens: Int(Int32.max)))
        } catch PressureError.demandExceedsCapacity(_, _, let maxAchievable, _) {
            return try planner.plan(for: .global(tokens: maxAchievable))
        }
    }

    /// Seconds the restore's weight reload takes (members in parallel, at the peer links' speed).
    var reloadSeconds: Double { drop.restore.seconds }
    var reloadBytes: Double { drop.restore.members.reduce(0) { $0 + $1.bytes } }
}
