/// What a LayerFlow failure is about, so a caller can act on it without knowing every error type:
/// the command-line tool maps each kind to one exit code (64, 65, 66, 70, 73), a serving system can
/// tell bad input from a solver that gave up.
public enum LayerFlowErrorKind: Sendable, Hashable, CaseIterable {
    /// A file's or a value's contents are invalid: a cluster, a placement, a table, a trace.
    case invalidInput
    /// An option is out of range or conflicts with another (a command-line value, a
    /// `PlanOptions` field).
    case invalidOption
    /// A file could not be read at all.
    case unreadableFile
    /// A file could not be written.
    case unwritableFile
    /// The solver failed or refused its model (GLPK reported an error).
    case solverFailure
}

/// Every error type of the library conforms: a one-line description naming the culprit (the
/// field, node, option, file or line at fault) and its ``LayerFlowErrorKind``.
public protocol LayerFlowError: Error, CustomStringConvertible, Sendable {
    /// What the failure is about.
    var kind: LayerFlowErrorKind { get }
}
