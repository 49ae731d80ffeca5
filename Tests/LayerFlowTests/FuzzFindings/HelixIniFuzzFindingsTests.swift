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
            #expect(expected == "at most \(InputLimits.maxExpressionDepth) nested parentheses and signs")
        }
    }

    @Test func nestingUpToTheLimitStillEvaluates() throws {
        let limit = InputLimits.maxExpressionDepth
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
            expected: "at most \(InputLimits.maxExpressionDepth) nested parentheses and signs")) {
            try HelixIniTopology.parse(text, file: "cluster.ini")
        }
    }
}

/// Large `.ini` files that took minutes to read: duplicate keys were looked up linearly within a
/// section, and a topology looked each node's section up linearly among all sections.
struct HelixIniScaleFindingsTests {
    /// Found while sizing the fuzz targets' inputs: `[NodeNames]` with 50,000 keys (440 kB) took
    /// 93 s in a debug build before it failed.
    @Test func manyKeysInOneSectionReadInLinearTime() throws {
        let keys = (0..<20_000).map { "k\($0) = 1" }.joined(separator: "\n")
        let document = try HelixIniDocument.parse("[Big]\n" + keys + "\n", file: "big.ini")
        #expect(document.sections.first?.entries.count == 20_000)
        #expect(document.section("Big")?["k19999"]?.value == "1")
        // A repeated key is still found, at its line.
        #expect(throws: HelixIniError.syntax(file: "big.ini", line: 20_002, message: "key 'k7' appears twice in [Big]")) {
            try HelixIniDocument.parse("[Big]\n" + keys + "\nK7 = 2\n", file: "big.ini")
        }
        // Keys are per section.
        #expect(try HelixIniDocument.parse("[A]\nk = 1\n[B]\nk = 2\n", file: "f.ini").section("B")?["k"]?.value == "2")
    }

    /// A 10,000-node topology (1.5 MB) took 24 s in a debug build, most of it finding sections.
    @Test func aLargeTopologyReadsInLinearTime() throws {
        let nodes = 5_000
        var lines = [
            "[NodeNames]", "total_compute_nodes = \(nodes)",
            "[SourceNode]", "connected_nodes = [\((0..<nodes).map(String.init).joined(separator: ", "))]",
            "[SinkNode]", "connected_nodes = [\((0..<nodes).map(String.init).joined(separator: ", "))]",
        ]
        for node in 0..<nodes {
            lines += [
                "[ComputeNode-\(node)]", "type = T4", "connected_nodes = ['source', 'sink']",
                "[Link-source-\(node)]", "bandwidth = 1 * gbps", "latency = 1 * MilliSec",
                "[Link-\(node)-sink]", "bandwidth = 1 * gbps", "latency = 1 * MilliSec",
            ]
        }
        let topology = try HelixIniTopology.parse(lines.joined(separator: "\n"), file: "cluster.ini")
        #expect(topology.nodeTypes.count == nodes)
        #expect(topology.links.count == 2 * nodes)
    }
}
