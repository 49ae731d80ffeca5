import ArgumentParser
import LayerFlowCLI

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
