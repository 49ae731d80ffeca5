/// Why a cluster description was rejected. Every case names the offending field, node or link.
public enum ClusterError: LayerFlowError, Hashable {
    /// A number is NaN, infinite, or outside its allowed range.
    case invalidNumber(field: String, value: Double, requirement: String)
    /// A count (layers, maxLayers, table length) is outside its allowed range.
    case invalidCount(field: String, value: Int, requirement: String)
    /// A name or id is empty.
    case emptyIdentifier(field: String)
    case duplicateGPUType(name: String)
    case duplicateNodeID(id: String)
    /// A node uses the id reserved for the coordinator.
    case reservedNodeID(field: String)
    case unknownGPUType(node: String, type: String)
    /// A link names a node that does not exist.
    case unknownLinkEndpoint(field: String, id: String)
    /// A link joins a node (or the coordinator) to itself.
    case selfLink(field: String, endpoint: String)
    case duplicateLink(field: String, from: String, to: String)
    /// A GPU type's throughput table does not have `maxLayers` entries.
    case tableLengthMismatch(gpuType: String, field: String, expected: Int, actual: Int)
    /// A GPU type's serving profile breaks `rule` at `field` (a path inside `serving`, e.g.
    /// `promptLayerTimes[3].batch`); `value` is the offending number.
    case invalidServingProfile(gpuType: String, field: String, value: Double, rule: ServingProfileRule)
    case noNodes
    /// A size above one of LayerFlow's `InputLimits` (`field` names it: `model.layerCount`,
    /// `nodes`, `links`).
    case limitExceeded(field: String, value: Int, limit: Int)

    public var description: String {
        switch self {
        case let .invalidNumber(field, value, requirement):
            return "\(field): \(value) is invalid; it must be \(requirement)"
        case let .invalidCount(field, value, requirement):
            return "\(field): \(value) is invalid; it must be \(requirement)"
        case let .emptyIdentifier(field):
            return "\(field): must not be empty"
        case let .duplicateGPUType(name):
            return "gpuTypes: GPU type \(DisplayText.quoted(name)) is defined twice"
        case let .duplicateNodeID(id):
            return "nodes: node id \(DisplayText.quoted(id)) is used twice"
        case let .reservedNodeID(field):
            return "\(field): '\(Endpoint.coordinatorID)' is reserved for the coordinator"
        case let .unknownGPUType(node, type):
            return "node \(DisplayText.quoted(node)): unknown GPU type \(DisplayText.quoted(type))"
        case let .unknownLinkEndpoint(field, id):
            return "\(field): no node with id \(DisplayText.quoted(id))"
        case let .selfLink(field, endpoint):
            return "\(field): link from \(DisplayText.quoted(endpoint)) to itself"
        case let .duplicateLink(field, from, to):
            return "\(field): link \(from)→\(to) is given twice"
        case let .tableLengthMismatch(gpuType, field, expected, actual):
            return "GPU type \(DisplayText.quoted(gpuType)) \(field): has \(actual) entries, expected maxLayers = \(expected)"
        case let .invalidServingProfile(gpuType, field, value, rule):
            return "GPU type \(DisplayText.quoted(gpuType)) serving.\(field): \(value) is invalid; \(rule.requirement)"
        case .noNodes:
            return "nodes: the cluster has no nodes"
        case let .limitExceeded(field, value, limit):
            return "\(field): \(value) is more than LayerFlow's limit of \(limit)"
        }
    }
}

/// The rules a ``ServingProfile`` must follow (see `docs/FileFormats.md`).
public enum ServingProfileRule: String, Hashable, Sendable, Codable {
    /// A layer-time curve has at least two points.
    case curveHasTwoPoints
    /// A layer-time curve starts at batch 0.
    case curveStartsAtZero
    /// A layer-time curve's batches are strictly ascending.
    case batchesAscend
    /// Layer times are finite and >= 0 milliseconds.
    case millisecondsFiniteNonNegative
    /// Every batch limit is at least 1.
    case limitAtLeastOne
    /// The disk speed, when given, is finite and > 0.
    case diskSpeedPositive

    /// What the rule requires, for messages.
    public var requirement: String {
        switch self {
        case .curveHasTwoPoints: return "a curve needs at least 2 points"
        case .curveStartsAtZero: return "a curve's first point must be at batch 0"
        case .batchesAscend: return "batches must be strictly ascending"
        case .millisecondsFiniteNonNegative: return "milliseconds must be finite and >= 0"
        case .limitAtLeastOne: return "every batch limit must be >= 1"
        case .diskSpeedPositive: return "diskBytesPerSecond must be finite and > 0"
        }
    }
}

extension ClusterError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind { .invalidInput }
}
