import LayerFlow
import LayerFlowSimulator

/// The memory-pressure part of `simulate --svg`: KV use (what the trigger saw, and real use, with
/// the drop and restore thresholds), queue length and TTFT over time, one point per observation,
/// each panel with every drop and restore marked (dashed at the decision, solid at the switch).
extension SimulationChart {
    static let kvUseColour = "#E15759"
    static let realKVColour = "#FF9D9A"
    static let dropColour = "#D62728"
    static let restoreColour = "#2CA02C"
    static let ttftColour = "#4E79A7"

    /// Height of the three panels with their gaps.
    static let pressurePanelsHeight = 3 * (120.0 + 74)

    /// - Complexity: O(samples + switches).
    func pressurePanels(_ pressure: MemoryPressureReport, top: Double, timeMax: Double) -> [String] {
        var out: [String] = []
        let samples = pressure.samples
        let interval = Formatting.number(pressure.observationIntervalSeconds, decimals: 0)
        // KV use.
        let kv = Frame(x0: left, x1: right, y0: top, y1: top + 120, xMax: timeMax, yMax: max(1, samples.map(\.kvUse).max() ?? 1))
        out.append(text(kv.x0, kv.y0 - 12, "KV use (what the trigger saw: max of real and reserved, ÷ capacity of the placement serving), every \(interval) s", size: 12, extra: " font-weight=\"bold\""))
        out.append(contentsOf: axes(kv, yLabel: "KV use", xLabel: nil, yPercent: true))
        for (threshold, label) in [(pressure.policy.dropUsage, "drop ≥"), (pressure.policy.restoreUsage, "restore ≤")] {
            let y = kv.y(threshold)
            out.append("<line x1=\"\(n(kv.x0))\" y1=\"\(n(y))\" x2=\"\(n(kv.x1))\" y2=\"\(n(y))\" stroke=\"#999999\" stroke-dasharray=\"4 4\"/>")
            out.append(text(kv.x1 - 4, y - 3, "\(label) \(Formatting.number(threshold * 100, decimals: 0))%", size: 9, fill: "#777777", anchor: "end"))
        }
        out.append(polyline(samples.map { (kv.x($0.timeSeconds), kv.y($0.realKVUse)) }, colour: Self.realKVColour, width: 1.2))
        out.append(polyline(samples.map { (kv.x($0.timeSeconds), kv.y($0.kvUse)) }, colour: Self.kvUseColour, width: 1.6))
        out.append(contentsOf: switchMarks(pressure, frame: kv, labelled: true))

        // Queue length.
        let queueTop = kv.y1 + 74
        let peakQueue = samples.reduce(0) { max($0, $1.queuedRequests) }
        let queue = Frame(x0: left, x1: right, y0: queueTop, y1: queueTop + 120, xMax: timeMax, yMax: Self.niceCeiling(Double(max(peakQueue, 1)) * 1.05))
        out.append(text(queue.x0, queue.y0 - 12, "Queue length (requests waiting for admission), every \(interval) s; peak \(peakQueue)", size: 12, extra: " font-weight=\"bold\""))
        out.append(contentsOf: axes(queue, yLabel: "queued", xLabel: nil))
        out.append(polyline(samples.map { (queue.x($0.timeSeconds), queue.y(Double($0.queuedRequests))) }, colour: Self.queuedColour, width: 1.6))
        out.append(contentsOf: switchMarks(pressure, frame: queue, labelled: false))

        // TTFT.
        let ttftTop = queue.y1 + 74
        let peakTTFT = samples.compactMap(\.ttftMaxSeconds).max() ?? 0
        let ttft = Frame(x0: left, x1: right, y0: ttftTop, y1: ttftTop + 120, xMax: timeMax, yMax: Self.niceCeiling(max(peakTTFT, 0.001) * 1.05))
        out.append(text(ttft.x0, ttft.y0 - 12, "TTFT of the prompts finished in each \(interval)-s observation (dots: maximum); p99 over the window \(Formatting.number(report.promptLatencySeconds.p99, decimals: 2)) s", size: 12, extra: " font-weight=\"bold\""))
        out.append(contentsOf: axes(ttft, yLabel: "TTFT, s", xLabel: "time since start, s (loading included)"))
        out.append("<g fill=\"\(Self.ttftColour)\">")
        for sample in samples {
            guard let value = sample.ttftMaxSeconds else { continue }
            out.append("<circle cx=\"\(n(ttft.x(sample.timeSeconds)))\" cy=\"\(n(ttft.y(value)))\" r=\"1.6\"/>")
        }
        out.append("</g>")
        out.append(contentsOf: switchMarks(pressure, frame: ttft, labelled: false))
        return out
    }

    /// Vertical marks for each drop and restore: dashed at the decision, solid at the switch.
    private func switchMarks(_ pressure: MemoryPressureReport, frame: Frame, labelled: Bool) -> [String] {
        var out: [String] = []
        for change in pressure.switches {
            let colour = change.action == .drop ? Self.dropColour : Self.restoreColour
            let decided = frame.x(change.decidedAtSeconds)
            let switched = frame.x(change.switchedAtSeconds)
            out.append("<line class=\"pressure-\(change.action.rawValue)\" x1=\"\(n(decided))\" y1=\"\(n(frame.y0))\" x2=\"\(n(decided))\" y2=\"\(n(frame.y1))\" stroke=\"\(colour)\" stroke-dasharray=\"3 2\"/>")
            out.append("<line x1=\"\(n(switched))\" y1=\"\(n(frame.y0))\" x2=\"\(n(switched))\" y2=\"\(n(frame.y1))\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>")
            if labelled {
                let label = "\(change.action.rawValue) at \(Formatting.number(change.switchedAtSeconds, decimals: 1)) s"
                out.append(text(switched + 3, frame.y0 + 11, label, size: 10, fill: colour))
            }
        }
        return out
    }
}
