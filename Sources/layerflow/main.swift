import ArgumentParser
import LayerFlowCLI

// SIGINT and SIGTERM: a long search stops and reports what it has; anything else stops at once.
Interruption.install()

// Parsed by hand (rather than `LayerFlowCommand.main`) so that `--json` may stand without a value.
let arguments = JSONOutputOption.normalize(Array(CommandLine.arguments.dropFirst()))
do {
    var command = try LayerFlowCommand.parseAsRoot(arguments)
    if let asyncCommand = command as? AsyncRunnable {
        try await asyncCommand.runAsync()
    } else {
        try command.run()
    }
} catch {
    LayerFlowCommand.exitEscaping(withError: error)
}
// A search stopped by a signal has reported its result: exit 130 (SIGINT) or 143 (SIGTERM).
Interruption.exitIfInterrupted()
