extension ThroughputEstimator {
    /// One GPU kind of a cluster and how many nodes have it.
    public struct Member: Sendable, Hashable {
        public var gpu: GPUSpec
        public var count: Int

        public init(gpu: GPUSpec, count: Int) {
            self.gpu = gpu
            self.count = count
        }
    }

    /// Estimated throughput tables, `layers → tokens/s` for `1...maxLayers`, of each GPU kind of a
    /// cluster serving `model`, in the order given.
    ///
    /// A request spends `share = k·t / (k·t + (L − k)·t̄)` of its round trip on a GPU holding k
    /// layers, where t is the GPU's seconds per token per layer and t̄ the cluster's average (weighted
    /// by count × typical layers). Fast GPUs among slow ones see smaller batches; in a cluster of one
    /// kind the share is k/L. Shares and tables depend on each other, so they are found by a fixed
    /// number of rounds of substitution, starting from k/L: each round takes each kind's typical layer
    /// count (the k maximising k · throughput(k)) and its speed there, then re-estimates every table.
    /// - Returns: per member, the estimates for `1...maxLayers` (empty when nothing fits).
    /// - Complexity: O(rounds · Σ maxLayers), rounds = 8.
    public func tables(model: ModelConfig, composition: [Member]) -> [[Estimate]] {
        let layerCount = Double(model.numHiddenLayers)
        func table(_ gpu: GPUSpec, share: (Int) -> Double) -> [Estimate] {
            let limit = maxLayers(gpu: gpu, model: model)
            return (0..<limit).compactMap { estimate(gpu: gpu, model: model, layers: $0 + 1, share: share($0 + 1)) }
        }
        var tables = composition.map { member in table(member.gpu, share: { Double($0) / layerCount }) }
        for _ in 0..<8 {
            // Typical layer count and seconds per token·layer of each kind.
            var typical: [Double] = []
            var secondsPerLayer: [Double] = []
            for estimates in tables {
                let best = estimates.max { Double($0.layers) * $0.tokensPerSecond < Double($1.layers) * $1.tokensPerSecond }
                let layers = Double(best?.layers ?? 0)
                typical.append(layers)
                secondsPerLayer.append(layers > 0 ? 1 / (layers * (best?.tokensPerSecond ?? 1)) : 0)
            }
            var weightedSeconds = 0.0
            var weight = 0.0
            for (index, member) in composition.enumerated() where typical[index] > 0 {
                weightedSeconds += Double(member.count) * typical[index] * secondsPerLayer[index]
                weight += Double(member.count) * typical[index]
            }
            guard weight > 0 else { break }
            let average = weightedSeconds / weight
            tables = composition.enumerated().map { index, member in
                let own = secondsPerLayer[index]
                return table(member.gpu) { k in
                    let busy = Double(k) * own
                    let total = busy + (layerCount - Double(k)) * average
                    return total > 0 ? busy / total : Double(k) / layerCount
                }
            }
        }
        return tables
    }

    /// The cluster's GPU types for `model`: catalog figures plus estimated tables (`maxLayers` =
    /// what fits, KV capacities in token·layer slots) and serving profiles on the same roofline
    /// (`servingProfile(gpu:model:estimates:)`), named by the catalog, NIC the typical one.
    /// - Throws: `EstimationError` when an assumption is out of range or not one layer fits a GPU.
    public func gpuTypes(model: ModelConfig, composition: [Member]) throws -> [GPUType] {
        try validate()
        let tables = tables(model: model, composition: composition)
        return try zip(composition, tables).map { member, estimates in
            guard !estimates.isEmpty else {
                throw EstimationError.doesNotFit(
                    gpu: member.gpu.name, model: model.name,
                    parameterBytesPerLayer: model.parametersPerLayer * model.dtypeBytes,
                    usableBytes: usableBytes(member.gpu))
            }
            return GPUType(
                name: member.gpu.name, vramBytes: member.gpu.vramBytes,
                nicInBytesPerSecond: member.gpu.typicalNICBytesPerSecond,
                nicOutBytesPerSecond: member.gpu.typicalNICBytesPerSecond, maxLayers: estimates.count,
                throughputTokensPerSecondByLayerCount: estimates.map(\.tokensPerSecond),
                kvCacheTokenLayersByLayerCount: estimates.map(\.kvCacheTokenLayers),
                serving: servingProfile(gpu: member.gpu, model: model, estimates: estimates))
        }
    }
}
