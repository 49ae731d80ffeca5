import LayerFlow
import LayerFlowSimulator

/// `layerflow simulate --svg`: one self-contained SVG page of a simulation report.
///
/// Top to bottom: a title with the plan and the headline numbers; throughput over time (all tokens
/// and decode tokens per second, the plan's max flow dashed) with the loading period and the
/// measurement window shaded; queries in flight (and queued) over time on the same time axis; the
/// prompt and decode latency CDFs drawn from the report's 101 percentiles; each node's busy
/// fraction over the window as a bar coloured by GPU type (the colours of `layerflow render`).
/// With the memory-pressure policy, three more time panels follow the in-flight one (KV use, queue
/// length, TTFT), each with the drops and restores marked (`SimulationChart+Pressure.swift`).
/// Numbers are formatted without locale and coordinates to one decimal, so the same report always
/// gives the same bytes.
struct SimulationChart {
    var report: SimulationReport
    var title: String
    var subtitle: String
    var workload: String
    /// GPU type names in cluster order (the colour index) and each node's type index.
    var gpuTypes: [String]

    static let allTokensColour = "#4E79A7"
    static let decodeColour = "#F28E2B"
    static let inFlightColour = "#59A14F"
    static let queuedColour = "#B07AA1"
    static let maxFlowColour = "#D62728"
    static let promptColour = "#4E79A7"

    init(report: SimulationReport, plan: SimulationInputs.LoadedPlan, workload: SimulationDocument.WorkloadDescription) {
        self.report = report
        gpuTypes = plan.plan.cluster.gpuTypes.map(\.name)
        title = "layerflow simulate · \(plan.name) · \(report.workload) · \(report.routing.rawValue) routing · \(report.execution.rawValue)"
        subtitle = "realized \(Formatting.rate(report.realizedTokensPerSecond)) · decode \(Formatting.rate(report.decodeTokensPerSecond))"
            + " · Total time usage \(Formatting.rate(report.totalTimeUsageTokensPerSecond)) (\(Formatting.number(report.totalTimeUsageSeconds, decimals: 2)) s)"
            + " · max flow \(Formatting.rate(report.maxFlowTokensPerSecond))"
            + " · latency p50 prompt \(Formatting.number(report.promptLatencySeconds.p50, decimals: 3)) s, decode \(Formatting.number(report.decodeLatencySeconds.p50, decimals: 3)) s"
        self.workload = "Plan \(plan.placementSource) · " + Reports.workloadLine(workload)
            + " · \(Formatting.number(Double(report.completedRequests), decimals: 0)) of \(Formatting.number(Double(report.issuedRequests), decimals: 0)) queries completed, \(Formatting.number(Double(report.rejectedRequests), decimals: 0)) rejected"
    }

    // MARK: Layout

    let width = 1100.0
    let left = 70.0
    let right = 1070.0

    /// A plotting area and its scales.
    struct Frame {
        var x0: Double, x1: Double, y0: Double, y1: Double
        var xMax: Double, yMax: Double
        func x(_ value: Double) -> Double { x0 + (xMax > 0 ? value / xMax : 0) * (x1 - x0) }
        /// y grows upwards from the bottom edge `y1`.
        func y(_ value: Double) -> Double { y1 - (yMax > 0 ? value / yMax : 0) * (y1 - y0) }
    }

    func svg() -> String {
        var out: [String] = []
        let workloadLines = Self.wrap(workload, width: 190)
        let header = 66 + 15 * Double(workloadLines.count - 1)
        let timeTop = header + 50
        let timeBottom = timeTop + 240
        let flightTop = timeBottom + 74
        let flightBottom = flightTop + 120
        // The memory-pressure panels (KV use, queue, TTFT, drop and restore marked), when the policy ran.
        let pressureTop = flightBottom + 74
        let lowerTop = pressureTop + (report.memoryPressure == nil ? 0 : Self.pressurePanelsHeight)
        let nodeRow = min(16, max(5, 330 / Double(max(1, report.nodes.count))))
        let nodesHeight = nodeRow * Double(report.nodes.count) + 20
        let lowerBottom = lowerTop + max(300, nodesHeight)
        let height = lowerBottom + 50

        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica, Arial, sans-serif\">")
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>")
        out.append(text(20, 26, title, size: 16, extra: " font-weight=\"bold\""))
        out.append(text(20, 48, subtitle, size: 12, fill: "#222222"))
        for (index, line) in workloadLines.enumerated() {
            out.append(text(20, 66 + 15 * Double(index), line, size: 11, fill: "#555555"))
        }

