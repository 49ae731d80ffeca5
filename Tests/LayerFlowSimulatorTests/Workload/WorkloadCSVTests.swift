import Foundation
import LayerFlowSimulator
import Testing

/// Which reader a malformed-file case goes through.
enum WorkloadFileKind: String, Sendable {
    case trace, lengths, counts

    func parse(_ text: String) throws(WorkloadError) {
        switch self {
        case .trace: _ = try WorkloadCSV.parseTrace(text)
        case .lengths: _ = try WorkloadCSV.parseLengths(text)
        case .counts: _ = try WorkloadCSV.parseArrivalCounts(text)
        }
    }

    func parse(_ data: Data) throws(WorkloadError) {
        switch self {
        case .trace: _ = try WorkloadCSV.parseTrace(data)
        case .lengths: _ = try WorkloadCSV.parseLengths(data)
        case .counts: _ = try WorkloadCSV.parseArrivalCounts(data)
        }
    }
}

/// The `WorkloadError` that `body` throws, or nil; any other error is a test failure.
func workloadError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> WorkloadError? {
    do {
        try body()
        return nil
    } catch let error as WorkloadError {
        return error
    } catch {
        Issue.record("not a WorkloadError: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

@Suite("Workload CSV files")
struct WorkloadCSVTests {
    @Test func traceWithBOMCRLFExtraColumnsAndTrailingBlankLines() throws {
        let text = "\u{FEFF}id, Arrival_Time_S ,output_tokens,input_tokens\r\n7,0.5,12,100\r\n8, 2 ,1,3\r\n\r\n  \r\n"
        let arrivals = try WorkloadCSV.parseTrace(text)
        #expect(arrivals == [
            Arrival(timeSeconds: 0.5, shape: RequestShape(inputTokens: 100, outputTokens: 12)),
            Arrival(timeSeconds: 2, shape: RequestShape(inputTokens: 3, outputTokens: 1)),
        ])
    }

    @Test func lineEndsMayBeLFCRLFOrCR() throws {
        let expected = [RequestShape(inputTokens: 1, outputTokens: 2), RequestShape(inputTokens: 3, outputTokens: 4)]
        for end in ["\n", "\r\n", "\r"] {
            let text = ["input_tokens,output_tokens", "1,2", "3,4"].joined(separator: end)
            #expect(try WorkloadCSV.parseLengths(text) == expected, "line end \(end.debugDescription)")
            #expect(try WorkloadCSV.parseLengths(text + end + end) == expected, "line end \(end.debugDescription)")
        }
    }

    /// Out-of-order rows are sorted by time; rows with equal times keep their file order.
    @Test func unsortedTraceIsSortedStably() throws {
        let text = """
            arrival_time_s,input_tokens,output_tokens
            5,1,1
            1,2,2
            5,3,3
            1,4,4
            0,5,5
            """
        let arrivals = try WorkloadCSV.parseTrace(text)
        #expect(arrivals.map(\.timeSeconds) == [0, 1, 1, 5, 5])
        #expect(arrivals.map(\.shape.inputTokens) == [5, 2, 4, 1, 3])
    }

    @Test(arguments: [
        "index,input_tokens,output_tokens\r\n0,374,44\r\n1,396,109\r\n",
        "query_order,dataset_index_drawn,input_tokens,output_tokens\r\n0,12623,374,44\r\n1,13781,396,109\r\n",
        "arrival_time_s,input_tokens,output_tokens\n21.26,374,44\n22.27,396,109\n",
    ])
    func lengthsFromAnyFileWithBothColumns(text: String) throws {
        #expect(try WorkloadCSV.parseLengths(text) == [
            RequestShape(inputTokens: 374, outputTokens: 44), RequestShape(inputTokens: 396, outputTokens: 109),
        ])
    }

    @Test func arrivalCountsMayBeZero() throws {
        let text = "interval_index,interval_start_s,requests_in_interval\r\n0,0,1\r\n1,3,0\r\n2,6,30\r\n"
        #expect(try WorkloadCSV.parseArrivalCounts(text) == [1, 0, 30])
        #expect(try WorkloadCSV.parseArrivalCounts("requests_in_interval\n4\n") == [4])
    }

    @Test func emptyOrHeaderOnlyTextIsRefused() {
        #expect(workloadError { _ = try WorkloadCSV.parseTrace("") } == .missingHeader)
        #expect(workloadError { _ = try WorkloadCSV.parseTrace("\u{FEFF}\r\n  \r\n") } == .missingHeader)
        #expect(workloadError { _ = try WorkloadCSV.parseLengths("\ninput_tokens,output_tokens\r\n\r\n") } == .noDataRows(line: 2))
        #expect(WorkloadError.noDataRows(line: 2).description == "line 2: a header but no data rows")
    }

    struct MalformedCase: Sendable, CustomTestStringConvertible {
        var name: String
        var kind: WorkloadFileKind
        var text: String
        var line: Int
        /// The column the message must name, for field errors.
        var column: String?
        var testDescription: String { name }
    }

    static let trace = "arrival_time_s,input_tokens,output_tokens\n"
    static let lengths = "index,input_tokens,output_tokens\r\n"
    static let counts = "interval_index,interval_start_s,requests_in_interval\n"

    static let malformed: [MalformedCase] = [
        .init(name: "missing column", kind: .trace, text: "arrival_time_s,input_tokens\n1,2\n", line: 1, column: "output_tokens"),
        .init(name: "missing column after blank lines", kind: .lengths, text: "\n\r\nindex,input\n0,1\n", line: 3, column: "input_tokens"),
        .init(name: "duplicate column", kind: .trace, text: "arrival_time_s,input_tokens,output_tokens,INPUT_TOKENS\n1,2,3,4\n", line: 1, column: "input_tokens"),
        .init(name: "too few fields", kind: .trace, text: trace + "1,2,3\n4,5\n", line: 3),
        .init(name: "too many fields", kind: .lengths, text: lengths + "0,1,2\r\n1,2,3,4\r\n", line: 3),
        .init(name: "zero input", kind: .trace, text: trace + "1,0,3\n", line: 2, column: "input_tokens"),
        .init(name: "zero output", kind: .lengths, text: lengths + "0,1,2\r\n\r\n1,5,0\r\n", line: 4, column: "output_tokens"),
        .init(name: "negative output", kind: .trace, text: trace + "1,2,3\n2,2,-5\n", line: 3, column: "output_tokens"),
        .init(name: "fractional length", kind: .trace, text: trace + "1,12.5,3\n", line: 2, column: "input_tokens"),
        .init(name: "exponent length", kind: .lengths, text: lengths + "0,1e3,3\r\n", line: 2, column: "input_tokens"),
        .init(name: "empty length", kind: .lengths, text: lengths + "0,374,44\r\n1,,109\r\n", line: 3, column: "input_tokens"),
        .init(name: "length beyond Int32", kind: .trace, text: trace + "1,2147483648,3\n", line: 2, column: "input_tokens"),
        .init(name: "length beyond Int", kind: .trace, text: trace + "1,99999999999999999999999,3\n", line: 2, column: "input_tokens"),
        .init(name: "NaN time", kind: .trace, text: trace + "0,1,1\nnan,1,1\n", line: 3, column: "arrival_time_s"),
        .init(name: "infinite time", kind: .trace, text: trace + "inf,1,1\n", line: 2, column: "arrival_time_s"),
        .init(name: "huge time", kind: .trace, text: trace + "1e400,1,1\n", line: 2, column: "arrival_time_s"),
        .init(name: "negative time", kind: .trace, text: trace + "-0.5,1,1\n", line: 2, column: "arrival_time_s"),
        .init(name: "text time", kind: .trace, text: trace + "soon,1,1\n", line: 2, column: "arrival_time_s"),
        .init(name: "empty time", kind: .trace, text: trace + ",1,1\n", line: 2, column: "arrival_time_s"),
        .init(name: "negative count", kind: .counts, text: counts + "0,0,1\n1,3,-1\n", line: 3, column: "requests_in_interval"),
        .init(name: "fractional count", kind: .counts, text: counts + "0,0,3.5\n", line: 2, column: "requests_in_interval"),
        .init(name: "counts missing column", kind: .counts, text: "interval_index,interval_start_s\n0,0\n", line: 1, column: "requests_in_interval"),
    ]

    @Test(arguments: malformed)
    func malformedFileNamesTheLine(_ example: MalformedCase) throws {
        let error = try #require(workloadError { try example.kind.parse(example.text) })
        #expect(error.line == example.line, "\(error)")
        #expect(error.description.hasPrefix("line \(example.line)"), "\(error)")
        if let column = example.column {
            #expect(error.description.contains("'\(column)'"), "\(error)")
        }
    }

    @Test func fieldErrorMessageShowsTheValue() {
        let error = workloadError { _ = try WorkloadCSV.parseTrace(Self.trace + "1,12.5,3\n") }
        #expect(error?.description == "line 2, column 'input_tokens': '12.5' is not a whole number of tokens in 1...2147483647")
        let long = String(repeating: "9", count: 60)
        let cut = workloadError { _ = try WorkloadCSV.parseTrace(Self.trace + "1,\(long),3\n") }
        #expect(cut?.description.contains("'\(String(repeating: "9", count: 40))…'") == true, "\(String(describing: cut))")
    }

    @Test func unreadableFileNamesThePath() throws {
        let missing = "/nonexistent/\(UUID().uuidString)/trace.csv"
        guard case .unreadableFile(let path, _)? = workloadError({ _ = try WorkloadCSV.loadTrace(path: missing) }) else {
            Issue.record("expected unreadableFile")
            return
        }
        #expect(path == missing)
        let directory = FileManager.default.temporaryDirectory.path
        let error = workloadError { _ = try WorkloadCSV.loadLengths(path: directory) }
        #expect(error == .unreadableFile(path: directory, reason: "it is a directory"))
        #expect(error?.description.hasPrefix(directory) == true)
    }

    @Test func loadParsesAFileAndWrapsItsErrorsWithThePath() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("workload-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data((Self.counts + "0,0,2\n1,3,5\n").utf8).write(to: url)
        #expect(try WorkloadCSV.loadArrivalCounts(path: url.path) == [2, 5])

        try Data((Self.trace + "1,2,3\n2,x,3\n").utf8).write(to: url)
        let error = try #require(workloadError { _ = try WorkloadCSV.loadTrace(path: url.path) })
        guard case .inFile(let path, let inner) = error else {
            Issue.record("expected inFile, got \(error)")
            return
        }
        #expect(path == url.path)
        #expect(inner.line == 3)
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("\(url.path): line 3, column 'input_tokens'"))
    }
}
