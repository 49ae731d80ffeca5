/// A `Decoder` over a parsed `JSONNode` tree (see `JSONInput`) whose errors say where and what:
/// every `DecodingError` carries the coding path of the value at fault and a debug description of
/// the form "expected an integer (Int), found 80.5".
///
/// It decodes what `JSONDecoder` does with its default strategies for the types LayerFlow's files
/// hold, with these rules for numbers: an integer type takes a literal that is an integer in its
/// range (`80`, also `80.0` or `8e1`), and refuses `80.5` or `1e30` by name; a `Double` takes any
/// number (the parser has refused the non-finite ones); a `Float` one whose value is finite as a
/// `Float`.
struct JSONTreeDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from node: JSONNode) throws -> T {
        try TreeDecoder(node: node, codingPath: []).decodeValue(type)
    }
}

/// What a node is, for messages: "the number 80.5", "a string \"80\"", "an array".
private func describe(_ node: JSONNode) -> String {
    switch node {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .number(_, let literal): return literal
    case .string(let text):
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "the string \"\(DisplayText.escaped(shown))\""
    case .array(let elements): return "an array (of \(elements.count))"
    case .object: return "an object"
    }
}

/// An array position in a coding path. Its string value is `Index <n>`, as with `JSONDecoder`, which
/// is how `FormatError` tells it from a dictionary key that happens to be a number (node id `"7"`).
private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct SuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) {}
    init?(intValue: Int) { return nil }
}

