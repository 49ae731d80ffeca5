import Foundation

/// Why a file could not be read as a cluster, placement or plan. Cases name the file and field.
public enum FormatError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    /// Not JSON, or JSON of the wrong shape; `field` is the coding path, e.g. `links[3].to`.
    case malformedJSON(field: String, message: String)
    case missingField(field: String)
    /// The file's `format` / `schema` tag is absent or not one LayerFlow reads.
    case unsupportedFormat(found: String?)
    /// A Helix link whose precomputed capacity disagrees with bandwidth / bytes per token.
    case inconsistentCapacity(field: String, fileValue: Double, computed: Double)
    /// A Helix endpoint that is neither a node index, `"source"` nor `"sink"` where allowed.
    case invalidEndpoint(field: String, value: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason): return "\(path): cannot read: \(reason)"
        case let .malformedJSON(field, message): return "\(field.isEmpty ? "<top level>" : field): \(message)"
        case let .missingField(field): return "\(field): required field is missing"
        case let .unsupportedFormat(found):
            let tag = found.map { "'\($0)'" } ?? "none"
            return "unsupported file format \(tag): expected \"format\": \"\(NativeClusterFormat.tag)\" or \"schema\": \"\(HelixInstance.schemaTag)\""
        case let .inconsistentCapacity(field, fileValue, computed):
            return "\(field): capacity \(fileValue) disagrees with bandwidth / bytes per token = \(computed)"
        case let .invalidEndpoint(field, value): return "\(field): '\(value)' is not a valid endpoint here"
        }
    }

    /// Decodes `T` from JSON data, turning Foundation's decoding errors into `FormatError`s that name the field.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw FormatError(error)
        }
    }

    init(_ error: DecodingError) {
        func path(_ codingPath: [CodingKey], _ last: CodingKey? = nil) -> String {
            var result = ""
            for key in codingPath + (last.map { [$0] } ?? []) {
                if let index = key.intValue {
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
            self = .malformedJSON(field: path(context.codingPath), message: "expected \(type): \(context.debugDescription)")
        case let .valueNotFound(type, context):
            self = .malformedJSON(field: path(context.codingPath), message: "expected \(type), found null")
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
