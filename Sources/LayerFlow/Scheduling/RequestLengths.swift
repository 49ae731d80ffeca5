import Foundation

/// Prompt and output lengths for scheduling runs: synthetic (seeded log-normal) or read from a CSV.
public enum RequestLengths {
    /// A log-normal length distribution, clamped to `minimum...maximum` tokens.
    public struct LogNormal: Sendable, Hashable {
        /// Mean and standard deviation of ln(length).
        public var logMean: Double
        public var logStandardDeviation: Double
        public var minimum: Int
        public var maximum: Int

        public init(logMean: Double, logStandardDeviation: Double, minimum: Int, maximum: Int) {
            self.logMean = logMean
            self.logStandardDeviation = logStandardDeviation
            self.minimum = minimum
            self.maximum = maximum
        }

        /// One length: exp(μ + σ·z) for a standard normal z (Box–Muller), rounded and clamped.
        func sample(_ generator: inout SeededGenerator) -> Int {
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            let u2 = Double.random(in: 0..<1, using: &generator)
            let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
            let value = Foundation.exp(logMean + logStandardDeviation * z).rounded()
            return Int(min(Double(maximum), max(Double(minimum), value)))
        }
    }

    /// Prompt lengths fitted to the Azure LLM inference conversation trace that Helix samples
    /// (16,657 requests; ln-mean 6.39, ln-sd 0.82; 7…2,047 tokens; mean 763).
    public static let azureConversationPrompt = LogNormal(logMean: 6.39, logStandardDeviation: 0.82, minimum: 1, maximum: 2048)
    /// Output lengths fitted to the same trace (ln-mean 5.15, ln-sd 0.84; 7…1,000 tokens; mean 232).
    public static let azureConversationOutput = LogNormal(logMean: 5.15, logStandardDeviation: 0.84, minimum: 1, maximum: 1000)

    /// `count` requests with ids `0..<count` and lengths drawn from the two distributions.
    /// - Complexity: O(count).
    public static func synthetic(
        count: Int, seed: UInt64,
        prompt: LogNormal = azureConversationPrompt, output: LogNormal = azureConversationOutput
    ) -> [Request] {
        Array(SyntheticRequests(count: count, seed: seed, prompt: prompt, output: output))
    }

    /// The same requests as `synthetic(count:seed:prompt:output:)`, drawn one at a time as the
    /// sequence is iterated: memory does not grow with `count`.
    public struct SyntheticRequests: Sequence, Sendable {
        public var count: Int
        public var seed: UInt64
        public var prompt: LogNormal
        public var output: LogNormal

        public init(
            count: Int, seed: UInt64,
            prompt: LogNormal = RequestLengths.azureConversationPrompt, output: LogNormal = RequestLengths.azureConversationOutput
        ) {
            self.count = Swift.max(0, count)
            self.seed = seed
            self.prompt = prompt
            self.output = output
        }

        public struct Iterator: IteratorProtocol {
            var generator: SeededGenerator
            var position = 0
            let count: Int
            let prompt: LogNormal
            let output: LogNormal

            public mutating func next() -> Request? {
                guard position < count else { return nil }
                defer { position += 1 }
                let promptTokens = prompt.sample(&generator)
                return Request(id: position, promptTokens: promptTokens, expectedOutputTokens: output.sample(&generator))
            }
        }

        public func makeIterator() -> Iterator {
            Iterator(generator: SeededGenerator(seed: seed), count: count, prompt: prompt, output: output)
        }

        public var underestimatedCount: Int { count }
    }

    /// Requests `0..<count` whose lengths repeat `rows` in order, made as the sequence is iterated.
    public struct RepeatedRequests: Sequence, Sendable {
        public var rows: [(prompt: Int, output: Int)]
        public var count: Int

        public init(rows: [(prompt: Int, output: Int)], count: Int) {
            self.rows = rows
            self.count = rows.isEmpty ? 0 : Swift.max(0, count)
        }

        public struct Iterator: IteratorProtocol {
            let rows: [(prompt: Int, output: Int)]
            let count: Int
            var position = 0

            public mutating func next() -> Request? {
                guard position < count else { return nil }
                defer { position += 1 }
                let row = rows[position % rows.count]
                return Request(id: position, promptTokens: row.prompt, expectedOutputTokens: row.output)
            }
        }

        public func makeIterator() -> Iterator { Iterator(rows: rows, count: count) }

        public var underestimatedCount: Int { count }
    }

    /// Names accepted for the prompt and output columns (compared case-insensitively).
    static let promptColumns: Set<String> = ["prompt", "prompt_tokens", "prompttokens", "input", "input_tokens", "inputtokens"]
    static let outputColumns: Set<String> = [
        "output", "output_tokens", "outputtokens", "expected_output_tokens", "expectedoutputtokens",
    ]

