/// A half-open range of layers `start..<end` held by one node. Encoded as `[start, end]`.
public struct LayerRange: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    /// Number of layers held.
    public var count: Int { end - start }

    public var description: String { "[\(start), \(end))" }

    public static func < (lhs: LayerRange, rhs: LayerRange) -> Bool {
        (lhs.start, lhs.end) < (rhs.start, rhs.end)
    }
}

extension LayerRange: Codable {
    public init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let start = try container.decode(Int.self)
        let end = try container.decode(Int.self)
        if !container.isAtEnd {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a layer range is [start, end]: exactly two integers")
        }
        self.init(start, end)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(start)
        try container.encode(end)
    }
}

extension LayerRange {
    /// The layers of `0..<layerCount` held by none of `ranges`, as maximal half-open ranges
    /// (ranges reaching outside the model are clipped to it).
    /// - Complexity: O(ranges + layerCount).
    package static func uncovered(by ranges: some Sequence<LayerRange>, layerCount: Int) -> [LayerRange] {
        var held = [Bool](repeating: false, count: max(layerCount, 0))
        for range in ranges {
            let start = max(0, range.start), end = min(held.count, range.end)
            if start < end { for layer in start..<end { held[layer] = true } }
        }
        var result: [LayerRange] = []
        var layer = 0
        while layer < held.count {
            if held[layer] { layer += 1; continue }
            let start = layer
            while layer < held.count && !held[layer] { layer += 1 }
            result.append(LayerRange(start, layer))
        }
        return result
    }
}
