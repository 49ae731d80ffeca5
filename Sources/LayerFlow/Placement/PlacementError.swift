/// Why a placement does not fit a cluster. Every case names the node.
public enum PlacementError: LayerFlowError, Hashable {
    case unknownNode(id: String)
    /// The range is empty, starts below 0 or ends past the model's last layer.
    case rangeOutsideModel(node: String, range: LayerRange, layerCount: Int)
    case exceedsMaxLayers(node: String, gpuType: String, layers: Int, maxLayers: Int)
    case exceedsMemory(node: String, gpuType: String, parameterBytes: Double, vramBytes: Double)

    public var description: String {
        switch self {
        case let .unknownNode(id):
            return "placement: no node with id \(DisplayText.quoted(id)) in the cluster"
        case let .rangeOutsideModel(node, range, layerCount):
            return "placement of node \(DisplayText.quoted(node)): range \(range) must be non-empty and inside [0, \(layerCount))"
        case let .exceedsMaxLayers(node, gpuType, layers, maxLayers):
            return "placement of node \(DisplayText.quoted(node)): \(layers) layers exceed the \(maxLayers) a \(gpuType) may hold"
        case let .exceedsMemory(node, gpuType, parameterBytes, vramBytes):
            return "placement of node \(DisplayText.quoted(node)): \(parameterBytes) bytes of parameters exceed the \(gpuType)'s \(vramBytes) bytes of memory"
        }
    }
}

extension PlacementError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind { .invalidInput }
}
