import Foundation
import LayerFlow
import LayerFlowSimulator
import PropertyBased
import Testing

/// The workload readers on random input: valid traces written in every tolerated style come back
/// unchanged (stably sorted), and arbitrary bytes either parse or throw a `WorkloadError` that
/// points at a line of the text.
@Suite("Workload CSV files on random input")
struct WorkloadCSVPropertyTests {
    /// A random trace and its text, written with the options in `style`'s bits: a byte-order mark,
    /// CRLF line ends, trailing blank lines, an extra column, shuffled columns, spaces around
    /// fields, duplicate times.
    struct RandomTrace {
        var arrivals: [Arrival]
        var text: String

        init(seed: UInt64, rows: Int, style: Int) {
            var generator = SeededGenerator(seed: seed)
            func bit(_ index: Int) -> Bool { style & (1 << index) != 0 }
            var arrivals: [Arrival] = []
            for _ in 0..<rows {
                let time: Double
                switch Int.random(in: 0..<8, using: &generator) {
                case 0: time = 0
                case 1: time = Double(Int.random(in: 0...10_000, using: &generator))
                case 2: time = Double.leastNonzeroMagnitude
                case 3: time = Double.random(in: 0...1e300, using: &generator)
                case 4 where bit(6) && !arrivals.isEmpty: time = arrivals.randomElement(using: &generator)!.timeSeconds
                default: time = Double.random(in: 0..<3_600, using: &generator)
                }
                func length() -> Int {
                    Bool.random(using: &generator)
                        ? Int.random(in: 1...4_096, using: &generator) : Int.random(in: 1...Int(Int32.max), using: &generator)
                }
                let input = length()
                arrivals.append(Arrival(timeSeconds: time, shape: RequestShape(inputTokens: input, outputTokens: length())))
            }
            var columns = ["arrival_time_s", "input_tokens", "output_tokens"]
            if bit(3) { columns.append("note") }
            if bit(4) { columns.shuffle(using: &generator) }
            let pad = bit(5) ? " " : ""
            let end = bit(1) ? "\r\n" : "\n"
            var lines = [columns.map { pad + $0 + pad }.joined(separator: ",")]
            for arrival in arrivals {
                lines.append(columns.map { column in
                    let field: String
                    switch column {
                    case "arrival_time_s": field = "\(arrival.timeSeconds)"
                    case "input_tokens": field = "\(arrival.shape.inputTokens)"
                    case "output_tokens": field = "\(arrival.shape.outputTokens)"
                    default: field = "n\(Int.random(in: -5...5, using: &generator))"
                    }
                    return pad + field + pad
                }.joined(separator: ","))
            }
            var text = (bit(0) ? "\u{FEFF}" : "") + lines.joined(separator: end)
            if bit(2) { text += end + end + "  " + end } else if Bool.random(using: &generator) { text += end }
            self.arrivals = arrivals
            self.text = text
        }

        /// The arrivals as the reader must return them: sorted by time, ties in file order.
        var expected: [Arrival] {
            arrivals.enumerated()
                .sorted { ($0.element.timeSeconds, $0.offset) < ($1.element.timeSeconds, $1.offset) }
                .map(\.element)
        }
    }

    @Test func randomTracesRoundTrip() async throws {
        await propertyCheck(count: 500, input: Gen.uint64(), Gen.int(in: 1...60), Gen.int(in: 0...127)) { seed, rows, style in
            let trace = RandomTrace(seed: seed, rows: rows, style: style)
            do {
                let parsed = try WorkloadCSV.parseTrace(trace.text)
                #expect(parsed == trace.expected, "seed \(seed), style \(style)")
                #expect(try WorkloadCSV.parseTrace(Data(trace.text.utf8)) == parsed)
                #expect(try WorkloadCSV.parseLengths(trace.text) == trace.arrivals.map(\.shape), "seed \(seed), style \(style)")
            } catch {
                Issue.record("seed \(seed), style \(style): \(error)\n\(trace.text)")
            }
        }
    }

