import Foundation

/// Readers for the workload files the simulator replays or samples from: timed traces, length
/// lists, and Helix's per-interval arrival counts.
///
/// Every file is a header line naming its columns, then one record per line, comma-separated,
/// without quoting. A UTF-8 byte-order mark, `\r\n` or `\r` line ends and blank lines are
/// accepted; columns are found by name (case-insensitively), so extra columns and any column order
/// are fine. Lengths must be whole numbers in `1...2_147_483_647` (`Int32.max`, so that the
/// simulator's token sums cannot overflow); times must be finite and ≥ 0. Errors name the 1-based
/// line and the column.
///
/// (`LayerFlow.RequestLengths.parseCSV` reads a similar lengths file for the scheduler, but into
/// `Request`s with ids, accepting zero-length outputs and column aliases; these readers share one
/// stricter byte-level reader across the three formats instead.)
public enum WorkloadCSV {
    /// Column names of a trace file.
    public static let arrivalTimeColumn = "arrival_time_s"
    public static let inputTokensColumn = "input_tokens"
    public static let outputTokensColumn = "output_tokens"
    /// Column name of Helix's per-interval counts (`azure_conv_arrivals_per_3s.csv`).
    public static let countColumn = "requests_in_interval"

    private static let lengthExpectation = "a whole number of tokens in 1...\(CSVRows.maximumValue)"

    // MARK: Traces

    /// Timed arrivals from a trace: columns `arrival_time_s`, `input_tokens`, `output_tokens`
    /// (others ignored), times in seconds after serving start.
    ///
    /// Rows out of time order are sorted by time; the sort is stable, so rows with equal times keep
    /// their file order (the order the simulator admits them in).
    /// - Throws: `WorkloadError` naming the line and column of the first bad row.
    /// - Complexity: O(n) for a file of n bytes already in time order, O(n + r log r) for r rows
    ///   out of order.
    public static func parseTrace(_ text: String) throws(WorkloadError) -> [Arrival] {
        try parseTrace(bytes: Array(text.utf8))
    }

    /// `parseTrace(_:)` on the file's bytes (UTF-8).
    public static func parseTrace(_ data: Data) throws(WorkloadError) -> [Arrival] {
        try parseTrace(bytes: [UInt8](data))
    }

    /// Reads and parses a trace file; see `parseTrace(_:)`.
    /// - Throws: `WorkloadError.unreadableFile` naming the path, or a parse error wrapped in
    ///   `WorkloadError.inFile(path:error:)`.
    public static func loadTrace(path: String) throws(WorkloadError) -> [Arrival] {
        let bytes = try read(path)
        do { return try parseTrace(bytes: bytes) } catch { throw .inFile(path: path, error: error) }
    }

    static func parseTrace(bytes: [UInt8]) throws(WorkloadError) -> [Arrival] {
        var arrivals: [Arrival] = []
        var sorted = true
        try CSVRows.forEachRow(in: bytes, required: [arrivalTimeColumn, inputTokensColumn, outputTokensColumn]) {
            row, columns throws(WorkloadError) in
            let time = try row.nonNegativeFiniteNumber(columns[0], expected: "a finite number of seconds ≥ 0")
            let shape = try lengths(row, columns[1], columns[2])
            if let last = arrivals.last, time < last.timeSeconds { sorted = false }
            arrivals.append(Arrival(timeSeconds: time, shape: shape))
        }
        guard !sorted else { return arrivals }
        // Ties broken by file position: a stable sort whatever the standard library guarantees.
        return arrivals.enumerated()
            .sorted { ($0.element.timeSeconds, $0.offset) < ($1.element.timeSeconds, $1.offset) }
            .map(\.element)
    }

    // MARK: Lengths

    /// (input, output) pairs from any file whose header has `input_tokens` and `output_tokens`
    /// columns, in file order: Helix's `azure_conv_lengths.csv` (`index,input_tokens,…`), its
    /// example length sequence (`query_order,dataset_index_drawn,input_tokens,…`), or a trace.
    /// - Throws: `WorkloadError` naming the line and column of the first bad row.
    /// - Complexity: O(size of the text).
    public static func parseLengths(_ text: String) throws(WorkloadError) -> [RequestShape] {
        try parseLengths(bytes: Array(text.utf8))
    }

    /// `parseLengths(_:)` on the file's bytes (UTF-8).
    public static func parseLengths(_ data: Data) throws(WorkloadError) -> [RequestShape] {
        try parseLengths(bytes: [UInt8](data))
    }

    /// Reads and parses a lengths file; see `parseLengths(_:)`.
    /// - Throws: `WorkloadError.unreadableFile` naming the path, or a parse error wrapped in
    ///   `WorkloadError.inFile(path:error:)`.
    public static func loadLengths(path: String) throws(WorkloadError) -> [RequestShape] {
        let bytes = try read(path)
        do { return try parseLengths(bytes: bytes) } catch { throw .inFile(path: path, error: error) }
    }

    static func parseLengths(bytes: [UInt8]) throws(WorkloadError) -> [RequestShape] {
        var shapes: [RequestShape] = []
        try CSVRows.forEachRow(in: bytes, required: [inputTokensColumn, outputTokensColumn]) {
            row, columns throws(WorkloadError) in
            shapes.append(try lengths(row, columns[0], columns[1]))
        }
        return shapes
    }

    // MARK: Arrival counts

    /// Helix's requests-per-interval counts (`interval_index,interval_start_s,requests_in_interval`;
    /// only `requests_in_interval` is read), in file order. Counts are whole numbers ≥ 0.
    /// - Throws: `WorkloadError` naming the line of the first bad count.
    /// - Complexity: O(size of the text).
    public static func parseArrivalCounts(_ text: String) throws(WorkloadError) -> [Int] {
        try parseArrivalCounts(bytes: Array(text.utf8))
    }

    /// `parseArrivalCounts(_:)` on the file's bytes (UTF-8).
    public static func parseArrivalCounts(_ data: Data) throws(WorkloadError) -> [Int] {
        try parseArrivalCounts(bytes: [UInt8](data))
    }

    /// Reads and parses a counts file; see `parseArrivalCounts(_:)`.
    /// - Throws: `WorkloadError.unreadableFile` naming the path, or a parse error wrapped in
    ///   `WorkloadError.inFile(path:error:)`.
    public static func loadArrivalCounts(path: String) throws(WorkloadError) -> [Int] {
        let bytes = try read(path)
        do { return try parseArrivalCounts(bytes: bytes) } catch { throw .inFile(path: path, error: error) }
    }

    static func parseArrivalCounts(bytes: [UInt8]) throws(WorkloadError) -> [Int] {
        var counts: [Int] = []
        try CSVRows.forEachRow(in: bytes, required: [countColumn]) { row, columns throws(WorkloadError) in
            let expected = "a whole number of requests in 0...\(CSVRows.maximumValue)"
            counts.append(try row.integer(columns[0], in: 0...CSVRows.maximumValue, expected: expected))
        }
        return counts
    }

    // MARK: Helpers

    private static func lengths(_ row: CSVRows.Row, _ input: Int, _ output: Int) throws(WorkloadError) -> RequestShape {
        RequestShape(
            inputTokens: try row.integer(input, in: 1...CSVRows.maximumValue, expected: lengthExpectation),
            outputTokens: try row.integer(output, in: 1...CSVRows.maximumValue, expected: lengthExpectation))
    }

    private static func read(_ path: String) throws(WorkloadError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .unreadableFile(path: path, reason: "it is a directory")
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
