/// The nodes that hold one layer range, when two or more do: data-parallel replicas of that range.
/// Any `g` of them can fuse into a `g`-stage pipeline over the range and donate `g − 1` copies of
/// its weights.
package struct ReplicaClass: Sendable, Hashable {
    package var range: LayerRange
    /// Node positions, in cluster order.
    package var members: [Int]
    /// KV tokens one donated copy adds to the pool: ⌊range layers · layerBytes ÷ (L · kvBytes)⌋.
    package var tokensPerCopy: Int

    /// The replicated ranges of `ranges`, most tokens per copy first (ties by range).
    /// - Complexity: O(N log N) for N nodes.
    package static func classes(of ranges: [LayerRange?], memory: PressureMemory) -> [ReplicaClass] {
        var byRange: [LayerRange: [Int]] = [:]
        for (index, range) in ranges.enumerated() {
            if let range { byRange[range, default: []].append(index) }
        }
        var result: [ReplicaClass] = []
        for (range, members) in byRange where members.count >= 2 {
            let perCopy = KVCacheCapacity.wholeTokens(memory.parameterBytes(layers: range.count) / memory.bytesPerTokenAllLayers)
            result.append(ReplicaClass(range: range, members: members.sorted(), tokensPerCopy: perCopy))
        }
        return result.sorted { ($0.tokensPerCopy, $1.range) > ($1.tokensPerCopy, $0.range) }
    }
}
