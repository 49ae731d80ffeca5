/// Why a scheduler could not be built, or a call could not be carried out.
public enum SchedulingError: LayerFlowError, Hashable {
    /// The placement does not fit the cluster.
    case invalidPlacement(PlacementError)
    /// The plan's max flow is zero: no route from the coordinator back to it covers every layer.
    case planServesNothing
    /// An option is out of range; names the option.
    case invalidOption(name: String, value: String)
    /// `complete` was called with an id that is neither in flight nor queued.
    case unknownRequest(id: Int)

    public var description: String {
        switch self {
        case let .invalidPlacement(error):
            return error.description
        case .planServesNothing:
            return "the plan serves nothing (max flow 0): no route from the coordinator covers every layer"
        case let .invalidOption(name, value):
            return "\(name) = \(value) is out of range"
        case let .unknownRequest(id):
            return "request \(id) is neither in flight nor queued"
        }
    }
}

extension SchedulingError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind {
        if case .invalidOption = self { return .invalidOption }
        return .invalidInput
    }
}
