/// Text pieces of SVG output that must be identical on every machine: numbers with one decimal
/// (no locale, no exponent), and XML-escaped strings.
package enum SVGText {
    /// `12.3`, `-4`, `100` — rounded to one decimal, trailing `.0` dropped.
    package static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        guard abs(value) < 1e15 else { return value < 0 ? "-1000000000000000" : "1000000000000000" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// Escapes `&`, `<`, `>`, `"` and `'`, after writing control characters as `DisplayText` escapes
    /// (XML 1.0 allows almost none of them, even as character references).
    package static func escaped(_ text: String) -> String {
        var result = ""
        for character in DisplayText.escaped(text) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
