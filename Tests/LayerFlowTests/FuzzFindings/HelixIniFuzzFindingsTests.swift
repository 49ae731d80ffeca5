import LayerFlow
import Testing

/// Inputs that crashed the readers of Helix's `.ini` files (found while fuzzing them; Fuzz/,
/// docs/Reliability.md), and the typed errors they now end in.
struct HelixIniFuzzFindingsTests {
    func value(_ text: String) throws -> Double {
        try HelixIniExpression.evaluate(text, file: "cluster.ini", line: 7, key: "bandwidth")
    }

    /// 100,000 nested parentheses (200 kB on one line) or 200,000 signs overflowed the stack of the
    /// recursive parser (AddressSanitizer: stack-overflow in `Parser.factor`/`peek`).
    @Test func deepNestingIsAnInvalidValueNotAStackOverflow() throws {
        let parentheses = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        let signs = String(repeating: "-", count: 200_000) + "1"
        for text in [parentheses, signs] {
            let error = try #require(throws: HelixIniError.self) { try value(text) }
            guard case let .invalidValue(file, line, key, _, expected) = error else {
                Issue.record("unexpected \(error)")
                continue
            }
            #expect(file == "cluster.ini" && line == 7 && key == "bandwidth")
            #expect(expected == "at most 100 nested parentheses and signs")
        }
    }

    @Test func nestingUpToTheLimitStillEvaluates() throws {
        let limit = HelixIniExpression.maximumNesting
        #expect(try value(String(repeating: "(", count: limit) + "2 * gbps" + String(repeating: ")", count: limit)) == 2e9)
        #expect(try value(String(repeating: "-", count: limit) + "1") == 1)
        #expect(try value("-(" + String(repeating: "(", count: limit - 2) + "1" + String(repeating: ")", count: limit - 2) + ")") == -1)
        #expect(throws: HelixIniError.self) {
            try value(String(repeating: "(", count: limit + 1) + "1" + String(repeating: ")", count: limit + 1))
        }
        // Nesting is depth, not count: many shallow groups are fine.
        #expect(try value(Array(repeating: "(1)", count: 1000).joined(separator: " + ")) == 1000)
    }

    /// The same value in a cluster file names its line and key.
    @Test func aDeepValueInAFileNamesTheLine() throws {
        let text = """
            [NodeNames]
            total_compute_nodes = \(String(repeating: "+", count: 50_000))1
            """
        #expect(throws: HelixIniError.invalidValue(
            file: "cluster.ini", line: 2, key: "total_compute_nodes", value: String(repeating: "+", count: 50_000) + "1",
            expected: "at most 100 nested parentheses and signs")) {
            try HelixIniTopology.parse(text, file: "cluster.ini")
        }
    }
}
