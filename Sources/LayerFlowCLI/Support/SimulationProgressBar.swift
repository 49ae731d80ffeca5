import LayerFlow
import LayerFlowSimulator
import Synchronization

/// `layerflow simulate`'s progress on standard error (a terminal only, through `ProgressLine`):
/// a bar of simulated time against the end of the window, events per second and the wall time
/// left at the pace of the last few seconds (a run slows down as queries pile up, so the pace
/// since the start would promise too early an end). An online run serves every query to its end, so past the window it
/// shows the draining queries instead of a bar.
final class SimulationProgressBar: Sendable {
    private let line: ProgressLine
    /// Seconds from t = 0 at which the window closes.
    private let windowEnd: Double
    /// (wall, simulated) seconds at recent draws, oldest first, for the recent pace.
    private let recent = Mutex<[(wall: Double, simulated: Double)]>([])
    /// How far back the pace is measured, wall seconds.
    static let paceWindowSeconds = 5.0

    init(windowEnd: Double, line: ProgressLine = ProgressLine()) {
        self.windowEnd = windowEnd
        self.line = line
    }

    func update(_ progress: SimulationProgress) {
        line.draw { spinner in
            let pace = recent.withLock { samples -> Double? in
                samples.append((progress.wallSeconds, progress.simulatedSeconds))
                while let first = samples.first, progress.wallSeconds - first.wall > Self.paceWindowSeconds { samples.removeFirst() }
                guard let first = samples.first, progress.wallSeconds - first.wall > 0.5 else { return nil }
                return (progress.simulatedSeconds - first.simulated) / (progress.wallSeconds - first.wall)
            }
            return Self.text(progress, windowEnd: windowEnd, pace: pace, spinner: spinner)
        }
    }

    func finish() { line.finish() }

    /// The line for `progress`, e.g. `⠋ [██████░░░░░░░░░░░░░░]  31% 210.3/680.0 s  812,345 events/s  ETA 9 s`.
    /// - Parameter pace: simulated seconds per wall second lately (nil: since the start).
    static func text(_ progress: SimulationProgress, windowEnd: Double, pace: Double?, spinner: String) -> String {
        let end = progress.endSeconds ?? windowEnd
        let rate = progress.wallSeconds > 0 ? Double(progress.events) / progress.wallSeconds : 0
        let events = "\(Formatting.number(rate, decimals: 0)) events/s"
        let simulated = Formatting.number(progress.simulatedSeconds, decimals: 1)
        if progress.simulatedSeconds > end {
            return "\(spinner) draining after the window: t \(simulated) s, \(progress.inFlightRequests) queries in flight, "
                + "\(progress.completedRequests) done  \(events)"
        }
        let fraction = end > 0 ? min(1, max(0, progress.simulatedSeconds / end)) : 0
        let width = 24
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        var eta = "ETA —"
        let speed = pace ?? (progress.wallSeconds > 0 ? progress.simulatedSeconds / progress.wallSeconds : 0)
        if speed > 0 {
            eta = "ETA \(Formatting.number((end - progress.simulatedSeconds) / speed, decimals: 0)) s"
        }
        return "\(spinner) [\(bar)] \(Int(fraction * 100))% \(simulated)/\(Formatting.number(end, decimals: 1)) s"
            + "  \(events)  \(eta)  \(progress.inFlightRequests) in flight"
    }
}