    @Test func randomCountsRoundTrip() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...Int(Int32.max)).array(of: 1...50), Gen.bool) { counts, crlf in
            let end = crlf ? "\r\n" : "\n"
            let text = (["interval_index,interval_start_s,requests_in_interval"]
                + counts.enumerated().map { "\($0.offset),\(3 * $0.offset),\($0.element)" }).joined(separator: end) + end
            do {
                #expect(try WorkloadCSV.parseArrivalCounts(text) == counts)
            } catch {
                Issue.record("\(error)\n\(text)")
            }
        }
    }

    /// Checks what any parse of `bytes` must satisfy, whatever it returns or throws.
    static func checkAnyOutcome(_ bytes: [UInt8], kind: WorkloadFileKind) {
        let lineCount = bytes.count { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } + 1
        let data = Data(bytes)
        switch kind {
        case .trace:
            do {
                let arrivals = try WorkloadCSV.parseTrace(data)
                #expect(!arrivals.isEmpty)
                #expect(arrivals.allSatisfy { $0.timeSeconds.isFinite && $0.timeSeconds >= 0 })
                #expect(zip(arrivals, arrivals.dropFirst()).allSatisfy { $0.timeSeconds <= $1.timeSeconds })
                #expect(arrivals.allSatisfy { $0.shape.inputTokens > 0 && $0.shape.outputTokens > 0 })
            } catch {
                check(error, lineCount: lineCount)
            }
        case .lengths:
            do {
                let shapes = try WorkloadCSV.parseLengths(data)
                #expect(!shapes.isEmpty && shapes.allSatisfy { $0.inputTokens > 0 && $0.outputTokens > 0 })
            } catch {
                check(error, lineCount: lineCount)
            }
        case .counts:
            do {
                let counts = try WorkloadCSV.parseArrivalCounts(data)
                #expect(!counts.isEmpty && counts.allSatisfy { $0 >= 0 })
            } catch {
                check(error, lineCount: lineCount)
            }
        }
    }

    static func check(_ error: WorkloadError, lineCount: Int) {
        #expect(!error.description.isEmpty)
        if let line = error.line {
            #expect((1...lineCount).contains(line), "\(error) in a text of \(lineCount) lines")
        } else {
            #expect(error == .missingHeader, "\(error)")
        }
    }

    @Test func randomBytesParseOrThrow() async {
        await propertyCheck(count: 1_000, input: Gen.uint8().array(of: 0...300)) { bytes in
            for kind in [WorkloadFileKind.trace, .lengths, .counts] {
                Self.checkAnyOutcome(bytes, kind: kind)
            }
        }
    }

    /// Valid files with a few bytes replaced by, or inserted from, the characters that matter to
    /// the reader: most mutants are nearly valid, which random bytes rarely are.
    @Test func mutatedFilesParseOrThrow() async {
        let alphabet = Array("0123456789.,-+e \t\r\n\u{FEFF}nainfx_".utf8) + [0x00, 0xFF, 0xC3]
        await propertyCheck(count: 1_000, input: Gen.uint64(), Gen.int(in: 1...8), Gen.int(in: 0...127)) { seed, edits, style in
            var generator = SeededGenerator(seed: seed)
            var bytes = Array(RandomTrace(seed: seed, rows: 6, style: style).text.utf8)
            for _ in 0..<edits {
                let index = Int.random(in: 0...bytes.count, using: &generator)
                let byte = alphabet.randomElement(using: &generator)!
                switch Int.random(in: 0..<3, using: &generator) {
                case 0 where index < bytes.count: bytes[index] = byte
                case 1 where index < bytes.count: bytes.remove(at: index)
                default: bytes.insert(byte, at: index)
                }
            }
            for kind in [WorkloadFileKind.trace, .lengths, .counts] {
                Self.checkAnyOutcome(bytes, kind: kind)
            }
        }
    }
}
