import LayerFlow

/// What the commands print to standard output goes through this `print`, which shadows the
/// standard library's in this module: control characters other than the line break (escape
/// sequences, carriage returns, bidirectional controls) are written as `DisplayText` escapes, so a
/// node id, cluster name or path read from a file or the command line cannot move the cursor,
/// recolour or hide the terminal's text.
///
/// It is a safety net: reports escape each user-provided string themselves (`TextTable` cells,
/// `Reports.clusterLine`), line breaks included, which this cannot do without breaking the lines
/// of a report. Error messages are escaped whole in `reportingFailures` (they are one line each).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { String(describing: $0) }.joined(separator: separator)
    Swift.print(TerminalText.safe(text), terminator: terminator)
}

enum TerminalText {
    /// `text` with every character `DisplayText` escapes, except `\n`, escaped.
    static func safe(_ text: String) -> String {
        guard DisplayText.needsEscaping(text) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { DisplayText.escaped($0) }.joined(separator: "\n")
    }
}
