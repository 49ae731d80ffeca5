import Foundation

/// Why a file could not be read as a cluster, placement or plan. Cases name the file and field.
public enum FormatError: LayerFlowError, Hashable {
    case unreadableFile(path: String, reason: String)
    /// A file could not be written (its directory is missing or read-only, the disk is full).
    case unwritableFile(path: String, reason: String)
    /// Not JSON, or JSON of the wrong shape; `field` is the coding path, e.g. `links[3].to`.
    case malformedJSON(field: String, message: String)
    case missingField(field: String)
    /// The file's `format` / `schema` tag is absent or not one LayerFlow reads.
    case unsupportedFormat(found: String?)
    /// A Helix link whose precomputed capacity disagrees with bandwidth / bytes per token.
    case inconsistentCapacity(field: String, fileValue: Double, computed: Double)
    /// A Helix endpoint that is neither a node index, `"source"` nor `"sink"` where allowed.
    case invalidEndpoint(field: String, value: String)
    /// A key given twice in one JSON object (`field` is its path, ending in the key): readers
    /// disagree on which one counts, so neither does. Lines are 1-based.
    case duplicateKey(field: String, line: Int, firstLine: Int)
    /// A JSON number beyond a 64-bit float's range (`1e400`), as written.
    case numberOutOfRange(field: String, literal: String)
    /// A file of another kind than the command reads: `found` is its tag, `expected` what is
    /// needed and how to get it.
    case wrongKindOfFile(found: String?, expected: String)

    /// One line; field paths (keys are user text), values and paths are escaped (`DisplayText`).
    public var description: String {
        let text = plainDescription
        return DisplayText.needsEscaping(text) ? DisplayText.escaped(text) : text
    }

    private var plainDescription: String {
        switch self {
        case let .unreadableFile(path, reason): return "\(path): cannot read: \(reason)"
        case let .unwritableFile(path, reason): return "\(path): cannot write: \(reason)"
        case let .malformedJSON(field, message): return "\(field.isEmpty ? "<top level>" : field): \(message)"
        case let .missingField(field): return "\(field): required field is missing"
        case let .unsupportedFormat(found):
            let tag = found.map { "'\(DisplayText.escaped($0))'" } ?? "none"
            let expected = "expected \"format\": \"\(FileFormatTag.cluster)\" or \"schema\": \"\(FileFormatTag.helixInstance)\""
            if found == FileFormatTag.plan {
                return "unsupported file format \(tag): this is a plan file; this command needs a cluster file (\(expected)), such as the plan's own, which `layerflow convert` does not extract: give the cluster file the plan was made from"
            }
            return "unsupported file format \(tag): \(expected)"
        case let .inconsistentCapacity(field, fileValue, computed):
            return "\(field): capacity \(fileValue) disagrees with bandwidth / bytes per token = \(computed)"
        case let .invalidEndpoint(field, value): return "\(field): \(DisplayText.quoted(value)) is not a valid endpoint here"
        case let .duplicateKey(field, line, firstLine):
            let lines = line == firstLine ? "both on line \(line)" : "lines \(firstLine) and \(line)"
            return "\(field): the key is given twice in one object (\(lines)); keep one"
        case let .numberOutOfRange(field, literal):
            return "\(field.isEmpty ? "<top level>" : field): the number \(literal) is out of range (beyond ±1.8e308)"
        case let .wrongKindOfFile(found, expected):
            let tag = found.map { "'\(DisplayText.escaped($0))'" } ?? "none"
            return "unsupported file format \(tag): this command needs \(expected)"
        }
    }

    /// Decodes `T` from JSON data with `JSONInput`: syntax, duplicate keys, numbers out of range
    /// and type mismatches all become `FormatError`s that name the field path.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONInput.decode(type, from: data)
    }

    init(_ error: DecodingError) {
        func path(_ codingPath: [CodingKey], _ last: CodingKey? = nil) -> String {
            var result = ""
            for key in codingPath + (last.map { [$0] } ?? []) {
                // Array positions are `Index <n>` (JSONDecoder and JSONTreeDecoder alike); a
                // dictionary key such as node id "7" also has an integer value but is a key.
                if let index = key.intValue, key.stringValue == "Index \(index)" {
                    result += "[\(index)]"
                } else {
                    result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return result
        }
        switch error {
        case let .keyNotFound(key, context):
            self = .missingField(field: path(context.codingPath, key))
        case let .typeMismatch(type, context):
            // JSONTreeDecoder's descriptions say both: "expected an integer (Int), found 80.5".
            let message = context.debugDescription.hasPrefix("expected") ? context.debugDescription
                : "expected \(type): \(context.debugDescription)"
            self = .malformedJSON(field: path(context.codingPath), message: message)
        case let .valueNotFound(type, context):
            let message = context.debugDescription.hasPrefix("expected") ? context.debugDescription : "expected \(type), found null"
            self = .malformedJSON(field: path(context.codingPath), message: message)
        case let .dataCorrupted(context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            self = .malformedJSON(
                field: path(context.codingPath),
                message: [context.debugDescription, underlying].compactMap { $0 }.joined(separator: ": "))
        @unknown default:
            self = .malformedJSON(field: "", message: String(describing: error))
        }
    }
}

extension FormatError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind {
        switch self {
        case .unreadableFile: return .unreadableFile
        case .unwritableFile: return .unwritableFile
        default: return .invalidInput
        }
    }
}
