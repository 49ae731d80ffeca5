import LayerFlow
import Testing

/// Helix's `.ini` values are evaluated without `eval`, and malformed files fail naming the line.
struct HelixIniParsingTests {
    func value(_ text: String) throws -> Double {
        try HelixIniExpression.evaluate(text, file: "f.ini", line: 3, key: "k")
    }

    @Test func unitExpressionsEvaluateAsHelixDoes() throws {
        #expect(try value("1000 * mbps") == 1e9)
        #expect(try value("10 * gbps") == 1e10)
        #expect(try value("1 * MilliSec") == 0.001)
        #expect(try value("24000.0 * MB") == 24e9)
        #expect(try value("24 * GB") == 24e9)
        #expect(try value("-1") == -1)
        #expect(try value("2 * (1 * gbps + 500 * mbps)") == 3e9)
        #expect(try value("1e3 * kbps / 2") == 5e5)
        #expect(try value("  7  ") == 7)
    }

    @Test func anythingElseIsRefusedNamingTheLine() throws {
        for bad in ["__import__('os')", "1 * tbps", "1 *", "(1 + 2", "1 / 0", "1 2", ""] {
            let error = try #require(throws: HelixIniError.self) { try value(bad) }
            guard case let .invalidValue(file, line, key, text, _) = error else {
                Issue.record("unexpected \(error)")
                continue
            }
            #expect(file == "f.ini" && line == 3 && key == "k" && text == bad)
        }
    }

    @Test func listsAreIntegersAndQuotedNames() throws {
        #expect(try HelixIniList.parse("['source', 0, 12, 'sink']", file: "f", line: 1, key: "k")
            == [.string("source"), .integer(0), .integer(12), .string("sink")])
        #expect(try HelixIniList.parse("[]", file: "f", line: 1, key: "k").isEmpty)
        #expect(throws: HelixIniError.self) { try HelixIniList.parse("[1, two]", file: "f", line: 1, key: "k") }
        #expect(throws: HelixIniError.self) { try HelixIniList.parse("1, 2", file: "f", line: 1, key: "k") }
    }

    @Test func documentsReportTheirSyntaxErrors() throws {
        let document = try HelixIniDocument.parse("# c\n[A]\nKey = 1 * GB\n; c\n[B]\nx: 2\n", file: "d.ini")
        #expect(document.sections.map(\.name) == ["A", "B"])
        #expect(try document.number("key", in: document.requireSection("A")) == 1e9)
        #expect(document.section("B")?["x"]?.line == 6)
        #expect(throws: HelixIniError.syntax(file: "d.ini", line: 1, message: "'x' comes before any [section]")) {
            try HelixIniDocument.parse("x = 1\n", file: "d.ini")
        }
        #expect(throws: HelixIniError.syntax(file: "d.ini", line: 3, message: "section [A] appears twice")) {
            try HelixIniDocument.parse("[A]\n\n[A]\n", file: "d.ini")
        }
        #expect(throws: HelixIniError.missingSection(file: "d.ini", section: "C")) {
            try document.requireSection("C")
        }
    }

    @Test func topologyNeedsALinkSectionForEveryListedLink() throws {
        let text = """
            [NodeNames]
            total_compute_nodes=2
            [SourceNode]
            connected_nodes=[0]
            [SinkNode]
            connected_nodes=[1]
            [ComputeNode-0]
            type=T4
            connected_nodes=['source', 1]
            [ComputeNode-1]
            type=T4
            connected_nodes=[0, 'sink']
            [Link-source-0]
            bandwidth=1 * gbps
            latency=1 * MilliSec
            [Link-0-1]
            bandwidth=100 * mbps
            latency=2 * MilliSec
            [Link-1-sink]
            bandwidth=1 * gbps
            latency=1 * MilliSec
            """
        let topology = try HelixIniTopology.parse(text, file: "c.ini")
        #expect(topology.nodeTypes == ["T4", "T4"])
        #expect(topology.links.map { "\($0.from)>\($0.to)" } == ["source>0", "0>1", "1>0", "1>sink"])
        #expect(topology.links.first { $0.from == .node(1) && $0.to == .node(0) }?.bandwidthBitsPerSecond == 1e8)
        let renamed = text.replacingOccurrences(of: "[Link-source-0]", with: "[Link-source-1]")
        let missing = try #require(throws: HelixIniError.self) { try HelixIniTopology.parse(renamed, file: "c.ini") }
        #expect(missing == .inconsistent(file: "c.ini", line: 4, message: "no [Link-source-0] section for the link source→0"))
        let inconsistent = text.replacingOccurrences(of: "connected_nodes=[0, 'sink']", with: "connected_nodes=[0]")
        let error = try #require(throws: HelixIniError.self) { try HelixIniTopology.parse(inconsistent, file: "c.ini") }
        #expect(error.description.contains("[SinkNode] is fed by [1] but 'sink' is listed by nodes []"))
    }

    @Test func solutionsMustHoldContiguousLayers() throws {
        let solution = try HelixIniSolution.parse("[Settings]\noffset=2\n[Solution]\ncompute_node_2=[3, 4, 5]\ncompute_node_3=[]\n", file: "s.ini")
        #expect(solution.ranges == [0: LayerRange(3, 6)])
        #expect(throws: HelixIniError.invalidValue(
            file: "s.ini", line: 4, key: "compute_node_2", value: "[3, 5]", expected: "a contiguous run of distinct layers")) {
            try HelixIniSolution.parse("[Settings]\noffset=2\n[Solution]\ncompute_node_2=[3, 5]\n", file: "s.ini")
        }
        #expect(throws: HelixIniError.self) {
            try HelixIniSolution.parse("[Settings]\noffset=2\n[Solution]\ncompute_node_1=[0]\n", file: "s.ini")
        }
    }
}
