import LayerFlow

/// Helix's batch-time rule, for tests that check profiles against throughput tables: linear
/// interpolation between the nearest points, prompt and decode terms added, a one-sequence decode
/// doubled (`ModelLayer.get_inference_statistics`).
extension ServingProfile {
    static func interpolate(_ curve: [Point], at x: Double) -> Double? {
        guard let right = curve.firstIndex(where: { Double($0.batch) >= x }) else { return nil }
        if Double(curve[right].batch) == x || right == 0 { return curve[right].milliseconds }
        let (a, b) = (curve[right - 1], curve[right])
        return a.milliseconds + (b.milliseconds - a.milliseconds) * (x - Double(a.batch)) / Double(b.batch - a.batch)
    }

    /// Milliseconds for one layer on a batch of `promptTokens` prompt tokens and `decodeSequences`
    /// decode sequences; nil beyond a curve's last point.
    func helixLayerMilliseconds(promptTokens: Double, decodeSequences: Double) -> Double? {
        guard let prompt = Self.interpolate(promptLayerTimes, at: promptTokens),
              let decode = Self.interpolate(decodeLayerTimes, at: decodeSequences) else { return nil }
        return prompt + (decodeSequences == 1 ? 2 * decode : decode)
    }
}
