/// Why a catalog look-up, a model configuration or a quick cluster description was rejected.
/// Every case names the offending field or text.
public enum CatalogError: LayerFlowError, Hashable {
    /// No GPU of the catalog has this name or alias.
    case unknownGPU(name: String, known: [String])
    /// No model of the catalog has this name or alias (and it is not a readable file).
    case unknownModel(name: String, known: [String])
    /// A `config.json` lacks a field the derivation needs.
    case missingConfigField(field: String, file: String)
    /// A `config.json` field has a value that cannot be used.
    case invalidConfigField(field: String, value: String, requirement: String, file: String)
    /// A GPU list, bandwidth or region description that does not parse.
    case invalidSpecification(option: String, text: String, expected: String)
    /// A list with nothing between two separators (or after the last): `position` is 1-based.
    case emptyEntry(option: String, text: String, position: Int, expected: String)

    public var description: String {
        switch self {
        case let .unknownGPU(name, known):
            return "unknown GPU \(DisplayText.quoted(name)); known: \(known.joined(separator: ", "))"
        case let .unknownModel(name, known):
            return "unknown model \(DisplayText.quoted(name)) (not a catalog name nor a config.json file); known: \(known.joined(separator: ", "))"
        case let .missingConfigField(field, file):
            return "\(file): field '\(field)' is missing"
        case let .invalidConfigField(field, value, requirement, file):
            return "\(file): field '\(field)' = \(value) is invalid: \(requirement)"
        case let .invalidSpecification(option, text, expected):
            return "\(option) \(DisplayText.quoted(text)): expected \(expected)"
        case let .emptyEntry(option, text, position, expected):
            return "\(option) \(DisplayText.quoted(text)): empty entry at position \(position); expected \(expected)"
        }
    }
}

extension CatalogError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind { .invalidInput }
}
