extension ThroughputEstimator {
    /// Spacing of a derived prompt curve's points, in prompt tokens (Helix profiles every 250).
    package static let promptGridTokens = 250
    /// Spacing of a derived decode curve's points, in sequences (Helix: 2, 4, 6, …).
    package static let decodeGridSequences = 2
    /// The longest prompt a node accepts, in tokens (Helix's `MAX_INPUT_LEN`).
    package static let maxPromptTokens = 2048

    /// A serving profile on the same roofline as the throughput table, for `gpu` holding 1…n layers
    /// of `model` with `estimates` (entry k − 1 for k layers, as `tables` returns them). See
    /// `docs/Guides/Estimator.md`, *Serving profiles*.
    ///
    /// With T = ⌊kvCacheTokenLayers(k) / k⌋ tokens of KV cache per layer: prompt batches hold at most
    /// min(2048, T) tokens in at most ⌊that / P⌋ prompts (at least 1); decode batches at most
    /// clamp(⌊T / (P + O/2)⌋, 1, maxDecodeBatch) sequences and T context tokens. The curves run
    /// from (0, 0) on Helix's grid (prompt every 250 tokens, decode every 2 sequences) to the
    /// largest limit, rounded up to the grid; each point is the roofline time of one layer.
    /// The disk speed is left unknown: datasheets do not give it.
    /// - Complexity: O(n + largest limit / grid step).
    package func servingProfile(gpu: GPUSpec, model: ModelConfig, estimates: [Estimate]) -> ServingProfile {
        let a = assumptions
        let context = a.promptTokens + a.outputTokens / 2
        // Rounded down to a count in 1...cap (cap keeps absurd figures from overflowing Int).
        func count(_ value: Double, cap: Double = 1e15) -> Int { Int(min(max(value.rounded(.down), 1), cap)) }
        let limits = estimates.map { estimate in
            let perLayer = estimate.kvCacheTokenLayers / Double(max(estimate.layers, 1))
            let tokens = count(perLayer, cap: Double(Self.maxPromptTokens))
            return ServingProfile.BatchLimits(
                promptMaxRequests: count(Double(tokens) / a.promptTokens),
                promptMaxTokens: tokens,
                decodeMaxSequences: count(perLayer / context, cap: max(a.maxDecodeBatch.rounded(.down), 1)),
                decodeMaxContextTokens: count(perLayer))
        }
        func grid(upTo largest: Int, step: Int) -> [Int] {
            let last = (max(largest, 1) + step - 1) / step * step
            return Array(stride(from: 0, through: last, by: step))
        }
        let prompt = grid(upTo: limits.map(\.promptMaxTokens).max() ?? 1, step: Self.promptGridTokens).map { tokens in
            ServingProfile.Point(
                batch: tokens,
                milliseconds: tokens == 0 ? 0 : 1000 * prefillSecondsPerLayer(gpu: gpu, model: model, promptTokens: Double(tokens)))
        }
        let decode = grid(upTo: limits.map(\.decodeMaxSequences).max() ?? 1, step: Self.decodeGridSequences).map { batch in
            ServingProfile.Point(
                batch: batch,
                milliseconds: batch == 0 ? 0 : 1000 * decodeStepSecondsPerLayer(gpu: gpu, model: model, batch: Double(batch)).seconds)
        }
        return ServingProfile(promptLayerTimes: prompt, decodeLayerTimes: decode, batchLimitsByLayerCount: limits)
    }
}
