/// User-provided text (node ids, GPU type and cluster names, paths) made safe to show on one line:
/// in a terminal, a message, a comment of an exported file.
///
/// Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional-text
/// controls are written as escapes: `\n`, `\r`, `\t`, else `\u{1B}` (Swift's notation). Nothing
/// else changes, so ordinary text reads as written. An escaped string is one line, cannot move the
/// cursor or change colours, and cannot make text read in a different order than it is stored.
package enum DisplayText {
    /// `text` with every character that `needsEscaping` written as an escape.
    /// - Complexity: O(length).
    package static func escaped(_ text: some StringProtocol) -> String {
        guard text.unicodeScalars.contains(where: needsEscaping) else { return String(text) }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscaping(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return result
    }

    /// `escaped(text)` in single quotes, as messages quote ids: `'n0\n[SourceNode]'`.
    package static func quoted(_ text: some StringProtocol) -> String {
        "'\(escaped(text))'"
    }

    /// Whether `text` holds a character `escaped` would rewrite.
    package static func needsEscaping(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains(where: needsEscaping)
    }

    /// Control characters (U+0000–U+001F, U+007F–U+009F), U+2028 and U+2029 (line and paragraph
    /// separators), and the bidirectional controls U+061C, U+200E, U+200F, U+202A–U+202E,
    /// U+2066–U+2069.
    package static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x2028, 0x2029: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
