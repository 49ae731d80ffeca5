/// A measured layer-time curve (batch size → seconds), read by linear interpolation between the
/// nearest points below and above, as Helix's `get_inference_statistics` does.
package struct LayerTimeCurve: Sendable, Hashable {
    private let batches: [Int]
    private let seconds: [Double]

    package init(_ points: [ServingProfile.Point]) {
        batches = points.map(\.batch)
        seconds = points.map { $0.milliseconds * 0.001 }
    }

    /// Time for a batch of `size`; beyond the last point the last segment is extended (Helix
    /// asserts instead; its batch limits keep batches inside the grid).
    /// - Complexity: O(log points).
    package func time(_ size: Int) -> Double {
        guard let last = batches.last, batches.count >= 2 else { return seconds.first ?? 0 }
        if size <= batches[0] { return seconds[0] }
        if size >= last {
            if size == last { return seconds[seconds.count - 1] }
            let n = batches.count
            return seconds[n - 1] + (seconds[n - 1] - seconds[n - 2]) * Double(size - last) / Double(last - batches[n - 2])
        }
        var low = 0
        var high = batches.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if batches[mid] <= size { low = mid } else { high = mid }
        }
        if batches[low] == size { return seconds[low] }
        let x0 = Double(batches[low]), x1 = Double(batches[high])
        return seconds[low] + (seconds[high] - seconds[low]) * (Double(size) - x0) / (x1 - x0)
    }

    /// Time for a fractional batch of `size` (a mean batch in an analytic model), interpolated and
    /// extended the same way.
    /// - Complexity: O(log points).
    package func time(atMeanSize size: Double) -> Double {
        guard batches.count >= 2 else { return seconds.first ?? 0 }
        if size <= Double(batches[0]) { return seconds[0] }
        // The first point at or above `size` (the last segment beyond the grid); above batches[0], so ≥ 1.
        let high = batches.firstIndex { Double($0) >= size } ?? batches.count - 1
        let low = high - 1
        let x0 = Double(batches[low]), x1 = Double(batches[high])
        return seconds[low] + (seconds[high] - seconds[low]) * (size - x0) / (x1 - x0)
    }
}
