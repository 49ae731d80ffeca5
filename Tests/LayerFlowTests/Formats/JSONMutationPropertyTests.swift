import Foundation
@testable import LayerFlow
import PropertyBased
import Testing

/// Random mutations of the bundled example (a value swapped for one of another type, an extreme
/// number, a key given twice): reading the result either succeeds or throws a typed error whose
/// message names a field path or an id, on one line. Never a crash, never an untyped error.
@Suite("Mutated cluster files")
struct JSONMutationPropertyTests {
    /// A step of a path into the example's JSONSerialization tree.
    enum Step: Hashable, CustomStringConvertible {
        case key(String)
        case index(Int)

        var description: String {
            switch self {
            case .key(let key): return ".\(key)"
            case .index(let index): return "[\(index)]"
            }
        }
    }

    /// What replaces the value at the chosen path. `raw` values are spliced into the text, since
    /// JSONSerialization cannot write them.
    enum Mutation: CaseIterable {
        case string, integer, fraction, negative, null, bool, emptyArray, emptyObject, huge, outOfRange, tiny, hugeInteger,
             duplicateKey, wrongArrayLength

        /// The raw JSON text of the new value, given the old one.
        func raw(_ old: Any) -> String {
            switch self {
            case .string: return "\"mutated\\u001b[31m\""
            case .integer: return "7"
            case .fraction: return "80.5"
            case .negative: return "-5"
            case .null: return "null"
            case .bool: return "true"
            case .emptyArray: return "[]"
            case .emptyObject: return "{}"
            case .huge: return "1e308"
            case .outOfRange: return "1e400"
            case .tiny: return "5e-324"
            case .hugeInteger: return "1e30"
            case .duplicateKey, .wrongArrayLength: return JSONMutationPropertyTests.text(old)
            }
        }
    }

    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/helix-single24-llama70b.json")

    /// The example as a tree and every path into it (objects, arrays and leaves).
    /// Read once and never mutated (values are copied before each mutation).
    nonisolated(unsafe) static let tree: Any = try! JSONSerialization.jsonObject(with: Data(contentsOf: example))
    static let paths: [[Step]] = {
        var result: [[Step]] = []
        func walk(_ value: Any, _ path: [Step]) {
            result.append(path)
            if let object = value as? [String: Any] {
                for key in object.keys.sorted() { walk(object[key]!, path + [.key(key)]) }
            } else if let array = value as? [Any] {
                // A few elements of each array are enough (the example has 600 links).
                for index in array.indices where index < 3 || index == array.count - 1 { walk(array[index], path + [.index(index)]) }
            }
        }
        walk(tree, [])
        return result
    }()

    static func text(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if let string = value as? String {
            return String(decoding: try! JSONSerialization.data(withJSONObject: [string], options: [.fragmentsAllowed]), as: UTF8.self)
                .dropFirst().dropLast().description
        }
        if let number = value as? NSNumber, !(value is [Any]), !(value is [String: Any]) {
            return String(decoding: try! JSONSerialization.data(withJSONObject: [number]), as: UTF8.self).dropFirst().dropLast().description
        }
        return String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    static func value(at path: ArraySlice<Step>, in value: Any) -> Any {
        guard let first = path.first else { return value }
        switch first {
        case .key(let key): return Self.value(at: path.dropFirst(), in: (value as! [String: Any])[key]!)
        case .index(let index): return Self.value(at: path.dropFirst(), in: (value as! [Any])[index])
        }
    }

    /// `value` with the node at `path` replaced by `replacement`.
    static func replacing(_ path: ArraySlice<Step>, in value: Any, with replacement: Any) -> Any {
        guard let first = path.first else { return replacement }
        switch first {
        case .key(let key):
            var object = value as! [String: Any]
            object[key] = replacing(path.dropFirst(), in: object[key]!, with: replacement)
            return object
        case .index(let index):
            var array = value as! [Any]
            array[index] = replacing(path.dropFirst(), in: array[index], with: replacement)
            return array
        }
    }

    /// The mutated file's text: the value at `path` becomes a placeholder string, which is then
    /// replaced by the mutation's raw text (a duplicate key repeats the member with a new value; a
    /// wrong-length array gains an element).
    static func mutatedText(path: [Step], mutation: Mutation) -> String {
        let placeholder = "__LAYERFLOW_MUTATION__"
        let old = value(at: path[...], in: tree)
        var raw = mutation.raw(old)
        switch mutation {
        case .duplicateKey:
            guard case .key(let key)? = path.last else { break }
            raw += ", \(text(key)): 0"
        case .wrongArrayLength:
            if old is [Any] { raw = "[" + raw.dropFirst().dropLast() + (raw == "[]" ? "0]" : ", 0]") }
        default: break
        }
        let mutated = replacing(path[...], in: tree, with: placeholder)
        // Fragments: at the top level the placeholder is a lone string.
        let data = try! JSONSerialization.data(withJSONObject: mutated, options: [.sortedKeys, .fragmentsAllowed])
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"\(placeholder)\"", with: raw)
    }