    /// Requests from CSV text: a header naming a prompt column (`prompt`, `prompt_tokens`, `input`,
    /// `input_tokens`) and an output column (`output`, `output_tokens`, `expected_output_tokens`),
    /// other columns ignored; one request per data row, ids `0, 1, …`; blank lines skipped. A
    /// UTF-8 byte-order mark before the header (spreadsheets write one) is ignored.
    /// With `count`, the rows are repeated in order until there are `count` requests (or cut).
    /// - Throws: `RequestLengthsError` naming the line and column of the first bad row.
    /// - Complexity: O(size of the text + count).
    public static func parseCSV(_ text: String, count: Int? = nil) throws(RequestLengthsError) -> [Request] {
        let rows = try parseCSVRows(text)
        return Array(RepeatedRequests(rows: rows, count: count ?? rows.count))
    }

    /// The (prompt, output) lengths of the CSV's data rows, in order; see `parseCSV(_:count:)`.
    /// - Throws: `RequestLengthsError` naming the line and column of the first bad row.
    public static func parseCSVRows(_ text: String) throws(RequestLengthsError) -> [(prompt: Int, output: Int)] {
        var text = Substring(text)
        if text.unicodeScalars.first == "\u{FEFF}" { text = Substring(text.unicodeScalars.dropFirst()) }
        // "\r\n" is one Character, so splitting on newlines handles both line endings.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().map {
            (number: $0.offset + 1, text: $0.element)
        }.filter { !$0.text.allSatisfy(\.isWhitespace) }[...]
        guard let header = lines.popFirst() else { throw .noRows }
        let names = header.text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let promptColumn = names.firstIndex(where: promptColumns.contains) else {
            throw .missingColumn(line: header.number, expected: "prompt (or prompt_tokens, input, input_tokens)")
        }
        guard let outputColumn = names.firstIndex(where: outputColumns.contains) else {
            throw .missingColumn(line: header.number, expected: "output (or output_tokens, expected_output_tokens)")
        }
        var rows: [(prompt: Int, output: Int)] = []
        rows.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.text.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == names.count else {
                throw .malformedRow(line: line.number, column: nil, message: "\(fields.count) fields, the header has \(names.count)")
            }
            func integer(_ column: Int, minimum: Int) throws(RequestLengthsError) -> Int {
                let field = fields[column].trimmingCharacters(in: .whitespaces)
                guard let value = Int(field) else {
                    throw .malformedRow(line: line.number, column: names[column], message: "'\(field)' is not a whole number")
                }
                guard value >= minimum, value <= Int(Int32.max) else {
                    throw .malformedRow(line: line.number, column: names[column], message: "\(value) is outside \(minimum)...\(Int32.max)")
                }
                return value
            }
            rows.append((try integer(promptColumn, minimum: 1), try integer(outputColumn, minimum: 0)))
        }
        guard !rows.isEmpty else { throw .noRows }
        return rows
    }

    /// Reads a CSV file; see `parseCSV(_:count:)`.
    /// - Throws: `RequestLengthsError.unreadableFile`, or the parse errors.
    public static func loadCSV(path: String, count: Int? = nil) throws(RequestLengthsError) -> [Request] {
        let rows = try loadCSVRows(path: path)
        return Array(RepeatedRequests(rows: rows, count: count ?? rows.count))
    }

    /// Reads a CSV file's rows; see `parseCSVRows(_:)`.
    public static func loadCSVRows(path: String) throws(RequestLengthsError) -> [(prompt: Int, output: Int)] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
        return try parseCSVRows(String(decoding: data, as: UTF8.self))
    }
}

/// Why a request-length file could not be read. Cases name the line (1-based) and column.
public enum RequestLengthsError: LayerFlowError, Hashable {
    case unreadableFile(path: String, reason: String)
    /// The header lacks a column the lengths need.
    case missingColumn(line: Int, expected: String)
    case malformedRow(line: Int, column: String?, message: String)
    /// No header, or no data rows.
    case noRows

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason): return "\(path): cannot read: \(reason)"
        case let .missingColumn(line, expected): return "line \(line): the header has no \(expected) column"
        case let .malformedRow(line, column, message):
            return "line \(line)\(column.map { ", column '\($0)'" } ?? ""): \(message)"
        case .noRows: return "no header and data rows (expected a header such as 'prompt,output')"
        }
    }
}

extension RequestLengthsError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind {
        if case .unreadableFile = self { return .unreadableFile }
        return .invalidInput
    }
}
