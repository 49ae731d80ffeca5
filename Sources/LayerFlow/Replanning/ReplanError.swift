/// Why a cluster edit, a health file or a re-plan was refused. Every case names the culprit.
public enum ReplanError: LayerFlowError, Hashable {
    /// `field` (e.g. `--fail`, `nodes["x"]`) names a node the cluster does not have.
    case unknownNode(field: String, id: String)
    /// `field` names a link `from → to` the cluster does not have (in either direction).
    case unknownLink(field: String, from: String, to: String)
    /// A joined node's GPU type is not one of the cluster's.
    case unknownGPUType(field: String, name: String)
    /// A node id is already taken.
    case duplicateNode(field: String, id: String)
    /// A factor (throughput, bandwidth, latency) outside its range, or a probability outside [0, 1].
    case invalidFactor(field: String, value: Double, requirement: String)
    /// The health policy (or the edits) leave no node to plan on.
    case everyNodeExcluded(reasons: [String])
    /// No placement within the cluster's memory covers these layers.
    case coverageImpossible(layers: [LayerRange])
    /// An option is out of range.
    case invalidOption(field: String, reason: String)

    public var description: String {
        switch self {
        case let .unknownNode(field, id):
            return "\(field): no node with id \(DisplayText.quoted(id)) in the cluster"
        case let .unknownLink(field, from, to):
            return "\(field): no link between \(DisplayText.quoted(from)) and \(DisplayText.quoted(to)) in the cluster"
        case let .unknownGPUType(field, name):
            return "\(field): no GPU type \(DisplayText.quoted(name)) in the cluster"
        case let .duplicateNode(field, id):
            return "\(field): node id \(DisplayText.quoted(id)) is already in the cluster"
        case let .invalidFactor(field, value, requirement):
            return "\(field): \(value) is invalid; it must be \(requirement)"
        case let .everyNodeExcluded(reasons):
            return "health excludes every node, nothing is left to plan on (" + reasons.joined(separator: "; ") + ")"
        case let .coverageImpossible(layers):
            return "no placement of the remaining nodes covers layers "
                + layers.map(\.description).joined(separator: ", ") + " (not enough memory)"
        case let .invalidOption(field, reason):
            return "\(field): \(reason)"
        }
    }

    /// An option out of range, or a value given on the command line (its field starts with `--`),
    /// is `.invalidOption` (exit 64); anything read from a file or a cluster is `.invalidInput` (65).
    public var kind: LayerFlowErrorKind {
        switch self {
        case let .unknownNode(field, _), let .unknownLink(field, _, _), let .unknownGPUType(field, _),
             let .duplicateNode(field, _), let .invalidFactor(field, _, _):
            return field.hasPrefix("--") ? .invalidOption : .invalidInput
        case .invalidOption: return .invalidOption
        case .everyNodeExcluded, .coverageImpossible: return .invalidInput
        }
    }
}
