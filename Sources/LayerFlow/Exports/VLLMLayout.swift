/// A plan as vLLM pipeline parallelism: identical pipelines that share one layer partition
/// (`VLLM_PP_LAYER_PARTITION`, layers per stage) and each run on their own nodes, one per stage.
///
/// A plan is expressible when the ranges of the nodes holding layers are *stages*: equal ranges or
/// disjoint ones, together partitioning `[0, L)` end to start, every stage held by the same number
/// P of nodes; and when P fixed pipelines — each node handing its requests to exactly one node of
/// the next stage — serve what the plan's max flow serves. The pairing of nodes into pipelines
/// follows the max flow's arc flows where they do not split, and otherwise matches nodes of
/// consecutive stages by capacity, fastest with fastest.
public struct VLLMLayout: Sendable, Hashable, Codable {
    public var modelName: String
    public var layerCount: Int
    /// The stages' ranges, in layer order.
    public var stages: [LayerRange]
    /// Node ids of each pipeline, one per stage, in stage order.
    public var pipelines: [[String]]
    /// What the pipelines serve together (equal to the plan's max flow), tokens per second.
    public var throughputTokensPerSecond: Double

    /// Layers per stage: the value of `VLLM_PP_LAYER_PARTITION`.
    public var partition: [Int] { stages.map(\.count) }

    /// `"20,20,20,20"`.
    public var partitionValue: String { partition.map(String.init).joined(separator: ",") }

    /// The layout of `placement` on `cluster`.
    /// - Throws: `ExportError` explaining why vLLM cannot run the plan (empty, uncovered layers,
    ///   overlapping ranges, stages with unequal replica counts, flows crossing between pipelines,
    ///   a node id holding whitespace or control characters);
    ///   `PlacementError` for an invalid placement.
    /// - Complexity: one max-flow plus O(P² · S) for P pipelines of S stages.
    public init(cluster: Cluster, placement: Placement, rule: ContiguityRule = .strict) throws {
        try placement.validate(for: cluster)
        let used = try PlacementStages.usedNodes(cluster, placement)
        for node in used { try Self.requireRepresentable(cluster.nodes[node.index].id) }
        try PlacementStages.requireCoverage(cluster, placement)
        let stages = try Self.stages(cluster, used)

        let score = cluster.score(placement.rangesByNodeIndex(in: cluster), rule: rule)
        let (ranges, network, flow) = (score.ranges, score.network, score.flow)
        let pairing = PipelinePairing(cluster: cluster, ranges: ranges, network: network, flow: flow)
        let members = stages.map { stage in used.filter { $0.range == stage }.map(\.index) }
        let byFlow = pairing.pipelines(stageMembers: members, preferFlow: true)
        let byCapacity = pairing.pipelines(stageMembers: members, preferFlow: false)
        let flowValue = pairing.throughput(byFlow)
        let capacityValue = pairing.throughput(byCapacity)
        let (pipelines, value) = flowValue >= capacityValue ? (byFlow, flowValue) : (byCapacity, capacityValue)
        if value < flow.value * (1 - 1e-9) {
            let split = pairing.splittingNode(stageMembers: members)
            throw ExportError.flowsSplitBetweenPipelines(
                node: split.map { cluster.nodes[$0.node].id }, successors: split?.successors.map { cluster.nodes[$0].id } ?? [],
                pipelinesTokensPerSecond: value, planTokensPerSecond: flow.value)
        }
        self.modelName = cluster.model.name
        self.layerCount = cluster.model.layerCount
        self.stages = stages
        self.pipelines = pipelines.map { $0.map { cluster.nodes[$0].id } }
        self.throughputTokensPerSecond = value
    }

    /// The distinct ranges, checked to be disjoint (they cover the model, checked before) and held
    /// by equally many nodes.
    private static func stages(_ cluster: Cluster, _ used: [(index: Int, range: LayerRange)]) throws -> [LayerRange] {
        var holders: [LayerRange: [Int]] = [:]
        for node in used { holders[node.range, default: []].append(node.index) }
        let stages = holders.keys.sorted()
        for (previous, next) in zip(stages, stages.dropFirst()) where next.start < previous.end {
            throw ExportError.overlappingRanges(
                node: cluster.nodes[holders[previous]?.first ?? 0].id, range: previous,
                otherNode: cluster.nodes[holders[next]?.first ?? 0].id, otherRange: next)
        }
        let first = stages[0]
        let replicas = holders[first]?.count ?? 0
        for stage in stages.dropFirst() where holders[stage]?.count != replicas {
            throw ExportError.unequalStageReplicas(
                stage: first, nodes: replicas, otherStage: stage, otherNodes: holders[stage]?.count ?? 0)
        }
        return stages
    }

    /// Throws unless `id` can stand in a space-separated node list: no whitespace (it would split
    /// the id in two) and no control or bidirectional characters (see `DisplayText`).
    static func requireRepresentable(_ id: String) throws {
        if id.contains(where: \.isWhitespace) || DisplayText.needsEscaping(id) {
            throw ExportError.unrepresentableNodeID(
                id: id, format: "vLLM",
                reason: "each pipeline's nodes are a space-separated list, so an id must not contain whitespace or control characters; rename the node")
        }
    }

    /// A sourceable shell snippet: the partition and each pipeline's nodes, with instructions.
    public func script() -> String {
        let size = stages.count
        var lines = [
            "# vLLM pipeline-parallel layout exported by LayerFlow for \(DisplayText.escaped(modelName)) (\(layerCount) layers).",
            "# \(pipelines.count) identical pipeline\(pipelines.count == 1 ? "" : "s") of \(size) stage\(size == 1 ? "" : "s"), "
                + "together \(Formatting.rate(throughputTokensPerSecond)) (the plan's max flow).",
            "# Run one vLLM instance per pipeline with --pipeline-parallel-size \(size), stage s on the",
            "# pipeline's s-th node (e.g. a Ray placement group in this order), and balance requests",
            "# across the instances.",
            "export VLLM_PP_LAYER_PARTITION=\"\(partitionValue)\"",
            "PIPELINE_PARALLEL_SIZE=\(size)",
        ]
        for (index, pipeline) in pipelines.enumerated() {
            lines.append("PIPELINE_\(index)_NODES=\"\(pipeline.map(Self.shellEscaped).joined(separator: " "))\"")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Escapes what a double-quoted shell string would interpret.
    private static func shellEscaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\"\\$`".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
