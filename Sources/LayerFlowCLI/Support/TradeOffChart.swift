import LayerFlow

/// `layerflow plan --svg`: the throughput/latency trade-off of a serving objective's candidates as
/// one SVG page. Each candidate is a point at (mean decode latency, realized throughput), simulated
/// figures where it was simulated (filled) and predicted ones otherwise (hollow), labelled with its
/// stages; the Pareto front (no other point is both faster and higher) is a line; the chosen plan
/// is ringed. The same candidates always give the same bytes.
struct TradeOffChart {
    var candidates: [PlanCandidate]
    var chosen: Placement
    var cluster: String

    struct Point {
        var latency: Double
        var throughput: Double
        var stages: Int
        var simulated: Bool
        var chosen: Bool
    }

    var points: [Point] {
        candidates.map { candidate in
            let simulated = candidate.simulated
            return Point(
                latency: simulated?.decodeLatencyMeanSeconds ?? candidate.estimate.timePerOutputTokenSeconds,
                throughput: simulated?.realizedTokensPerSecond ?? candidate.estimate.realizedTokensPerSecond,
                stages: candidate.stages, simulated: simulated != nil, chosen: candidate.placement == chosen)
        }.filter { $0.latency.isFinite && $0.throughput.isFinite }
    }

    /// The points no other point dominates (lower or equal latency and higher or equal throughput,
    /// one strictly), by latency.
    /// - Complexity: O(n log n).
    static func paretoFront(_ points: [Point]) -> [Point] {
        var front: [Point] = []
        for point in points.sorted(by: { $0.latency != $1.latency ? $0.latency < $1.latency : $0.throughput > $1.throughput })
        where point.throughput > (front.last?.throughput ?? -.infinity) {
            front.append(point)
        }
        return front
    }

    func svg() -> String {
        let width = 760.0, height = 480.0
        let left = 80.0, right = 30.0, top = 60.0, bottom = 60.0
        let points = self.points
        let maxLatency = max(points.map(\.latency).max() ?? 1, 1e-3) * 1.1
        let maxThroughput = max(points.map(\.throughput).max() ?? 1, 1) * 1.1
        func x(_ latency: Double) -> Double { left + latency / maxLatency * (width - left - right) }
        func y(_ throughput: Double) -> Double { height - bottom - throughput / maxThroughput * (height - top - bottom) }
        let n = SVGText.number
        var out = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"sans-serif\" font-size=\"12\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"\(n(left))\" y=\"24\" font-size=\"15\">\(SVGText.escaped("layerflow plan · \(cluster) · throughput vs decode latency"))</text>",
            "<text x=\"\(n(left))\" y=\"42\" fill=\"#555\">filled: simulated; hollow: predicted (analytic estimate); line: Pareto front; ring: chosen plan; labels: stages</text>",
            "<line x1=\"\(n(left))\" y1=\"\(n(height - bottom))\" x2=\"\(n(width - right))\" y2=\"\(n(height - bottom))\" stroke=\"black\"/>",
            "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(height - bottom))\" stroke=\"black\"/>",
        ]
        for step in 0...5 {
            let latency = maxLatency * Double(step) / 5
            let throughput = maxThroughput * Double(step) / 5
            out.append("<text x=\"\(n(x(latency)))\" y=\"\(n(height - bottom + 16))\" text-anchor=\"middle\">\(Formatting.number(latency, decimals: 2))</text>")
            out.append("<text x=\"\(n(left - 6))\" y=\"\(n(y(throughput) + 4))\" text-anchor=\"end\">\(Formatting.number(throughput, decimals: 0))</text>")
        }
        out.append("<text x=\"\(n((left + width - right) / 2))\" y=\"\(n(height - 18))\" text-anchor=\"middle\">mean decode latency (time per output token), s</text>")
        out.append("<text x=\"18\" y=\"\(n((top + height - bottom) / 2))\" transform=\"rotate(-90 18 \(n((top + height - bottom) / 2)))\" text-anchor=\"middle\">realized throughput, tokens/s</text>")
        let front = Self.paretoFront(points)
        if front.count > 1 {
            let path = front.map { "\(n(x($0.latency))),\(n(y($0.throughput)))" }.joined(separator: " ")
            out.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"#4E79A7\" stroke-width=\"1.5\"/>")
        }
        for point in points {
            let fill = point.simulated ? "#4E79A7" : "white"
            out.append("<circle cx=\"\(n(x(point.latency)))\" cy=\"\(n(y(point.throughput)))\" r=\"4\" fill=\"\(fill)\" stroke=\"#4E79A7\"/>")
            out.append("<text x=\"\(n(x(point.latency) + 6))\" y=\"\(n(y(point.throughput) - 6))\" fill=\"#333\">\(point.stages)</text>")
            if point.chosen {
                out.append("<circle cx=\"\(n(x(point.latency)))\" cy=\"\(n(y(point.throughput)))\" r=\"9\" fill=\"none\" stroke=\"#D62728\" stroke-width=\"2\"/>")
            }
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}
