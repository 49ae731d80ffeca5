/// The rows of a small numeric CSV file with a header, read straight from its UTF-8 bytes.
///
/// The format is the plain one Helix's exports and most tools write: a header line of column
/// names, then one record per line, fields separated by commas, no quoting. A UTF-8 byte-order
/// mark, `\r\n` (or `\r`) line ends, spaces or tabs around fields, and blank lines (anywhere,
/// including after the last row) are accepted. Column names are matched case-insensitively; columns the
/// caller does not ask for are ignored. Bytes that are not valid UTF-8 are only ever shown in error
/// messages, never interpreted, so arbitrary input cannot crash the reader.
///
/// Working on bytes keeps one pass over the file: memory is the file plus one range per field of
/// the current row.
struct CSVRows {
    /// One data row: its 1-based line number and its fields (byte ranges into the file).
    struct Row {
        let line: Int
        fileprivate let bytes: [UInt8]
        fileprivate let fields: [Range<Int>]
        fileprivate let columnNames: [String]

        /// The field in `column` as an integer in `range`; `expected` describes what is accepted.
        func integer(_ column: Int, in range: ClosedRange<Int>, expected: String) throws(WorkloadError) -> Int {
            let field = fields[column]
            guard let value = parseInteger(bytes[field]), range.contains(value) else {
                throw invalid(column, expected: expected)
            }
            return value
        }

        /// The field in `column` as a finite number ≥ 0.
        func nonNegativeFiniteNumber(_ column: Int, expected: String) throws(WorkloadError) -> Double {
            let text = String(decoding: bytes[fields[column]], as: UTF8.self)
            guard let value = Double(text), value.isFinite, value >= 0 else {
                throw invalid(column, expected: expected)
            }
            return value
        }

        private func invalid(_ column: Int, expected: String) -> WorkloadError {
            let slice = bytes[fields[column]]
            var text = String(decoding: slice.prefix(40), as: UTF8.self)
            if slice.count > 40 { text += "…" }
            return .invalidField(line: line, column: columnNames[column], value: text, expected: expected)
        }
    }

    /// Largest length or count accepted: `Int32.max`, so that sums and products of a few of them
    /// in the simulator cannot overflow.
    static let maximumValue = Int(Int32.max)

    /// Reads the header of `bytes`, finds `required` columns in it, then calls `body` once per data
    /// row with the row and the field indices of the required columns, in the order given.
    /// - Throws: `WorkloadError` naming the line: no header, a missing or repeated column, a row
    ///   with the wrong number of fields, no data rows, or whatever `body` throws.
    /// - Complexity: O(size of `bytes`).
    static func forEachRow(
        in bytes: [UInt8], required: [String],
        _ body: (Row, [Int]) throws(WorkloadError) -> Void
    ) throws(WorkloadError) {
        var lines = Lines(bytes: bytes)
        guard let header = lines.next() else { throw .missingHeader }
        let names = splitFields(bytes, header.range).map {
            String(decoding: bytes[$0], as: UTF8.self).lowercased()
        }
        var indices: [Int] = []
        for column in required {
            let matches = names.indices.filter { names[$0] == column.lowercased() }
            guard let first = matches.first else { throw .missingColumn(line: header.number, column: column) }
            guard matches.count == 1 else { throw .duplicateColumn(line: header.number, column: column) }
            indices.append(first)
        }
        var rows = 0
        while let line = lines.next() {
            let fields = splitFields(bytes, line.range)
            guard fields.count == names.count else {
                throw .wrongFieldCount(line: line.number, found: fields.count, expected: names.count)
            }
            try body(Row(line: line.number, bytes: bytes, fields: fields, columnNames: names), indices)
            rows += 1
        }
        guard rows > 0 else { throw .noDataRows(line: header.number) }
    }

    /// The non-blank lines of the file, each with its 1-based number and its byte range (the line
    /// end left out). A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files). A leading UTF-8
    /// byte-order mark is skipped.
    private struct Lines: IteratorProtocol {
        let bytes: [UInt8]
        var position = 0
        var number = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }

        mutating func next() -> (number: Int, range: Range<Int>)? {
            while position < bytes.count {
                number += 1
                let newline = UInt8(ascii: "\n")
                let carriageReturn = UInt8(ascii: "\r")
                let end = bytes[position...].firstIndex { $0 == newline || $0 == carriageReturn } ?? bytes.count
                let range = position..<end
                position = end + 1
                if end < bytes.count, bytes[end] == carriageReturn, position < bytes.count, bytes[position] == newline {
                    position += 1
                }
                if !trimmed(bytes, range).isEmpty { return (number, range) }
            }
            return nil
        }
    }

    /// The comma-separated fields of `line`, each trimmed of spaces and tabs.
    private static func splitFields(_ bytes: [UInt8], _ line: Range<Int>) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        var start = line.lowerBound
        for index in line where bytes[index] == UInt8(ascii: ",") {
            fields.append(trimmed(bytes, start..<index))
            start = index + 1
        }
        fields.append(trimmed(bytes, start..<line.upperBound))
        return fields
    }
}

/// `range` without the spaces, tabs and carriage returns at either end.
private func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
    var lower = range.lowerBound
    var upper = range.upperBound
    while lower < upper, isSpace(bytes[lower]) { lower += 1 }
    while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
    return lower..<upper
}

/// A decimal integer with an optional sign, digits only (no `1.0`, `1e3`, or spaces); nil if it
/// is not one or does not fit an `Int`.
private func parseInteger(_ digits: ArraySlice<UInt8>) -> Int? {
    var rest = digits[...]
    var negative = false
    if let sign = rest.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
        negative = sign == UInt8(ascii: "-")
        rest = rest.dropFirst()
    }
    guard !rest.isEmpty else { return nil }
    var value = 0
    for byte in rest {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        let digit = Int(byte - UInt8(ascii: "0"))
        let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
        guard !overflow1, !overflow2 else { return nil }
        value = next
    }
    return value
}
