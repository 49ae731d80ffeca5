import ArgumentParser
import Foundation
import LayerFlow

extension LayerFlowCommand {
    /// Like `exit(withError:)`, for the executable's last `catch`: a parse or validation error is
    /// written with its control characters escaped (`TerminalText.safe`), because ArgumentParser
    /// quotes the values the user typed (`The value '…' is invalid for '--target'`). Help and
    /// version requests print as ArgumentParser prints them.
    public static func exitEscaping(withError error: Error) -> Never {
        let code = exitCode(for: error)
        guard code != .success else { exit(withError: error) }
        let message = fullMessage(for: error)
        if !message.isEmpty {
            StandardError.write(TerminalText.safe(message) + "\n")
        }
        Foundation.exit(code.rawValue)
    }
}