    /// The field path as messages write it: `links[3].to`.
    static func rendered(_ path: [Step]) -> String {
        path.map(\.description).joined().drop { $0 == "." }.description
    }

    @Test func mutationsDecodeOrGiveATypedErrorNamingTheField() async {
        let paths = Self.paths
        let mutations = Mutation.allCases
        await propertyCheck(
            count: 300, input: Gen.int(in: 0...(paths.count - 1)), Gen.int(in: 0...(mutations.count - 1))
        ) { pathIndex, mutationIndex in
            let path = paths[pathIndex]
            let mutation = mutations[mutationIndex]
            let text = Self.mutatedText(path: path, mutation: mutation)
            let context = "\(mutation) at \(Self.rendered(path).isEmpty ? "<top level>" : Self.rendered(path))"
            do {
                _ = try ClusterFile.decode(Data(text.utf8))
            } catch let error as FormatError {
                let message = error.description
                #expect(!message.contains("\n"), "\(context): \(message)")
                #expect(!message.contains("\u{1B}"), "\(context): \(message)")
                switch error {
                case let .malformedJSON(field, _), let .missingField(field), let .duplicateKey(field, _, _),
                     let .numberOutOfRange(field, _), let .invalidEndpoint(field, _), let .inconsistentCapacity(field, _, _):
                    // The error is at the mutated value, inside it, or at the object that holds it.
                    let target = Self.rendered(path)
                    let related = field.hasPrefix(target) || target.hasPrefix(field)
                    #expect(related, "\(context): error names '\(field)': \(message)")
                    #expect(!field.isEmpty || target.isEmpty, "\(context): no field in \(message)")
                case .unsupportedFormat, .wrongKindOfFile:
                    #expect(path.first == .key("format") || path.isEmpty, "\(context): \(message)")
                case .unreadableFile, .unwritableFile:
                    Issue.record("\(context): \(message)")
                }
            } catch let error as ClusterError {
                let message = error.description
                #expect(!message.contains("\n") && !message.contains("\u{1B}"), "\(context): \(message)")
                // Every ClusterError names a field path, a node, a GPU type or says the cluster is empty.
                #expect(message.contains(":") || message.contains("'"), "\(context): \(message)")
            } catch {
                Issue.record("\(context): untyped error \(type(of: error)): \(error)")
            }
        }
    }

    @Test func everyMutationKindOnTheModelsLayerCount() throws {
        let path: [Step] = [.key("model"), .key("layerCount")]
        for mutation in Mutation.allCases {
            let text = Self.mutatedText(path: path, mutation: mutation)
            do {
                let loaded = try ClusterFile.decode(Data(text.utf8))
                #expect([7, 80].contains(loaded.cluster.model.layerCount), "\(mutation)")
            } catch {
                #expect(String(describing: error).contains("model.layerCount"), "\(mutation): \(error)")
            }
        }
    }
}
