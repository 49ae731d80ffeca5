/// Evaluates the values of Helix's `.ini` files without `eval`: numbers, Helix's unit names,
/// `+ - * /`, unary minus and parentheses (`1000 * mbps`, `24000.0 * MB`, `-1`), left to right in
/// double precision as Python does for these operands.
///
/// Units, from Helix's `simulator/event_simulator/utils.py`: `kbps` = 1e3, `mbps` = 1e6, `gbps` =
/// 1e9 (bits per second), `Byte` = 1, `KB` = 1e3, `MB` = 1e6, `GB` = 1e9 (bytes), `Sec` = 1,
/// `MilliSec` = 1e-3 (seconds).
package enum HelixIniExpression {
    /// Unit names and their values.
    package static let units: [String: Double] = [
        "kbps": 1e3, "mbps": 1e6, "gbps": 1e9,
        "Byte": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9,
        "Sec": 1, "MilliSec": 1e-3,
    ]

    /// The value of `text`.
    /// - Throws: `HelixIniError.invalidValue` naming the file, line and key.
    /// - Complexity: O(length of `text`); nesting depth at most `InputLimits.maxExpressionDepth`.
    package static func evaluate(_ text: String, file: String, line: Int, key: String) throws -> Double {
        var parser = Parser(characters: Array(text))
        func fail(_ expected: String) -> HelixIniError {
            HelixIniError.invalidValue(file: file, line: line, key: key, value: text, expected: expected)
        }
        do {
            let value = try parser.expression()
            parser.skipSpaces()
            guard parser.position == parser.characters.count else { throw fail("an arithmetic expression over numbers and units") }
            guard value.isFinite else { throw fail("a finite number") }
            return value
        } catch let error as Parser.Failure {
            throw fail(error.expected)
        }
    }

    /// Recursive descent: expression = term (± term)*; term = factor (×÷ factor)*;
    /// factor = −factor | number | unit | (expression). Nesting (parentheses and unary signs) is
    /// limited to `InputLimits.maxExpressionDepth`, so a hostile value fails with an error instead
    /// of overflowing the stack (30,000 parentheses or 200,000 minus signs used to).
    private struct Parser {
        struct Failure: Error { var expected: String }

        let characters: [Character]
        var position = 0
        var depth = 0

        mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
            depth += 1
            defer { depth -= 1 }
            guard depth <= InputLimits.maxExpressionDepth else {
                throw Failure(expected: "at most \(InputLimits.maxExpressionDepth) nested parentheses and signs")
            }
            return try body(&self)
        }

        mutating func skipSpaces() {
            while position < characters.count, characters[position].isWhitespace { position += 1 }
        }

        mutating func peek() -> Character? {
            skipSpaces()
            return position < characters.count ? characters[position] : nil
        }

        mutating func expression() throws -> Double {
            var value = try term()
            while let next = peek(), next == "+" || next == "-" {
                position += 1
                let right = try term()
                value = next == "+" ? value + right : value - right
            }
            return value
        }

        mutating func term() throws -> Double {
            var value = try factor()
            while let next = peek(), next == "*" || next == "/" {
                position += 1
                let right = try factor()
                if next == "/" && right == 0 { throw Failure(expected: "no division by zero") }
                value = next == "*" ? value * right : value / right
            }
            return value
        }

        mutating func factor() throws -> Double {
            guard let next = peek() else { throw Failure(expected: "a number or unit, found the end") }
            if next == "-" || next == "+" {
                position += 1
                let value = try nested { try $0.factor() }
                return next == "-" ? -value : value
            }
            if next == "(" {
                position += 1
                let value = try nested { try $0.expression() }
                guard peek() == ")" else { throw Failure(expected: "a closing parenthesis") }
                position += 1
                return value
            }
            if next.isNumber || next == "." { return try number() }
            if next.isLetter || next == "_" {
                let start = position
                while position < characters.count, characters[position].isLetter || characters[position].isNumber || characters[position] == "_" {
                    position += 1
                }
                let name = String(characters[start..<position])
                guard let unit = HelixIniExpression.units[name] else {
                    throw Failure(expected: "a unit (\(HelixIniExpression.units.keys.sorted().joined(separator: ", "))), found '\(name)'")
                }
                return unit
            }
            throw Failure(expected: "a number or unit, found '\(next)'")
        }

        mutating func number() throws -> Double {
            let start = position
            while position < characters.count, characters[position].isNumber || characters[position] == "." {
                position += 1
            }
            if position < characters.count, characters[position] == "e" || characters[position] == "E" {
                var end = position + 1
                if end < characters.count, characters[end] == "+" || characters[end] == "-" { end += 1 }
                if end < characters.count, characters[end].isNumber {
                    position = end
                    while position < characters.count, characters[position].isNumber { position += 1 }
                }
            }
            let text = String(characters[start..<position])
            guard text.allSatisfy(\.isASCII), let value = Double(text) else { throw Failure(expected: "a number, found '\(text)'") }
            return value
        }
    }
}

/// The Python list literals of Helix's files: `[0, 1, 2]`, `['source', 3, 'sink']`, `[]`.
package enum HelixIniList {
    package enum Element: Sendable, Hashable {
        case integer(Int)
        case string(String)
    }

    /// The elements of a list literal.
    /// - Throws: `HelixIniError.invalidValue` naming the file, line and key.
    /// - Complexity: O(length of `text`).
    package static func parse(_ text: String, file: String, line: Int, key: String) throws -> [Element] {
        let fail = HelixIniError.invalidValue(
            file: file, line: line, key: key, value: text, expected: "a list such as [0, 1, 'sink']")
        let body = text.helixTrimmed
        guard body.hasPrefix("["), body.hasSuffix("]"), body.count >= 2 else { throw fail }
        let inner = body.dropFirst().dropLast().helixTrimmed
        if inner.isEmpty { return [] }
        var elements: [Element] = []
        for item in inner.split(separator: ",", omittingEmptySubsequences: false).map({ $0.helixTrimmed }) {
            if let quote = item.first, quote == "'" || quote == "\"", item.count >= 2, item.last == quote {
                elements.append(.string(String(item.dropFirst().dropLast())))
            } else if item.allSatisfy({ $0.isASCII }), let value = Int(item) {
                elements.append(.integer(value))
            } else {
                throw fail
            }
        }
        return elements
    }
}
