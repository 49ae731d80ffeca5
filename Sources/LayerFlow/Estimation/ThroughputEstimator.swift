import Foundation

/// Predicts the throughput table of a GPU serving a slice of a model from public figures alone:
/// a roofline of compute and memory traffic at the decode batch the KV cache allows.
///
/// For a GPU holding `k` layers, per request of P prompt and O output tokens:
///
/// - **Memory.** `free = vram · memoryUtilisation − runtimeReserve − k · layerBytes` is left for the
///   KV cache: `free / kvBytesPerTokenPerLayer` token·layer slots. `k` fits while `free` holds at
///   least one whole sequence of P + O tokens in every layer.
/// - **Batch.** The scheduler keeps `kvCacheOccupancy` of the slots filled, so
///   `occupancy · slots / (k · (P + O))` requests are resident; at any instant a request is on this
///   GPU for only its `share` of the round trip (k/L in a pipeline of equally fast stages, see
///   `gpuTypes(model:composition:)`), so the decode batch is `B = resident · share`, between 1 and
///   `maxDecodeBatch`.
/// - **Time per layer.** Prefill of P tokens and one decode step of B tokens each take
///   `max(flops / (peakFLOPS · computeEfficiency), bytes / (bandwidth · memoryBandwidthEfficiency))`:
///   prefill does `2 · P · activeParams + 2 · P² · heads · headDim` flops and reads the layer's
///   weights once; a decode step does `B · (2 · activeParams + 4 · c · heads · headDim)` flops and
///   reads the weights (for a mixture of experts only the experts B tokens route to, in
///   expectation) plus `B · c · kvBytes` of cache, with c = P + O/2 the average context.
/// - **Throughput.** `(P + O) / (k · (prefill + O · decodeStep / B))` tokens per second — the same
///   quantity as Helix's tables (prompt plus output tokens per second of a node holding k layers).
public struct ThroughputEstimator: Sendable, Hashable {
    /// What the estimate for one GPU and layer count is made of.
    public struct Estimate: Sendable, Hashable, Codable {
        public var layers: Int
        public var tokensPerSecond: Double
        /// Sequences decoded together in one step (B).
        public var decodeBatch: Double
        /// KV-cache capacity in token·layer slots.
        public var kvCacheTokenLayers: Double
        public var prefillSecondsPerLayer: Double
        public var decodeStepSecondsPerLayer: Double
        /// Whether the decode step is limited by memory traffic (else by compute).
        public var decodeIsMemoryBound: Bool
    }

    public var assumptions: EstimatorAssumptions

    public init(assumptions: EstimatorAssumptions = .calibrated) {
        self.assumptions = assumptions
    }

    /// Checks the assumptions.
    /// - Throws: `EstimationError.invalidAssumption` naming the first field out of range.
    public func validate() throws {
        let a = assumptions
        let positive: [(String, Double)] = [
            ("promptTokens", a.promptTokens), ("outputTokens", a.outputTokens),
            ("memoryUtilisation", a.memoryUtilisation), ("kvCacheOccupancy", a.kvCacheOccupancy),
            ("maxDecodeBatch", a.maxDecodeBatch), ("computeEfficiency", a.computeEfficiency),
            ("memoryBandwidthEfficiency", a.memoryBandwidthEfficiency),
        ]
        for (field, value) in positive where !(value.isFinite && value > 0) {
            throw EstimationError.invalidAssumption(field: field, value: value, requirement: "must be finite and > 0")
        }
        if !(a.runtimeReserveBytes.isFinite && a.runtimeReserveBytes >= 0) {
            throw EstimationError.invalidAssumption(
                field: "runtimeReserveBytes", value: a.runtimeReserveBytes, requirement: "must be finite and >= 0")
        }
    }

    /// Memory the runtime may use on `gpu`: `vram · memoryUtilisation − runtimeReserve`.
    public func usableBytes(_ gpu: GPUSpec) -> Double {
        gpu.vramBytes * assumptions.memoryUtilisation - assumptions.runtimeReserveBytes
    }

    /// Bytes left for the KV cache when `gpu` holds `layers` layers of `model` (may be negative).
    public func freeBytes(_ gpu: GPUSpec, model: ModelConfig, layers: Int) -> Double {
        usableBytes(gpu) - Double(layers) * model.parametersPerLayer * model.dtypeBytes
    }

    /// The most layers of `model` that `gpu` can hold with room for one whole sequence's KV cache
    /// in each, capped at the model's layer count; 0 when not even one fits.
    /// - Complexity: O(1).
    public func maxLayers(gpu: GPUSpec, model: ModelConfig) -> Int {
        let perLayer = model.parametersPerLayer * model.dtypeBytes
            + model.kvCacheBytesPerTokenPerLayer * assumptions.tokensPerRequest
        let fitting = (usableBytes(gpu) / perLayer).rounded(.down)
        guard fitting >= 1 else { return 0 }
        return Int(min(fitting, Double(model.numHiddenLayers)))
    }

