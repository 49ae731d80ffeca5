import Foundation
import Synchronization

/// SIGINT and SIGTERM. During a long search (`Interruption.cooperatively`: the planner, the depth
/// sweep, compare's evaluations, the simulator) the first signal cancels the running task, which
/// stops and returns what it has: `plan` prints and writes its best plan so far with status
/// `cancelled`. The process then exits 130 (SIGINT) or 143 (SIGTERM), as shells expect. A second
/// signal, or a first one outside a search, exits at once with that code, after removing the
/// temporary files of writes in progress (so no destination is touched).
///
/// The signal handler only writes the signal's number to a pipe; a watcher thread reads it and
/// does the work.
public enum Interruption {
    private struct State {
        /// The first signal received.
        var signal: Int32?
        /// Cancels the running search, when one runs.
        var cancel: (@Sendable () -> Void)?
        /// What the command does on the first signal, for the message.
        var stopping = ""
    }

    private static let state = Mutex<State>(State())

    /// Installs the handlers for SIGINT and SIGTERM (once, before the command runs).
    public static func install() {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return }
        _ = fcntl(descriptors[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptors[1], F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptors[1], F_SETFL, O_NONBLOCK)
        signalPipe = descriptors[1]
        let reader = descriptors[0]
        let watcher = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(reader, &byte, 1)
                if count == 1 { handle(Int32(byte)) } else if count < 0, errno == EINTR { continue } else { return }
            }
        }
        watcher.name = "layerflow-signals"
        watcher.start()
        // What ArgumentParser prints (help, version) goes through C's buffered stdout: a flush
        // that fails at exit is a write error too (74), not an exit 0 that lost the text.
        atexit {
            if fflush(nil) != 0 {
                StandardError.write("error: cannot write standard output: \(AtomicFile.describe(errno))\n")
                _exit(74)
            }
        }
        for number in [SIGINT, SIGTERM] {
            _ = signal(number) { number in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipe, &byte, 1)
                errno = saved
            }
        }
    }

    /// The exit code for the signal received (128 + its number), nil when none was.
    public static var exitCode: Int32? {
        state.withLock { $0.signal }.map { 128 + $0 }
    }

    /// Exits with 130 or 143 when a signal was received (after a search stopped by it has
    /// reported); returns otherwise.
    public static func exitIfInterrupted() {
        guard let code = exitCode else { return }
        fflush(nil)
        _exit(code)
    }

    /// Runs `body`, a long search, in a task that the first SIGINT or SIGTERM cancels; prints
    /// "interrupted: <stopping>" on standard error when that happens.
    /// - Parameter stopping: what the command does then, e.g. "stopping the search; the best plan so far follows".
    static func cooperatively<T: Sendable>(
        stopping: String, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let task = Task { try await body() }
        let signalled = state.withLock { current -> Bool in
            current.cancel = { task.cancel() }
            current.stopping = stopping
            return current.signal != nil
        }
        if signalled { task.cancel() }
        defer { state.withLock { $0.cancel = nil } }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Whether a signal has asked the running search to stop.
    static var isInterrupted: Bool { state.withLock { $0.signal != nil } }

    private static func handle(_ number: Int32) {
        let cancel = state.withLock { current -> (@Sendable () -> Void)? in
            guard current.signal == nil else { return nil }
            current.signal = number
            return current.cancel
        }
        let name = number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
        let clear = StandardError.isTerminal ? "\r\u{1B}[2K" : ""
        if let cancel {
            let stopping = state.withLock { $0.stopping }
            StandardError.write("\(clear)interrupted (\(name)): \(stopping); interrupt again to quit at once\n")
            cancel()
            return
        }
        AtomicFile.removeTemporaryFiles()
        StandardError.write("\(clear)interrupted (\(name)): stopped at once; an output file not yet complete was left untouched\n")
        _exit(128 + number)
    }
}

/// The write end of the signal pipe, for the signal handler (which can capture nothing).
nonisolated(unsafe) private var signalPipe: Int32 = -1
