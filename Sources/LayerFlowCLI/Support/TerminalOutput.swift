import LayerFlow

/// Terminal-safe text: what `StandardOutput.print` writes is passed through `TerminalText.safe`,
/// so a node id, cluster name or path read from a file or the command line cannot move the
/// cursor, recolour or hide the terminal's text. Reports escape each user-provided string
/// themselves (`TextTable` cells, `Reports.clusterLine`), line breaks included; error messages are
/// escaped whole in `reportingFailures` (they are one line each).
enum TerminalText {
    /// `text` with every character `DisplayText` escapes, except `\n`, escaped.
    static func safe(_ text: String) -> String {
        guard DisplayText.needsEscaping(text) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { DisplayText.escaped($0) }.joined(separator: "\n")
    }
}
