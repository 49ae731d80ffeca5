import LayerFlow

/// Why a simulation cannot run. Each case names its culprit.
public enum SimulationError: LayerFlowError, Hashable {
    /// The placement does not fit the cluster.
    case invalidPlacement(String)
    /// A GPU type used by the placement has no serving profile (layer times and batch limits).
    case missingServingProfile(gpuType: String)
    /// A GPU type used by the placement has no KV-cache capacity for the layer count a node holds.
    case missingKVCapacity(gpuType: String, layers: Int)
    /// The plan's network carries no flow: no route from the coordinator back to it.
    case noServingPath
    /// A workload or option value is out of range.
    case invalidParameter(name: String, value: String, expected: String)
    /// A query can never be served: its prompt is longer than every first-stage node accepts.
    case unservableRequest(inputTokens: Int, limit: Int)

    public var description: String {
        switch self {
        case .invalidPlacement(let reason):
            return "the placement does not fit the cluster: \(reason)"
        case .missingServingProfile(let type):
            return "GPU type '\(type)' has no serving profile (gpuTypes[].serving: layer times and batch limits); add one, or build the cluster from the catalog so the estimator derives it"
        case .missingKVCapacity(let type, let layers):
            return "GPU type '\(type)' has no KV-cache capacity for \(layers) layers (gpuTypes[].kvCacheTokenLayersByLayerCount)"
        case .noServingPath:
            return "the plan serves nothing: its max flow is 0 (no route from the coordinator through every layer and back)"
        case .invalidParameter(let name, let value, let expected):
            return "\(name) is \(value); expected \(expected)"
        case .unservableRequest(let input, let limit):
            return "a query with \(input) prompt tokens can never be served: the longest prompt a first stage accepts is \(limit) tokens"
        }
    }
}

extension SimulationError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind { .invalidInput }
}
