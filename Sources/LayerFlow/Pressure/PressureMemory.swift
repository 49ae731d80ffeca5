/// The memory arithmetic of memory pressure: what a node may use, what its parameters take, and
/// how many tokens of KV cache the rest holds.
///
/// A node holding `k` layers keeps `k · parameterBytesPerLayer` of parameters and, per token, one KV
/// entry of `kvCacheBytesPerTokenPerLayer` in each of those layers, so it holds
/// `⌊(usable − k · layerBytes) ÷ (k · kvBytes)⌋` tokens. Usable memory is the GPU type's VRAM times
/// `usableMemoryFraction` (1: the VRAM as given, which is what KunServe's accounting assumes).
package struct PressureMemory: Sendable {
    package let cluster: Cluster
    package let usableMemoryFraction: Double
    package let kvBytesPerTokenPerLayer: Double

    /// - Throws: `PressureError.missingKVBytes` when the model has no KV size, `.invalidOption` for a
    ///   fraction outside (0, 1].
    package init(cluster: Cluster, usableMemoryFraction: Double = 1) throws(PressureError) {
        guard usableMemoryFraction.isFinite, usableMemoryFraction > 0, usableMemoryFraction <= 1 else {
            throw .invalidOption(field: "usableMemoryFraction", value: usableMemoryFraction, requirement: "in (0, 1]")
        }
        guard let bytes = cluster.model.kvCacheBytesPerTokenPerLayer, bytes.isFinite, bytes > 0 else {
            throw .missingKVBytes(field: "model.kvCacheBytesPerTokenPerLayer")
        }
        self.cluster = cluster
        self.usableMemoryFraction = usableMemoryFraction
        self.kvBytesPerTokenPerLayer = bytes
    }

    /// Bytes the node at `index` may fill with parameters and KV cache.
    package func usableBytes(nodeAt index: Int) -> Double {
        cluster.gpuType(ofNodeAt: index).vramBytes * usableMemoryFraction
    }

    /// Bytes of parameters `layers` layers take.
    package func parameterBytes(layers: Int) -> Double {
        Double(layers) * cluster.model.parameterBytesPerLayer
    }

    /// KV tokens the node at `index` holds with `layers` layers (0 when it holds none or nothing is left).
    /// - Complexity: O(1).
    package func tokens(nodeAt index: Int, layers: Int) -> Int {
        guard layers > 0 else { return 0 }
        let free = usableBytes(nodeAt: index) - parameterBytes(layers: layers)
        return KVCacheCapacity.wholeTokens(free / (Double(layers) * kvBytesPerTokenPerLayer))
    }

    /// KV bytes one token takes across the whole model (`L · kvBytes`).
    package var bytesPerTokenAllLayers: Double { Double(cluster.model.layerCount) * kvBytesPerTokenPerLayer }

    /// Checks that every held range's parameters fit the node's usable memory.
    /// - Throws: `PressureError.memoryDoesNotFit` naming the GPU type's memory field and the node.
    /// - Complexity: O(nodes).
    package func checkFits(_ ranges: [LayerRange?]) throws(PressureError) {
        for (index, range) in ranges.enumerated() {
            guard let range else { continue }
            let bytes = parameterBytes(layers: range.count)
            let usable = usableBytes(nodeAt: index)
            if bytes > usable {
                let typeIndex = cluster.typeIndexOfNode[index]
                throw .memoryDoesNotFit(
                    field: "gpuTypes[\(typeIndex)].vramBytes", node: cluster.nodes[index].id,
                    parameterBytes: bytes, usableBytes: usable)
            }
        }
    }
}
