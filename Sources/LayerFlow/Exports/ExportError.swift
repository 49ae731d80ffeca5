/// Why a plan cannot be written in a runtime's format. Every case names the nodes or layers at fault.
public enum ExportError: LayerFlowError, Hashable {
    /// No node holds any layer.
    case emptyPlacement
    /// Layers no node holds: no request can be served.
    case uncoveredLayers([LayerRange])
    /// Two nodes hold ranges that overlap without being equal, so they cannot be stages of
    /// pipelines that share stage boundaries.
    case overlappingRanges(node: String, range: LayerRange, otherNode: String, otherRange: LayerRange)
    /// Stages held by different numbers of nodes: pipelines would share a stage's node.
    case unequalStageReplicas(stage: LayerRange, nodes: Int, otherStage: LayerRange, otherNodes: Int)
    /// The plan's flow crosses between pipelines: as fixed pipelines the nodes serve less.
    case flowsSplitBetweenPipelines(node: String?, successors: [String], pipelinesTokensPerSecond: Double, planTokensPerSecond: Double)
    /// A node id the format cannot carry (`format` names it, `reason` says why); the id is shown escaped.
    case unrepresentableNodeID(id: String, format: String, reason: String)

    public var description: String {
        switch self {
        case .emptyPlacement:
            return "the plan places no layer on any node"
        case .uncoveredLayers(let ranges):
            let list = ranges.map { $0.count == 1 ? "layer \($0.start)" : "layers \($0.start)–\($0.end - 1)" }
            return "no node holds \(list.joined(separator: ", ")): the plan cannot serve a request"
        case let .overlappingRanges(node, range, otherNode, otherRange):
            return "node \(DisplayText.quoted(node)) holds \(range) and node \(DisplayText.quoted(otherNode)) holds \(otherRange): overlapping ranges are not stages of pipelines that share stage boundaries (vLLM needs one layer partition for all pipelines)"
        case let .unequalStageReplicas(stage, nodes, otherStage, otherNodes):
            return "stage \(stage) is held by \(nodes) node\(nodes == 1 ? "" : "s") but stage \(otherStage) by \(otherNodes): replicas would share a stage's nodes, which vLLM's independent pipelines cannot do"
        case let .flowsSplitBetweenPipelines(node, successors, pipelines, plan):
            let split = node.map { "node \(DisplayText.quoted($0)) sends flow to \(successors.map { DisplayText.quoted($0) }.joined(separator: " and ")); " } ?? ""
            return "the plan's flows split between pipelines (\(split)as fixed pipelines vLLM would serve \(Formatting.rate(pipelines)) of the plan's \(Formatting.rate(plan)))"
        case let .unrepresentableNodeID(id, format, reason):
            return "node id \(DisplayText.quoted(id)) cannot be written in the \(format) export: \(reason)"
        }
    }
}

extension ExportError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind { .invalidInput }
}
