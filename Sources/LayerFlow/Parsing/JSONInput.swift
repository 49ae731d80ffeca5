import Foundation

/// A JSON document as LayerFlow reads it: parsed strictly (RFC 8259) into a tree, with every
/// problem reported at its place.
///
/// Foundation's `JSONDecoder` says only "The given data was not valid JSON" for a number that does
/// not fit its field (`80.5` or `1e30` for an integer, `1e400` anywhere), and keeps the first of two
/// equal keys without a word. This reader does the whole job in one pass over the bytes, in time
/// and memory linear in their number:
///
/// - syntax errors give the line, the column and the field path they are under;
/// - a key given twice in one object is an error naming the key's path (`model.layerCount`);
/// - a number too large for a 64-bit float (`1e400`) is an error naming its path;
/// - nesting deeper than `maximumDepth` is an error (instead of exhausting the stack);
/// - decoding (`JSONTreeDecoder`) names the path and the expected type of every mismatch:
///   `model.layerCount: expected an integer (Int), found 80.5`.
///
/// A UTF-8 byte-order mark at the start is skipped; UTF-16 and invalid UTF-8 are refused.
enum JSONInput {
    /// Objects and arrays may nest this deep.
    static let maximumDepth = 512

    /// Parses and decodes `T`, mapping every problem to a `FormatError` that names the field.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decode(type, from: try parse(data))
    }

    /// Decodes `T` from a parsed tree; see `JSONTreeDecoder`.
    static func decode<T: Decodable>(_ type: T.Type, from node: JSONNode) throws -> T {
        do {
            return try JSONTreeDecoder.decode(type, from: node)
        } catch let error as DecodingError {
            throw FormatError(error)
        }
    }

    /// The tree of `data`.
    /// - Throws: `FormatError.malformedJSON` (syntax, encoding, depth, a number out of range) or
    ///   `.duplicateKey`, each naming the field path.
    /// - Complexity: O(bytes) time and memory.
    static func parse(_ data: Data) throws(FormatError) -> JSONNode {
        let result: Result<JSONNode, FormatError> = data.withUnsafeBytes { buffer in
            var parser = JSONParser(bytes: buffer.bindMemory(to: UInt8.self))
            do throws(FormatError) {
                return .success(try parser.document())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

/// A parsed JSON value. Numbers keep their literal text, so integers beyond 2^53 decode exactly.
enum JSONNode: Sendable {
    case null
    case bool(Bool)
    /// A finite value and the literal it was read from.
    case number(Double, literal: String)
    case string(String)
    case array([JSONNode])
    case object(JSONObject)
}

/// An object's members in document order, with an index by key (keys are unique: the parser
/// refuses duplicates).
struct JSONObject: Sendable {
    var keys: [String] = []
    var values: [JSONNode] = []
    var index: [String: Int] = [:]

    subscript(key: String) -> JSONNode? { index[key].map { values[$0] } }
}

/// One step of a field path: a key or an array index.
enum JSONPathComponent: Sendable {
    case key(String)
    case index(Int)

    /// `model.layerCount`, `placement.n3[0]`, `links[2].to`; empty at the top level. Paths deeper
    /// than 24 show their first and last 10 steps around `…`.
    static func render(_ path: [JSONPathComponent]) -> String {
        if path.count > 24 {
            return render(Array(path.prefix(10))) + "…" + render(Array(path.suffix(10))).drop { $0 == "." }
        }
        var result = ""
        for component in path {
            switch component {
            case .key(let key): result += result.isEmpty ? key : ".\(key)"
            case .index(let index): result += "[\(index)]"
            }
        }
        return result
    }
}

/// The recursive-descent parser behind `JSONInput.parse`.
private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    /// 1-based line of `position`, and the offset where that line starts.
    var line = 1
    var lineStart = 0
    /// Where the parser is in the document, for messages.
    var path: [JSONPathComponent] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document() throws(FormatError) -> JSONNode {
        if bytes.count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
            throw FormatError.malformedJSON(field: "", message: "the file is UTF-16 text; LayerFlow reads JSON in UTF-8")
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            position = 3
            lineStart = 3
        }
        skipWhitespace()
        guard position < bytes.count else {
            throw syntax("the file is empty: expected a JSON value (an object such as {\"format\": ...})")
        }
        let value = try self.value(depth: 0)
        skipWhitespace()
        if position < bytes.count {
            throw syntax("unexpected \(describeCurrent()) after the end of the JSON value")
        }
        return value
    }

    // MARK: Values

    mutating func value(depth: Int) throws(FormatError) -> JSONNode {
        guard position < bytes.count else { throw syntax("the text ends where a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw syntax("unexpected \(describeCurrent()): NaN and Infinity are not JSON numbers")
        default:
            throw syntax("unexpected \(describeCurrent()) where a value was expected")
        }
    }

    mutating func object(depth: Int) throws(FormatError) -> JSONNode {
        try checkDepth(depth)
        position += 1  // {
        var object = JSONObject()
        var keyLines: [Int] = []  // by member position, for duplicate messages
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw syntax("expected a key in double quotes, found \(describeCurrent())")
            }
            let keyLine = line
            let key = try string()
            if let first = object.index[key] {
                path.append(.key(key))
                throw FormatError.duplicateKey(field: JSONPathComponent.render(path), line: keyLine, firstLine: keyLines[first])
            }
            keyLines.append(keyLine)
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else {
                throw syntax("expected ':' after the key \"\(DisplayText.escaped(key))\", found \(describeCurrent())")
            }
            position += 1
            skipWhitespace()
            path.append(.key(key))
            let member = try value(depth: depth)
            path.removeLast()
            object.index[key] = object.keys.count
            object.keys.append(key)
            object.values.append(member)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .object(object)
            default: throw syntax("expected ',' or '}' after the value of \"\(DisplayText.escaped(key))\", found \(describeCurrent())")
            }
        }
    }

    mutating func array(depth: Int) throws(FormatError) -> JSONNode {
        try checkDepth(depth)
        position += 1  // [
        var elements: [JSONNode] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            path.append(.index(elements.count))
            elements.append(try value(depth: depth))
            path.removeLast()
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(elements)
            default: throw syntax("expected ',' or ']' after element \(elements.count - 1), found \(describeCurrent())")
            }
        }
    }

    mutating func checkDepth(_ depth: Int) throws(FormatError) {
        if depth > JSONInput.maximumDepth {
            throw syntax("objects and arrays nest deeper than \(JSONInput.maximumDepth) levels")
        }
    }

    mutating func literal(_ word: String) throws(FormatError) {
        let utf8 = Array(word.utf8)
        let start = position
        let matches = start + utf8.count <= bytes.count && utf8.indices.allSatisfy { bytes[start + $0] == utf8[$0] }
        guard matches else { throw syntax("unexpected \(describeCurrent()) where a value was expected") }
        position += utf8.count
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, finite as a Double.
    mutating func number() throws(FormatError) -> JSONNode {
        let start = position
        func digits(_ parser: inout JSONParser) -> Int {
            let first = parser.position
            while parser.position < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.position]) {
                parser.position += 1
            }
            return parser.position - first
        }
        if peek() == UInt8(ascii: "-") { position += 1 }
        if peek() == UInt8(ascii: "0") {
            position += 1
            if let next = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) {
                throw syntax("a number must not start with 0 followed by digits")
            }
        } else if digits(&self) == 0 {
            throw syntax("expected digits in a number, found \(describeCurrent())")
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            if digits(&self) == 0 { throw syntax("expected digits after the decimal point, found \(describeCurrent())") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            if digits(&self) == 0 { throw syntax("expected digits in the exponent, found \(describeCurrent())") }
        }
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(literal), value.isFinite else {
            throw FormatError.numberOutOfRange(field: JSONPathComponent.render(path), literal: literal)
        }
        return .number(value, literal: literal)
    }

    /// A string literal; `position` is at its opening quote.
    mutating func string() throws(FormatError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = try utf8(start..<position)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw syntax("a control character (U+\(hex(byte))) inside a string must be escaped") }
            position += 1
        }
        var scalars = try utf8(start..<position)
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return scalars
            case UInt8(ascii: "\\"):
                position += 1
                guard let escape = peek() else { break }
                position += 1
                switch escape {
                case UInt8(ascii: "\""): scalars += "\""
                case UInt8(ascii: "\\"): scalars += "\\"
                case UInt8(ascii: "/"): scalars += "/"
                case UInt8(ascii: "b"): scalars += "\u{8}"
                case UInt8(ascii: "f"): scalars += "\u{C}"
                case UInt8(ascii: "n"): scalars += "\n"
                case UInt8(ascii: "r"): scalars += "\r"
                case UInt8(ascii: "t"): scalars += "\t"
                case UInt8(ascii: "u"): scalars.unicodeScalars.append(try unicodeEscape())
                default:
                    position -= 1
                    throw syntax("unknown escape \\\(describeCurrent()) in a string")
                }
            default:
                if byte < 0x20 { throw syntax("a control character (U+\(hex(byte))) inside a string must be escaped") }
                let runStart = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "\""), bytes[position] != UInt8(ascii: "\\"),
                      bytes[position] >= 0x20 {
                    position += 1
                }
                scalars += try utf8(runStart..<position)
            }
        }
        throw syntax("the text ends inside a string")
    }

    /// The scalar of `\uXXXX` (a surrogate pair counts as one); `position` is after the `u`.
    mutating func unicodeEscape() throws(FormatError) -> Unicode.Scalar {
        let high = try hexQuad()
        if (0xD800...0xDBFF).contains(high) {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw syntax("\\u\(String(high, radix: 16)) is half of a surrogate pair; the other half is missing")
            }
            position += 2
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw syntax("\\u\(String(high, radix: 16)) must be followed by a low surrogate, found \\u\(String(low, radix: 16))")
            }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else {
            throw syntax("\\u\(String(high, radix: 16)) is a lone low surrogate, not a character")
        }
        return scalar
    }

    mutating func hexQuad() throws(FormatError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = hexValue(byte) else {
                throw syntax("expected four hexadecimal digits after \\u, found \(describeCurrent())")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    mutating func utf8(_ range: Range<Int>) throws(FormatError) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        guard let text = String(validating: slice, as: UTF8.self) else {
            position = range.lowerBound
            throw syntax("a string is not valid UTF-8")
        }
        return text
    }

    // MARK: Whitespace, positions, messages

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "\n"):
                position += 1
                line += 1
                lineStart = position
            default:
                return
            }
        }
    }

    func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// The character at `position` for a message: `'x'`, or "the end of the text".
    func describeCurrent() -> String {
        guard position < bytes.count else { return "the end of the text" }
        let byte = bytes[position]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    /// A syntax error at `position`: line, column (in characters), and the path it is under.
    func syntax(_ message: String) -> FormatError {
        let lineBytes = UnsafeBufferPointer(rebasing: bytes[lineStart..<min(max(position, lineStart), bytes.count)])
        let column = String(decoding: lineBytes, as: UTF8.self).count + 1
        return FormatError.malformedJSON(
            field: JSONPathComponent.render(path), message: "not valid JSON at line \(line), column \(column): \(message)")
    }
}
