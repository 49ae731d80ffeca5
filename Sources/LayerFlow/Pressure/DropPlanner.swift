/// KunServe-style memory pressure relief: fuse data-parallel replicas into pipelines so their
/// duplicated weights become KV cache, and say exactly how to undo it.
///
/// Replicas are the nodes that hold the same layer range. A group of `g` of them becomes one
/// `g`-stage pipeline over the range, each member keeping a contiguous part (balanced by member
/// speed, within its memory), so `g − 1` weight copies are freed. Objectives, in order: donate as
/// few copies as meet the demand, keep the deepest group as shallow as possible, chain members
/// along the fastest links. The plan is refused when its max flow falls below the bound.
public struct DropPlanner: Sendable {
    public let cluster: Cluster
    public let placement: Placement
    public let options: DropOptions
    /// Link position by its ends (node positions).
    let linkLookup: [LinkEnds: Int]
    /// Links into each node, by node position.
    let inLinksByNode: [[Int]]

    /// - Complexity: O(links).
    public init(cluster: Cluster, placement: Placement, options: DropOptions = DropOptions()) {
        self.cluster = cluster
        self.placement = placement
        self.options = options
        var lookup: [LinkEnds: Int] = [:]
        var inLinks = [[Int]](repeating: [], count: cluster.nodes.count)
        for (index, ends) in cluster.linkEnds.enumerated() {
            lookup[ends] = index
            if ends.to != Cluster.coordinatorIndex { inLinks[ends.to].append(index) }
        }
        self.linkLookup = lookup
        self.inLinksByNode = inLinks
    }

    /// The drop plan that frees `demand` KV tokens.
    /// - Throws: `PressureError` naming the field (demand ≤ 0, bad options, no replicated range,
    ///   memory that does not fit, a demand past what can be freed, throughput below the bound);
    ///   `PlacementError` for a placement that does not fit the cluster.
    /// - Complexity: O(N log N + E log E) for N nodes and E links among replicas, plus two max-flows.
    public func plan(for demand: KVDemand) throws -> DropPlan {
        let fused = try fuse(demand)
        let before = cluster.throughput(ranges: rangesBefore, rule: options.rule)
        let evaluation = try cluster.evaluate(fused.placementAfter, rule: options.rule)
        let after = evaluation.throughputTokensPerSecond
        let bound = before * (1 - options.maxThroughputLoss)
        if after < bound * (1 - 1e-12) {
            throw PressureError.throughputBelowBound(field: "maxThroughputLoss", before: before, after: after, bound: bound)
        }
        var flowByNode: [String: Double] = [:]
        for report in evaluation.nodes { flowByNode[report.id] = report.flowTokensPerSecond }
        var extraHops = 0.0
        for group in fused.groups {
            extraHops += Double(group.extraHops) * (flowByNode[group.members[0].node] ?? 0)
        }
        var plan = fused
        plan.throughputBeforeTokensPerSecond = before
        plan.throughputAfterTokensPerSecond = after
        plan.extraHopsPerToken = after > 0 ? extraHops / after : 0
        return plan
    }

    /// Everything of the plan but its max-flow figures (left 0): what the 256-replica benchmark
    /// times, since the one max-flow check dominates otherwise.
    /// - Complexity: O(N log N + E log E).
    package func fuse(_ demand: KVDemand) throws -> DropPlan {
        try options.validate()
        try placement.validate(for: cluster)
        let memory = try PressureMemory(cluster: cluster, usableMemoryFraction: options.usableMemoryFraction)
        let ranges = placement.rangesByNodeIndex(in: cluster)
        try memory.checkFits(ranges)
        let classes = ReplicaClass.classes(of: ranges, memory: memory)
        guard !classes.isEmpty else { throw PressureError.noReplicatedRanges(field: "placement") }
        let tokens = try demandTokens(demand, classes: classes)
        let shapes = classes.map { (members: $0.members.count, tokensPerCopy: $0.tokensPerCopy) }
        guard let selection = CopySelection.select(classes: shapes, demand: tokens, maxDepth: options.maxPipelineDegree) else {
            throw PressureError.demandExceedsCapacity(
                field: demandField(demand), requested: tokens,
                maxAchievable: CopySelection.maxAchievable(classes: shapes, maxDepth: options.maxPipelineDegree),
                maxPipelineDegree: options.maxPipelineDegree)
        }
        var after = ranges
        var groups: [DropPlan.Group] = []
        var untouched: [String] = []
        var moves: [DropPlan.KVMove] = []
        var steps: [RestorePlan.Step] = []
        for (replicaClass, copies) in zip(classes, selection.copies) {
            let sizes = CopySelection.groupSizes(members: replicaClass.members.count, copies: copies)
            let chain = linkOrderedChain(replicaClass.members)
            var offset = 0
            for size in sizes {
                let members = Array(chain[offset..<(offset + size)])
                offset += size
                let group = try fusedGroup(members, replicaClass: replicaClass, memory: memory)
                for member in group.members {
                    if let index = cluster.nodeIndex(of: member.node) { after[index] = member.kept }
                }
                moves += kvMoves(of: group, memory: memory)
                groups.append(group)
            }
            untouched += chain[offset...].sorted().map { cluster.nodes[$0].id }
        }
        var kept: [String: LayerRange] = [:]
        for group in groups {
            steps += try restoreSteps(of: group, after: after)
            for member in group.members { kept[member.node] = member.kept }
        }
        return DropPlan(
            demandTokens: tokens, groups: groups, untouched: untouched, placementBefore: placement,
            placementAfter: Placement(cluster: cluster, rangesByNodeIndex: after),
            addedKVTokens: groups.reduce(0) { $0 + $1.addedKVTokens }, donatedCopies: selection.totalCopies,
            pipelineDegree: selection.depth, throughputBeforeTokensPerSecond: 0, throughputAfterTokensPerSecond: 0,
            extraHopsPerToken: 0, kvMoves: moves, restore: RestorePlan(steps: steps, kept: kept))
    }

    package var rangesBefore: [LayerRange?] { placement.rangesByNodeIndex(in: cluster) }

    private func demandTokens(_ demand: KVDemand, classes: [ReplicaClass]) throws(PressureError) -> Int {
        switch demand {
        case .global(let tokens):
            guard tokens > 0 else { throw .invalidOption(field: "extraKVTokens", value: Double(tokens), requirement: "> 0") }
            return tokens
        case .perReplica(let tokens):
            guard tokens > 0 else { throw .invalidOption(field: "extraKVTokensPerReplica", value: Double(tokens), requirement: "> 0") }
            let replicas = classes.reduce(0) { $0 + $1.members.count }
            let (total, overflow) = tokens.multipliedReportingOverflow(by: replicas)
            guard !overflow else {
                throw .invalidOption(field: "extraKVTokensPerReplica", value: Double(tokens), requirement: "small enough that the total fits an Int")
            }
            return total
        }
    }

    private func demandField(_ demand: KVDemand) -> String {
        if case .perReplica = demand { return "extraKVTokensPerReplica" }
        return "extraKVTokens"
    }
}