private final class TreeDecoder: Decoder, SingleValueDecodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: JSONNode, codingPath: [any CodingKey]) {
        self.node = node
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = node else {
            throw mismatch([String: Any].self, expected: "an object", at: codingPath)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = node else {
            throw mismatch([Any].self, expected: "an array", at: codingPath)
        }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: Single value

    func decodeNil() -> Bool {
        if case .null = node { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try Scalars.bool(node, codingPath) }
    func decode(_ type: String.Type) throws -> String { try Scalars.string(node, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Scalars.double(node, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try Scalars.float(node, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try Scalars.integer(node, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Scalars.integer(node, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Scalars.integer(node, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Scalars.integer(node, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Scalars.integer(node, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try Scalars.integer(node, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Scalars.integer(node, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Scalars.integer(node, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Scalars.integer(node, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Scalars.integer(node, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }

    /// `T` from this node: scalars directly, everything else through `T.init(from:)`.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if let scalar = try Scalars.fast(type, node, codingPath) { return scalar }
        return try T(from: self)
    }
}

/// The scalar conversions, shared by the three container kinds.
private enum Scalars {
    /// `T` decoded without a child decoder when it is a common scalar type; nil otherwise.
    static func fast<T>(_ type: T.Type, _ node: JSONNode, _ path: [any CodingKey]) throws -> T? {
        if type == Double.self { return try double(node, path) as? T }
        if type == Int.self { return try integer(node, path) as Int as? T }
        if type == String.self { return try string(node, path) as? T }
        if type == Bool.self { return try bool(node, path) as? T }
        return nil
    }

    static func bool(_ node: JSONNode, _ path: [any CodingKey]) throws -> Bool {
        guard case .bool(let value) = node else { throw typeError(Bool.self, expected: "true or false", node, at: path) }
        return value
    }

    static func string(_ node: JSONNode, _ path: [any CodingKey]) throws -> String {
        guard case .string(let value) = node else { throw typeError(String.self, expected: "a string", node, at: path) }
        return value
    }

    static func double(_ node: JSONNode, _ path: [any CodingKey]) throws -> Double {
        guard case .number(let value, _) = node else { throw typeError(Double.self, expected: "a number", node, at: path) }
        return value
    }

    static func float(_ node: JSONNode, _ path: [any CodingKey]) throws -> Float {
        guard case .number(let value, let literal) = node else { throw typeError(Float.self, expected: "a number", node, at: path) }
        let result = Float(value)
        guard result.isFinite else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: path, debugDescription: "expected a number within Float's range, found \(literal)"))
        }
        return result
    }

    static func integer<T: FixedWidthInteger>(_ node: JSONNode, _ path: [any CodingKey]) throws -> T {
        guard case .number(let value, let literal) = node else {
            throw typeError(T.self, expected: "an integer (\(T.self))", node, at: path)
        }
        if let exact = T(literal) { return exact }
        if value.rounded(.towardZero) != value {
            throw DecodingError.typeMismatch(T.self, .init(
                codingPath: path, debugDescription: "expected an integer (\(T.self)), found \(literal), which has a fractional part"))
        }
        if let exact = T(exactly: value) { return exact }
        throw DecodingError.dataCorrupted(.init(
            codingPath: path, debugDescription: "expected an integer (\(T.self)) in \(T.min)...\(T.max), found \(literal)"))
    }
}

private func typeError(_ type: Any.Type, expected: String, _ node: JSONNode, at path: [any CodingKey]) -> DecodingError {
    if case .null = node {
        return .valueNotFound(type, .init(codingPath: path, debugDescription: "expected \(expected), found null"))
    }
    return .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(expected), found \(describe(node))"))
}

private extension TreeDecoder {
    func mismatch(_ type: Any.Type, expected: String, at path: [any CodingKey]) -> DecodingError {
        typeError(type, expected: expected, node, at: path)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object.index[key.stringValue] != nil }

    private func child(_ key: Key) throws -> JSONNode {
        guard let node = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath, debugDescription: "required field \"\(key.stringValue)\" is missing"))
        }
        return node
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try child(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Scalars.bool(try child(key), path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try Scalars.string(try child(key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try Scalars.double(try child(key), path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try Scalars.float(try child(key), path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Scalars.integer(try child(key), path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try Scalars.integer(try child(key), path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try Scalars.integer(try child(key), path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try Scalars.integer(try child(key), path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try Scalars.integer(try child(key), path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try Scalars.integer(try child(key), path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try Scalars.integer(try child(key), path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try Scalars.integer(try child(key), path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try Scalars.integer(try child(key), path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try Scalars.integer(try child(key), path(key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try TreeDecoder(node: try child(key), codingPath: path(key)).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(node: try child(key), codingPath: path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(node: try child(key), codingPath: path(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        TreeDecoder(node: object["super"] ?? .null, codingPath: codingPath + [SuperKey()])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(node: object[key.stringValue] ?? .null, codingPath: path(key))
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONNode]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONNode], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// Decodes the next element with `body` and moves past it only when that succeeds (as
    /// `JSONDecoder` does); throws `valueNotFound` past the end.
    private mutating func next<T>(_ type: Any.Type, _ body: (JSONNode, [any CodingKey]) throws -> T) throws -> T {
        let path = codingPath + [IndexKey(currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(
                codingPath: path,
                debugDescription: "expected another element, but the array has only \(elements.count)"))
        }
        let value = try body(elements[currentIndex], path)
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return try next(Any?.self) { _, _ in false } }
        if case .null = elements[currentIndex] {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { try Scalars.bool($0, $1) } }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) { try Scalars.string($0, $1) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) { try Scalars.double($0, $1) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) { try Scalars.float($0, $1) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) { try Scalars.integer($0, $1) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) { try Scalars.integer($0, $1) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) { try Scalars.integer($0, $1) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) { try Scalars.integer($0, $1) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) { try Scalars.integer($0, $1) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) { try Scalars.integer($0, $1) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) { try Scalars.integer($0, $1) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) { try Scalars.integer($0, $1) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) { try Scalars.integer($0, $1) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) { try Scalars.integer($0, $1) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next(type) { try TreeDecoder(node: $0, codingPath: $1).decodeValue(type) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next([String: Any].self) { try TreeDecoder(node: $0, codingPath: $1).container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next([Any].self) { try TreeDecoder(node: $0, codingPath: $1).unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next(Any.self) { TreeDecoder(node: $0, codingPath: $1) }
    }
}
