import Foundation

/// Standard output, written with checked `write(2)` calls: a report or a JSON document that cannot
/// be written (a full disk, a closed terminal) is an error (exit 74), not lost data, and never a
/// trap (Foundation's `FileHandle.write(_:)` traps on an error). Every command prints through this.
enum StandardOutput {
    /// Writes `text` and `terminator`. Control characters other than the line break are written as
    /// `DisplayText` escapes (`TerminalText.safe`), a safety net under the reports' own escaping of
    /// ids and names: nothing read from a file can move the cursor or recolour the terminal.
    /// - Throws: `AtomicFile.WriteError` (74) naming standard output.
    static func print(_ text: String, terminator: String = "\n") throws {
        try write(Data((TerminalText.safe(text) + terminator).utf8))
    }

    /// Writes `data`.
    /// - Throws: `AtomicFile.WriteError` (74) naming standard output.
    static func write(_ data: Data) throws {
        if let error = AtomicFile.writeAll(data, to: STDOUT_FILENO) {
            throw AtomicFile.WriteError(path: "standard output", reason: AtomicFile.describe(error), kind: .ioError)
        }
    }
}

/// Standard error: messages and progress, written as far as it can be (there is nowhere left to
/// report a failure to write it), never trapping.
enum StandardError {
    static func write(_ text: String) {
        _ = AtomicFile.writeAll(Data(text.utf8), to: STDERR_FILENO)
    }

    /// Whether standard error is a terminal (progress lines are drawn only then).
    static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}