    /// The estimate for `gpu` holding `layers` layers of `model` while a request spends `share`
    /// (0 < share ≤ 1) of its round trip on it; nil when the layers do not fit.
    /// - Complexity: O(1).
    public func estimate(gpu: GPUSpec, model: ModelConfig, layers: Int, share: Double) -> Estimate? {
        guard layers >= 1, layers <= maxLayers(gpu: gpu, model: model) else { return nil }
        let a = assumptions
        let k = Double(layers)
        let kvBytes = model.kvCacheBytesPerTokenPerLayer
        let slots = freeBytes(gpu, model: model, layers: layers) / kvBytes
        let resident = a.kvCacheOccupancy * slots / (k * a.tokensPerRequest)
        let batch = min(max(resident * min(max(share, 0), 1), 1), a.maxDecodeBatch)

        let prefill = prefillSecondsPerLayer(gpu: gpu, model: model, promptTokens: a.promptTokens)
        let decode = decodeStepSecondsPerLayer(gpu: gpu, model: model, batch: batch)

        let seconds = k * (prefill + a.outputTokens * decode.seconds / batch)
        return Estimate(
            layers: layers, tokensPerSecond: a.tokensPerRequest / seconds, decodeBatch: batch,
            kvCacheTokenLayers: max(slots, 0), prefillSecondsPerLayer: prefill,
            decodeStepSecondsPerLayer: decode.seconds, decodeIsMemoryBound: decode.isMemoryBound)
    }

    /// Roofline time of one layer prefilling a batch of `promptTokens` tokens in prompts of the
    /// average length (one shorter prompt when the batch is shorter than that): the attention term
    /// is `2 · P · min(P, promptTokens) · heads · headDim`; the layer's weights are read once and
    /// P tokens of KV cache written.
    package func prefillSecondsPerLayer(gpu: GPUSpec, model: ModelConfig, promptTokens: Double) -> Double {
        let a = assumptions
        let flops = gpu.denseHalfPrecisionFLOPS * a.computeEfficiency
        let bandwidth = gpu.memoryBandwidthBytesPerSecond * a.memoryBandwidthEfficiency
        let attentionWidth = Double(model.numAttentionHeads * model.headDimension)
        let prefillFlops = 2 * promptTokens * model.activeParametersPerLayer
            + 2 * promptTokens * min(promptTokens, a.promptTokens) * attentionWidth
        let prefillBytes = model.parametersPerLayer * model.dtypeBytes + promptTokens * model.kvCacheBytesPerTokenPerLayer
        return max(prefillFlops / flops, prefillBytes / bandwidth)
    }

    /// Roofline time of one layer's decode step for `batch` sequences at the average context
    /// `promptTokens + outputTokens / 2`, and whether memory traffic (not compute) bounds it.
    package func decodeStepSecondsPerLayer(
        gpu: GPUSpec, model: ModelConfig, batch: Double
    ) -> (seconds: Double, isMemoryBound: Bool) {
        let a = assumptions
        let flops = gpu.denseHalfPrecisionFLOPS * a.computeEfficiency
        let bandwidth = gpu.memoryBandwidthBytesPerSecond * a.memoryBandwidthEfficiency
        let attentionWidth = Double(model.numAttentionHeads * model.headDimension)
        let context = a.promptTokens + a.outputTokens / 2
        let decodeFlops = batch * (2 * model.activeParametersPerLayer + 4 * context * attentionWidth)
        let decodeBytes = weightBytesRead(model: model, batch: batch) + batch * context * model.kvCacheBytesPerTokenPerLayer
        let decodeCompute = decodeFlops / flops
        let decodeMemory = decodeBytes / bandwidth
        return (max(decodeCompute, decodeMemory), decodeMemory >= decodeCompute)
    }

    /// Weight bytes one decode step of `batch` tokens reads from one layer: all of them for a dense
    /// model; for a mixture of E experts with r routed per token, attention, router and norms plus
    /// the expected number of distinct experts hit, `E · (1 − (1 − r/E)^batch)`.
    func weightBytesRead(model: ModelConfig, batch: Double) -> Double {
        guard model.isMixtureOfExperts, let experts = model.numLocalExperts, let routed = model.numExpertsPerToken else {
            return model.parametersPerLayer * model.dtypeBytes
        }
        let e = Double(experts)
        let touched = e * (1 - pow(1 - Double(routed) / e, batch))
        let shared = model.parametersPerLayer - e * model.mlpParameters
        return (shared + touched * model.mlpParameters) * model.dtypeBytes
    }
}
