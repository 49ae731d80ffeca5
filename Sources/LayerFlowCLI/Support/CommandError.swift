/// A failure a command has already put into words, with the exit code it maps to (see
/// `reportingFailures`): 64 bad usage, 65 invalid input data, 66 unreadable input, 73 an output
/// file that cannot be created (output files fail as `AtomicFile.WriteError`, 73 or 74).
struct CommandError: Error, CustomStringConvertible {
    var message: String
    var code: Int32

    var description: String { message }

    static func usage(_ message: String) -> CommandError { CommandError(message: message, code: 64) }
    static func badData(_ message: String) -> CommandError { CommandError(message: message, code: 65) }
    static func unreadable(_ message: String) -> CommandError { CommandError(message: message, code: 66) }
    static func cannotCreate(_ message: String) -> CommandError { CommandError(message: message, code: 73) }
}
