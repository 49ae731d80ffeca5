import LayerFlow

/// Why a workload file could not be read, or arrivals could not be generated.
///
/// File errors name the 1-based line and the column (by its header name), so the culprit can be
/// found in an editor; `load…(path:)` wraps them in `inFile` so the message names the file too.
public enum WorkloadError: LayerFlowError, Hashable {
    // MARK: Files

    /// The file could not be read at all (missing, a directory, no permission).
    case unreadableFile(path: String, reason: String)
    /// A parse error in the file at `path`.
    indirect case inFile(path: String, error: WorkloadError)
    /// The text has no header line (it is empty or only blank lines).
    case missingHeader
    /// The header at `line` lacks a column the file must have.
    case missingColumn(line: Int, column: String)
    /// The header at `line` names a required column twice, so which one to read is ambiguous.
    case duplicateColumn(line: Int, column: String)
    /// The header is fine but no data row follows it; `line` is the header's.
    case noDataRows(line: Int)
    /// A data row has a different number of comma-separated fields than the header.
    case wrongFieldCount(line: Int, found: Int, expected: Int)
    /// A field's text is not an acceptable value; `value` is the text (cut to 40 characters).
    case invalidField(line: Int, column: String, value: String, expected: String)

    // MARK: Generation

    /// The target offered load is not a positive, finite number of tokens per second.
    case invalidOfferedLoad(Double)
    /// The duration is not a positive, finite number of seconds.
    case invalidDuration(Double)
    /// The start time is not a finite number of seconds ≥ 0.
    case invalidStart(Double)
    /// There are no lengths to draw queries from.
    case emptyLengthPool
    /// A pool entry has a non-positive length.
    case invalidLengthPoolEntry(index: Int, shape: RequestShape)
    /// The per-interval arrival counts are empty or all zero, so they cannot be rescaled.
    case emptyArrivalCounts
    /// A per-interval arrival count is negative.
    case negativeArrivalCount(index: Int, value: Int)
    /// Generating would produce more than `limit` arrivals (`expected` is the mean count).
    case tooManyArrivals(expected: Double, limit: Int)
    /// The duration spans more than `limit` arrival-count intervals.
    case tooManyIntervals(count: Double, limit: Int)

    /// The line the error points at, if it comes from a file.
    public var line: Int? {
        switch self {
        case .inFile(_, let error): return error.line
        case .missingColumn(let line, _), .duplicateColumn(let line, _), .noDataRows(let line),
            .wrongFieldCount(let line, _, _), .invalidField(let line, _, _, _):
            return line
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .inFile(let path, let error):
            return "\(path): \(error)"
        case .missingHeader:
            return "no header line (the text is empty or blank)"
        case .missingColumn(let line, let column):
            return "line \(line): the header has no '\(column)' column"
        case .duplicateColumn(let line, let column):
            return "line \(line): the header names the '\(column)' column twice"
        case .noDataRows(let line):
            return "line \(line): a header but no data rows"
        case .wrongFieldCount(let line, let found, let expected):
            return "line \(line): \(found) field\(found == 1 ? "" : "s"), the header has \(expected)"
        case .invalidField(let line, let column, let value, let expected):
            return "line \(line), column '\(column)': '\(value)' is not \(expected)"
        case .invalidOfferedLoad(let value):
            return "offered load is \(value) tokens/s; expected a positive, finite number"
        case .invalidDuration(let value):
            return "duration is \(value) s; expected a positive, finite number"
        case .invalidStart(let value):
            return "start time is \(value) s; expected a finite number ≥ 0"
        case .emptyLengthPool:
            return "the length pool is empty; expected at least one (input, output) pair"
        case .invalidLengthPoolEntry(let index, let shape):
            return "length pool entry \(index) is (\(shape.inputTokens), \(shape.outputTokens)); expected positive lengths"
        case .emptyArrivalCounts:
            return "the per-interval arrival counts are empty or all zero; expected at least one positive count"
        case .negativeArrivalCount(let index, let value):
            return "per-interval arrival count \(index) is \(value); expected a count ≥ 0"
        case .tooManyArrivals(let expected, let limit):
            return "the workload would have about \(wholeNumber(expected)) arrivals, more than the limit of "
                + "\(limit); lower the offered load or the duration"
        case .tooManyIntervals(let count, let limit):
            return "the duration spans \(wholeNumber(count)) arrival-count intervals, more than the limit of "
                + "\(limit); shorten it"
        }
    }
}

/// `value` as a whole number where it fits an `Int`, else as it prints.
private func wholeNumber(_ value: Double) -> String {
    value.isFinite && abs(value) < 9e18 ? String(Int(value.rounded())) : String(value)
}

extension WorkloadError {
    /// An unreadable file; generation parameters out of range (they come from options); bad data
    /// in a file or a length pool otherwise.
    public var kind: LayerFlowErrorKind {
        switch self {
        case .unreadableFile: return .unreadableFile
        case .inFile(_, let error): return error.kind
        case .invalidOfferedLoad, .invalidDuration, .invalidStart, .tooManyArrivals, .tooManyIntervals: return .invalidOption
        default: return .invalidInput
        }
    }
}
