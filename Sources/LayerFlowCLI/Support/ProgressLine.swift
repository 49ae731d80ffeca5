import Foundation
import LayerFlow
import Synchronization

/// A live one-line progress display on standard error: rewritten in place (carriage return and
/// "erase line") when standard error is a terminal, silent otherwise so logs and pipes stay clean.
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let lastDraw = Mutex<Date>(.distantPast)
    private static let spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
    private let frame = Atomic<Int>(0)

    init(enabled: Bool = StandardError.isTerminal) {
        self.enabled = enabled
    }

    /// Draws the planner's progress, at most ten times a second.
    func update(_ progress: PlanProgress, prefix: String = "") {
        draw { spinner in
            let gap = progress.gap.isFinite ? Formatting.number(progress.gap * 100, decimals: 2) + "%" : "—"
            return "\(spinner) \(prefix)\(Formatting.number(progress.elapsedSeconds, decimals: 1))s"
                + "  plan \(Formatting.number(progress.incumbentTokensPerSecond, decimals: 2))"
                + "  bound \(Formatting.number(progress.boundTokensPerSecond, decimals: 2))"
                + "  gap \(gap)  \(progress.phase)"
        }
    }

    /// Draws the line `text` makes from the current spinner frame, at most ten times a second;
    /// `text` is not called when the line is disabled or drawn too recently.
    func draw(_ text: (_ spinner: String) -> String) {
        guard enabled else { return }
        let now = Date()
        let due = lastDraw.withLock { last -> Bool in
            guard now.timeIntervalSince(last) >= 0.1 else { return false }
            last = now
            return true
        }
        guard due else { return }
        let index = frame.add(1, ordering: .relaxed).newValue % Self.spinner.count
        var line = text(Self.spinner[index])
        if line.count > 160 { line = String(line.prefix(159)) + "…" }
        StandardError.write("\r\u{1B}[2K\(line)")
    }

    /// Erases the line before the final report.
    func finish() {
        guard enabled else { return }
        StandardError.write("\r\u{1B}[2K")
    }
}
