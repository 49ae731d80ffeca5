/// A comma-separated file with a header row, as Helix's exported data files are: no quoting,
/// fields trimmed of spaces. A UTF-8 byte-order mark, CRLF (or CR) line ends and blank lines are
/// tolerated. Lines and columns are 1-based, as editors show them.
package struct CSVTable: Sendable, Hashable {
    package struct Row: Sendable, Hashable {
        /// Line of the file the row is on.
        package var line: Int
        package var fields: [String]
    }

    /// The file name used in error messages.
    package var file: String
    package var header: [String]
    package var headerLine: Int
    package var rows: [Row]

    /// Splits `text` into a header and rows of the same width.
    /// - Throws: `HelixSimDataError.fieldCount` for a row wider or narrower than the header,
    ///   `.missingColumn` (with an empty column name) when there is no header.
    /// - Complexity: O(length of the text).
    package static func parse(_ text: String, file: String) throws -> CSVTable {
        var body = Substring(text)
        if body.unicodeScalars.first == "\u{FEFF}" { body = Substring(body.unicodeScalars.dropFirst()) }
        // "\r\n" is one Character in Swift, so it has to be named as a separator of its own.
        let lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        var header: [String]?
        var headerLine = 0
        var rows: [Row] = []
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            if rawLine.allSatisfy(\.isWhitespace) { continue }
            let fields = rawLine.split(separator: ",", omittingEmptySubsequences: false).map {
                String($0.trimmingWhitespace)
            }
            guard let columns = header else {
                header = fields
                headerLine = number
                continue
            }
            if fields.count != columns.count {
                throw HelixSimDataError.fieldCount(
                    file: file, line: number, column: min(fields.count, columns.count) + 1,
                    expected: columns.count, found: fields.count)
            }
            rows.append(Row(line: number, fields: fields))
        }
        guard let header else { throw HelixSimDataError.missingColumn(file: file, column: "") }
        return CSVTable(file: file, header: header, headerLine: headerLine, rows: rows)
    }

    /// The 0-based index of the column with this header name.
    /// - Throws: `HelixSimDataError.missingColumn`.
    package func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw HelixSimDataError.missingColumn(file: file, column: name)
        }
        return index
    }

    /// The field of `row` in column `column` (0-based) as an integer at least `minimum`.
    package func int(_ row: Row, _ column: Int, minimum: Int) throws -> Int {
        let text = row.fields[column]
        guard let value = Int(text), value >= minimum else {
            throw invalid(row, column, expected: "an integer >= \(minimum)")
        }
        return value
    }

    /// The field of `row` in column `column` (0-based) as a finite number >= 0.
    package func nonNegative(_ row: Row, _ column: Int) throws -> Double {
        let text = row.fields[column]
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw invalid(row, column, expected: "a finite number >= 0")
        }
        return value
    }

    package func invalid(_ row: Row, _ column: Int, expected: String) -> HelixSimDataError {
        .invalidValue(
            file: file, line: row.line, column: column + 1, name: header[column], value: row.fields[column],
            expected: expected)
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result.removeFirst() }
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}