        // Time axis shared by the two time panels: from t = 0 to the end of the data or the run.
        let interval = seriesInterval
        let timeMax = Self.niceCeiling(max(report.windowEndSeconds, report.simulatedSeconds, 1))
        let peak = rateBuckets(interval: interval).reduce(report.maxFlowTokensPerSecond) { max($0, $1.all) }
        let throughput = Frame(x0: left, x1: right, y0: timeTop, y1: timeBottom, xMax: timeMax, yMax: Self.niceCeiling(max(peak, 1) * 1.05))
        out.append(contentsOf: throughputPanel(throughput, interval: interval))
        let peakInFlight = report.timeSeries.reduce(0) { max($0, $1.inFlightRequests, $1.queuedRequests) }
        let flight = Frame(x0: left, x1: right, y0: flightTop, y1: flightBottom, xMax: timeMax, yMax: Self.niceCeiling(Double(max(peakInFlight, 1)) * 1.05))
        out.append(contentsOf: inFlightPanel(flight, interval: interval))
        if let pressure = report.memoryPressure {
            out.append(contentsOf: pressurePanels(pressure, top: pressureTop, timeMax: timeMax))
        }

        let latencyMax = Self.niceCeiling(max(
            report.promptLatencySeconds.percentiles.last ?? 0, report.decodeLatencySeconds.percentiles.last ?? 0, 0.001))
        let latency = Frame(x0: left, x1: 500, y0: lowerTop, y1: lowerTop + 230, xMax: latencyMax, yMax: 1)
        out.append(contentsOf: latencyPanel(latency))
        out.append(contentsOf: nodesPanel(top: lowerTop, rowHeight: nodeRow))
        out.append(contentsOf: legend(y: lowerBottom + 20))
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// `text` cut at "; " and " · " separators into lines of at most about `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            // The next piece ends after the next separator (kept on this line) or at the end.
            let separators = ["; ", " · "].compactMap { rest.range(of: $0) }
            let end = separators.map(\.upperBound).min() ?? rest.endIndex
            let piece = String(rest[..<end])
            rest = rest[end...]
            if !current.isEmpty, current.count + piece.count > width {
                lines.append(current.trimmingTrailingSeparator())
                current = ""
            }
            current += piece
        }
        if !current.isEmpty { lines.append(current.trimmingTrailingSeparator()) }
        return lines.isEmpty ? [""] : lines
    }

    /// The throughput series as plotted: each bucket at the middle of the seconds it covers (the
    /// report's rates are already per covered second).
    private func rateBuckets(interval: Double) -> [(time: Double, all: Double, decode: Double)] {
        report.timeSeries.compactMap { point in
            guard point.coveredSeconds > 1e-9 else { return nil }
            return (point.timeSeconds + point.coveredSeconds / 2, point.tokensPerSecond, point.decodeTokensPerSecond)
        }
    }

    /// Width of the time-series buckets (the spacing of their start times; 10 s when there is one).
    private var seriesInterval: Double {
        let series = report.timeSeries
        guard series.count >= 2 else { return 10 }
        let step = series[1].timeSeconds - series[0].timeSeconds
        return step > 0 ? step : 10
    }

    // MARK: Panels

    private func throughputPanel(_ frame: Frame, interval: Double) -> [String] {
        var out = [text(frame.x0, frame.y0 - 12, "Throughput over time (tokens finished per second, \(Formatting.number(interval, decimals: 0)) s buckets)", size: 12, extra: " font-weight=\"bold\"")]
        out.append(contentsOf: timeShading(frame))
        out.append(contentsOf: axes(frame, yLabel: "tokens/s", xLabel: "time since start, s (loading included)"))
        let maxFlowY = frame.y(report.maxFlowTokensPerSecond)
        out.append("<line x1=\"\(n(frame.x0))\" y1=\"\(n(maxFlowY))\" x2=\"\(n(frame.x1))\" y2=\"\(n(maxFlowY))\" stroke=\"\(Self.maxFlowColour)\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"/>")
        out.append(text(frame.x1 - 4, maxFlowY - 4, "max flow \(Formatting.rate(report.maxFlowTokensPerSecond))", size: 10, fill: Self.maxFlowColour, anchor: "end"))
        let buckets = rateBuckets(interval: interval)
        out.append(polyline(buckets.map { (frame.x($0.time), frame.y($0.all)) }, colour: Self.allTokensColour, width: 1.8))
        out.append(polyline(buckets.map { (frame.x($0.time), frame.y($0.decode)) }, colour: Self.decodeColour, width: 1.8))
        // Window means, as the summary reports them.
        for (value, colour) in [(report.realizedTokensPerSecond, Self.allTokensColour), (report.decodeTokensPerSecond, Self.decodeColour)] {
            let y = frame.y(value)
            out.append("<line x1=\"\(n(frame.x(report.windowStartSeconds)))\" y1=\"\(n(y))\" x2=\"\(n(frame.x(report.windowEndSeconds)))\" y2=\"\(n(y))\" stroke=\"\(colour)\" stroke-width=\"1\" stroke-opacity=\"0.7\" stroke-dasharray=\"2 3\"/>")
        }
        var x = frame.x0 + 10
        let y = frame.y0 + 14
        for (label, colour) in [("all tokens (prompt + decode), window mean \(Formatting.number(report.realizedTokensPerSecond, decimals: 1))", Self.allTokensColour),
                                ("decode tokens, window mean \(Formatting.number(report.decodeTokensPerSecond, decimals: 1))", Self.decodeColour)] {
            out.append("<line x1=\"\(n(x))\" y1=\"\(n(y - 4))\" x2=\"\(n(x + 18))\" y2=\"\(n(y - 4))\" stroke=\"\(colour)\" stroke-width=\"2.5\"/>")
            out.append(text(x + 24, y, label, size: 10, fill: "#333333"))
            x += 34 + Double(label.count) * 5.4
        }
        return out
    }

    private func inFlightPanel(_ frame: Frame, interval: Double) -> [String] {
        var out = [text(frame.x0, frame.y0 - 12, "Queries in flight (admitted, not finished) at the end of each bucket; mean over the window \(Formatting.number(report.meanInFlightRequests, decimals: 1))", size: 12, extra: " font-weight=\"bold\"")]
        out.append(contentsOf: timeShading(frame))
        out.append(contentsOf: axes(frame, yLabel: "queries", xLabel: nil))
        let end = { (point: SimulationReport.TimePoint) in point.timeSeconds + point.coveredSeconds }
        var points = [(frame.x(report.loadSeconds), frame.y(0))]
        points += report.timeSeries.map { (frame.x(end($0)), frame.y(Double($0.inFlightRequests))) }
        if let last = points.last, points.count > 1 {
            let area = points + [(last.0, frame.y(0))]
            out.append("<polygon points=\"\(area.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\" fill=\"\(Self.inFlightColour)\" fill-opacity=\"0.25\" stroke=\"none\"/>")
        }
        out.append(polyline(points, colour: Self.inFlightColour, width: 1.6))
        if report.timeSeries.contains(where: { $0.queuedRequests > 0 }) {
            out.append(polyline(report.timeSeries.map { (frame.x(end($0)), frame.y(Double($0.queuedRequests))) }, colour: Self.queuedColour, width: 1.4))
            out.append(text(frame.x1 - 4, frame.y0 + 12, "queued for admission", size: 10, fill: Self.queuedColour, anchor: "end"))
        }
        return out
    }

    private func latencyPanel(_ frame: Frame) -> [String] {
        var out = [text(frame.x0, frame.y0 - 12, "Latency distribution (CDF over the window)", size: 12, extra: " font-weight=\"bold\"")]
        out.append(contentsOf: axes(frame, yLabel: nil, xLabel: "seconds", yPercent: true))
        var legendY = frame.y1 + 52
        for (name, summary, colour) in [("prompt", report.promptLatencySeconds, Self.promptColour), ("decode", report.decodeLatencySeconds, Self.decodeColour)] {
            if summary.percentiles.count >= 2 {
                let last = Double(summary.percentiles.count - 1)
                let points = summary.percentiles.enumerated().map { (frame.x($0.element), frame.y(Double($0.offset) / last)) }
                out.append(polyline(points, colour: colour, width: 2))
                for (q, value) in [(0.5, summary.p50), (0.95, summary.p95), (0.99, summary.p99)] {
                    out.append("<circle cx=\"\(n(frame.x(value)))\" cy=\"\(n(frame.y(q)))\" r=\"2.5\" fill=\"\(colour)\"><title>\(SVGText.escaped("\(name) p\(Int(q * 100)) \(Formatting.number(value, decimals: 3)) s"))</title></circle>")
                }
            }
            let label = "\(name): mean \(Formatting.number(summary.mean, decimals: 3)) · p50 \(Formatting.number(summary.p50, decimals: 3)) · p95 \(Formatting.number(summary.p95, decimals: 3)) · p99 \(Formatting.number(summary.p99, decimals: 3)) s (\(Formatting.number(Double(summary.count), decimals: 0)))"
            out.append("<line x1=\"\(n(frame.x0))\" y1=\"\(n(legendY - 4))\" x2=\"\(n(frame.x0 + 18))\" y2=\"\(n(legendY - 4))\" stroke=\"\(colour)\" stroke-width=\"2.5\"/>")
            out.append(text(frame.x0 + 24, legendY, label, size: 10, fill: "#333333"))
            legendY += 16
        }
        return out
    }

    private func nodesPanel(top: Double, rowHeight: Double) -> [String] {
        let labelRight = 660.0
        let barLeft = 668.0
        let barRight = 1010.0
        var out = [text(560, top - 12, "Node load: busy share of the window (bar) and KV peak / capacity", size: 12, extra: " font-weight=\"bold\"")]
        let bottom = top + rowHeight * Double(report.nodes.count)
        out.append("<g font-size=\"9\" fill=\"#666666\" text-anchor=\"middle\">")
        for tick in stride(from: 0, through: 100, by: 25) {
            let x = barLeft + Double(tick) / 100 * (barRight - barLeft)
            out.append("<line x1=\"\(n(x))\" y1=\"\(n(top))\" x2=\"\(n(x))\" y2=\"\(n(bottom))\" stroke=\"#E5E5E5\"/>")
            out.append("<text x=\"\(n(x))\" y=\"\(n(bottom + 12))\">\(tick)%</text>")
        }
        out.append("</g>")
        let labels = rowHeight >= 9
        out.append("<g font-size=\"\(n(min(10, rowHeight - 2)))\">")
        for (index, node) in report.nodes.enumerated() {
            let y = top + Double(index) * rowHeight
            let typeIndex = gpuTypes.firstIndex(of: node.type) ?? 0
            let colour = PlanPicture.palette[typeIndex % PlanPicture.palette.count]
            let busy = min(1, max(0, node.busyFraction))
            let kv = node.kvCapacityTokenLayers > 0 ? Double(node.kvPeakTokenLayers) / Double(node.kvCapacityTokenLayers) : 0
            let tip = "\(node.id) (\(node.type)), layers \(node.layers.start)–\(node.layers.end - 1): busy \(Formatting.number(busy * 100, decimals: 1))%, "
                + "\(Formatting.number(Double(node.batches), decimals: 0)) batches of \(Formatting.number(node.meanBatchRequests, decimals: 1)) on average, "
                + "KV peak \(Formatting.number(kv * 100, decimals: 1))% of \(Formatting.number(Double(node.kvCapacityTokenLayers), decimals: 0))"
            out.append("<rect x=\"\(n(barLeft))\" y=\"\(n(y + 1))\" width=\"\(n(busy * (barRight - barLeft)))\" height=\"\(n(max(1, rowHeight - 2)))\" rx=\"1.5\" fill=\"\(colour)\"><title>\(SVGText.escaped(tip))</title></rect>")
            // KV peak as a tick on the same 0–100 % scale.
            let kvX = barLeft + min(1, kv) * (barRight - barLeft)
            out.append("<line x1=\"\(n(kvX))\" y1=\"\(n(y + 0.5))\" x2=\"\(n(kvX))\" y2=\"\(n(y + rowHeight - 0.5))\" stroke=\"#222222\" stroke-width=\"1.5\"/>")
            if labels {
                out.append("<text x=\"\(n(labelRight))\" y=\"\(n(y + rowHeight - 4))\" text-anchor=\"end\">\(SVGText.escaped("\(node.id) · \(node.type) · \(node.layers.start)–\(node.layers.end - 1)"))</text>")
                out.append("<text x=\"\(n(barRight + 6))\" y=\"\(n(y + rowHeight - 4))\" fill=\"#555555\">\(Formatting.number(busy * 100, decimals: 0))%</text>")
            }
        }
        out.append("</g>")
        return out
    }

    private func legend(y: Double) -> [String] {
        var out = ["<g font-size=\"11\">"]
        var x = 20.0
        for (index, type) in gpuTypes.enumerated() where report.nodes.contains(where: { $0.type == type }) {
            out.append("<rect x=\"\(n(x))\" y=\"\(n(y - 9))\" width=\"18\" height=\"10\" rx=\"2\" fill=\"\(PlanPicture.palette[index % PlanPicture.palette.count])\"/>")
            out.append(text(x + 24, y, type, size: 11))
            x += 40 + Double(type.count) * 7
        }
        out.append("<line x1=\"\(n(x))\" y1=\"\(n(y - 10))\" x2=\"\(n(x))\" y2=\"\(n(y + 1))\" stroke=\"#222222\" stroke-width=\"1.5\"/>")
        out.append(text(x + 8, y, "KV peak ÷ capacity", size: 11))
        x += 150
        out.append("<rect x=\"\(n(x))\" y=\"\(n(y - 9))\" width=\"18\" height=\"10\" fill=\"\(Self.allTokensColour)\" fill-opacity=\"0.12\" stroke=\"\(Self.allTokensColour)\" stroke-opacity=\"0.4\"/>")
        out.append(text(x + 24, y, "measurement window", size: 11))
        x += 160
        out.append("<rect x=\"\(n(x))\" y=\"\(n(y - 9))\" width=\"18\" height=\"10\" fill=\"#BBBBBB\" fill-opacity=\"0.35\"/>")
        out.append(text(x + 24, y, "loading weights", size: 11))
        out.append("</g>")
        return out
    }

    // MARK: Pieces

    /// The loading period and the measurement window, shaded.
    func timeShading(_ frame: Frame) -> [String] {
        let windowStart = frame.x(report.windowStartSeconds)
        let windowEnd = frame.x(min(report.windowEndSeconds, frame.xMax))
        return [
            "<rect x=\"\(n(frame.x0))\" y=\"\(n(frame.y0))\" width=\"\(n(frame.x(report.loadSeconds) - frame.x0))\" height=\"\(n(frame.y1 - frame.y0))\" fill=\"#BBBBBB\" fill-opacity=\"0.35\"/>",
            "<rect x=\"\(n(windowStart))\" y=\"\(n(frame.y0))\" width=\"\(n(windowEnd - windowStart))\" height=\"\(n(frame.y1 - frame.y0))\" fill=\"\(Self.allTokensColour)\" fill-opacity=\"0.07\" stroke=\"\(Self.allTokensColour)\" stroke-opacity=\"0.35\" stroke-dasharray=\"3 3\"/>",
        ]
    }

    /// Frame, grid, ticks and labels.
    func axes(_ frame: Frame, yLabel: String?, xLabel: String?, yPercent: Bool = false) -> [String] {
        var out = ["<g font-size=\"10\" fill=\"#555555\">"]
        let yStep = yPercent ? 0.25 : Self.niceStep(frame.yMax)
        for value in Self.ticks(upTo: frame.yMax, step: yStep) {
            let y = frame.y(value)
            out.append("<line x1=\"\(n(frame.x0))\" y1=\"\(n(y))\" x2=\"\(n(frame.x1))\" y2=\"\(n(y))\" stroke=\"#E8E8E8\"/>")
            let label = yPercent ? "\(Formatting.number(value * 100, decimals: 0))%" : Self.tickLabel(value, step: yStep)
            out.append("<text x=\"\(n(frame.x0 - 6))\" y=\"\(n(y + 3))\" text-anchor=\"end\">\(label)</text>")
        }
        let xStep = Self.niceStep(frame.xMax)
        for value in Self.ticks(upTo: frame.xMax, step: xStep) {
            let x = frame.x(value)
            out.append("<line x1=\"\(n(x))\" y1=\"\(n(frame.y1))\" x2=\"\(n(x))\" y2=\"\(n(frame.y1 + 4))\" stroke=\"#888888\"/>")
            out.append("<text x=\"\(n(x))\" y=\"\(n(frame.y1 + 15))\" text-anchor=\"middle\">\(Self.tickLabel(value, step: xStep))</text>")
        }
        out.append("<rect x=\"\(n(frame.x0))\" y=\"\(n(frame.y0))\" width=\"\(n(frame.x1 - frame.x0))\" height=\"\(n(frame.y1 - frame.y0))\" fill=\"none\" stroke=\"#999999\"/>")
        if let yLabel {
            let middle = (frame.y0 + frame.y1) / 2
            out.append("<text x=\"16\" y=\"\(n(middle))\" transform=\"rotate(-90 16 \(n(middle)))\" text-anchor=\"middle\" font-size=\"11\">\(SVGText.escaped(yLabel))</text>")
        }
        if let xLabel {
            out.append("<text x=\"\(n((frame.x0 + frame.x1) / 2))\" y=\"\(n(frame.y1 + 30))\" text-anchor=\"middle\" font-size=\"11\">\(SVGText.escaped(xLabel))</text>")
        }
        out.append("</g>")
        return out
    }

    func polyline(_ points: [(Double, Double)], colour: String, width: Double) -> String {
        "<polyline points=\"\(points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\"/>"
    }

    func text(_ x: Double, _ y: Double, _ content: String, size: Double, fill: String = "#000000", anchor: String = "start", extra: String = "") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(fill)\" text-anchor=\"\(anchor)\"\(extra)>\(SVGText.escaped(content))</text>"
    }

    func n(_ value: Double) -> String { SVGText.number(value) }

    // MARK: Scales

    /// A round step giving four to ten ticks up to `value`: 1, 2, 2.5 or 5 × 10^k.
    static func niceStep(_ value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 1 }
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        while magnitude > value { magnitude /= 10 }
        for factor in [0.1, 0.2, 0.25, 0.5, 1.0, 2.0] where value / (factor * magnitude) <= 10 {
            return factor * magnitude
        }
        return 2 * magnitude
    }

    /// The smallest multiple of `niceStep(value)` at or above `value`.
    static func niceCeiling(_ value: Double) -> Double {
        let step = niceStep(value)
        return (value / step - 1e-9).rounded(.up) * step
    }

    static func ticks(upTo maximum: Double, step: Double) -> [Double] {
        guard step > 0, maximum.isFinite else { return [0] }
        let count = Int((maximum / step + 1e-9).rounded(.down))
        return (0...max(0, count)).map { Double($0) * step }
    }

    /// `value` with as many decimals as the step needs (none for whole steps).
    static func tickLabel(_ value: Double, step: Double) -> String {
        var decimals = 0
        var scaled = step
        while decimals < 4, abs(scaled - scaled.rounded()) > 1e-9 {
            scaled *= 10
            decimals += 1
        }
        return Formatting.number(value, decimals: decimals)
    }
}

private extension String {
    func trimmingTrailingSeparator() -> String {
        var result = self
        for separator in ["; ", " · "] where result.hasSuffix(separator) { result.removeLast(separator.count) }
        return result
    }
}
