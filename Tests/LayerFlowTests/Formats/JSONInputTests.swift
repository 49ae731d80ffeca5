import Foundation
@testable import LayerFlow
import LayerFlowTestSupport
import Testing

/// The strict JSON reader: every error names its field path and what was expected; duplicate keys
/// and out-of-range numbers are refused; what Foundation decodes, it decodes the same.
struct JSONInputTests {
    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/helix-single24-llama70b.json")

    static func exampleText() throws -> String {
        String(decoding: try Data(contentsOf: example), as: UTF8.self)
    }

    /// The example with its first `find` replaced by `replace`.
    static func example(replacing find: String, with replace: String) throws -> Data {
        let text = try exampleText()
        let range = try #require(text.range(of: find), "the example has no \(find)")
        return Data(text.replacingCharacters(in: range, with: replace).utf8)
    }

    func error(_ data: Data) throws -> FormatError {
        try #require(throws: FormatError.self) { try ClusterFile.decode(data) }
    }

    // MARK: Types and ranges name the field

    @Test(arguments: [
        ("80.5", "model.layerCount: expected an integer (Int), found 80.5"),
        ("1e30", "model.layerCount: expected an integer (Int) in"),
        ("1e400", "model.layerCount: the number 1e400 is out of range"),
        ("\"80\"", "model.layerCount: expected an integer (Int), found the string \"80\""),
        ("null", "model.layerCount: expected an integer (Int), found null"),
        ("[80]", "model.layerCount: expected an integer (Int), found an array"),
        ("true", "model.layerCount: expected an integer (Int), found true"),
    ])
    func layerCountOfTheWrongKind(value: String, message: String) throws {
        let error = try error(try Self.example(replacing: "\"layerCount\" : 80", with: "\"layerCount\" : \(value)"))
        #expect(error.description.hasPrefix(message), "\(error)")
    }

    @Test func integersWrittenAsWholeFloatsAreAccepted() throws {
        let data = try Self.example(replacing: "\"layerCount\" : 80", with: "\"layerCount\" : 8.0e1")
        #expect(try ClusterFile.decode(data).cluster.model.layerCount == 80)
    }

    @Test func aNumberTooLargeForADoubleNamesItsField() throws {
        let data = try Self.example(replacing: "\"bandwidthBytesPerSecond\" : 125000000", with: "\"bandwidthBytesPerSecond\" : -1e400")
        let error = try error(data)
        #expect(error == .numberOutOfRange(field: "links[0].bandwidthBytesPerSecond", literal: "-1e400"))
    }

    @Test func placementEntriesNameTheNodeAndThePosition() throws {
        let error = try #require(throws: FormatError.self) {
            try PlacementFile.decode(Data(#"{"method": "x", "placement": {"n3": [0.5, 8]}}"#.utf8))
        }
        #expect(error.description.hasPrefix("placement.n3[0]: expected an integer (Int), found 0.5"), "\(error)")
        let short = try #require(throws: FormatError.self) { try PlacementFile.decode(Data(#"{"7": [3]}"#.utf8)) }
        // A numeric node id is a key, not an array position.
        #expect(short.description.hasPrefix("7[1]: expected another element"), "\(short)")
    }

    @Test func aMissingFieldIsNamed() throws {
        let error = try error(try Self.example(replacing: "\"layerCount\" : 80,", with: ""))
        #expect(error == .missingField(field: "model.layerCount"))
    }

    // MARK: Duplicate keys

    @Test func aDuplicateKeyIsAnErrorNamingItsPath() throws {
        let data = try Self.example(replacing: "\"layerCount\" : 80", with: "\"layerCount\" : 80,\n    \"layerCount\" : 40")
        let error = try error(data)
        guard case let .duplicateKey(field, line, firstLine) = error else { Issue.record("\(error)"); return }
        #expect(field == "model.layerCount")
        #expect(line == firstLine + 1)
        #expect(error.description.contains("given twice"))
    }

    @Test func duplicateKeysInsideArraysNameTheElement() throws {
        let text = #"{"nodes": [{"id": "a"}, {"id": "b", "type": "x", "id": "c"}]}"#
        let error = try #require(throws: FormatError.self) { try JSONInput.parse(Data(text.utf8)) }
        #expect(error == .duplicateKey(field: "nodes[1].id", line: 1, firstLine: 1))
        // Equal keys in different objects are fine.
        _ = try JSONInput.parse(Data(#"{"a": {"k": 1}, "b": {"k": 2}, "k": 3}"#.utf8))
    }

    // MARK: Syntax

    @Test(arguments: [
        ("{\"a\": 1,\n \"b\": }", "b: not valid JSON at line 2, column 7: unexpected '}' where a value was expected"),
        ("{\"a\": [1, 2,, 3]}", "a[2]: not valid JSON at line 1, column 13"),
        ("{\"a\": 01}", "a: not valid JSON at line 1, column 8: a number must not start with 0"),
        ("{\"a\": NaN}", "NaN and Infinity are not JSON numbers"),
        ("{\"a\": \"x\ny\"}", "a control character (U+000A) inside a string must be escaped"),
        ("{\"a\": 1} x", "unexpected 'x' after the end of the JSON value"),
        ("{\"a\": \"\\q\"}", "unknown escape"),
        ("{\"a\": \"\\ud800\"}", "half of a surrogate pair"),
        ("{\"a\" 1}", "expected ':' after the key \"a\""),
        ("{\"a\": tru}", "unexpected 't' where a value was expected"),
        ("   ", "the file is empty"),
    ])
    func syntaxErrorsGiveLineColumnAndPath(text: String, message: String) throws {
        let error = try #require(throws: FormatError.self) { try JSONInput.parse(Data(text.utf8)) }
        #expect(error.description.contains(message), "\(error)")
    }

    @Test func deepNestingIsRefusedNotACrash() throws {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(throws: FormatError.self) { try JSONInput.parse(Data(text.utf8)) }
        #expect(error.description.contains("nest deeper than 512 levels"))
        #expect(error.description.count < 300, "the path is shortened")
        _ = try JSONInput.parse(Data((String(repeating: "[", count: 500) + String(repeating: "]", count: 500)).utf8))
    }

    @Test func encodingsOtherThanUTF8AreRefusedAndABOMIsSkipped() throws {
        let utf16 = try #require("{\"a\": 1}".data(using: .utf16))
        let error = try #require(throws: FormatError.self) { try JSONInput.parse(utf16) }
        #expect(error.description.contains("UTF-16"))
        let invalid = Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D])  // {"a":"\xC3("}
        let bad = try #require(throws: FormatError.self) { try JSONInput.parse(invalid) }
        #expect(bad.description.contains("not valid UTF-8"))
        let bom = Data([0xEF, 0xBB, 0xBF]) + (try Data(contentsOf: Self.example))
        #expect(try ClusterFile.decode(bom).cluster.nodes.count == 24)
    }

    @Test func stringsDecodeEscapesAndSurrogatePairs() throws {
        struct S: Decodable { var s: String }
        let value = try JSONInput.decode(S.self, from: Data(#"{"s": "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00é"}"#.utf8))
        #expect(value.s == "a\"\\/\u{8}\u{C}\n\r\té😀é")
    }

    @Test func largeIntegersDecodeExactly() throws {
        struct S: Decodable { var seed: UInt64; var negative: Int64 }
        let value = try JSONInput.decode(S.self, from: Data(#"{"seed": 18446744073709551615, "negative": -9223372036854775808}"#.utf8))
        #expect(value.seed == .max)
        #expect(value.negative == .min)
        let error = try #require(throws: FormatError.self) {
            try JSONInput.decode(S.self, from: Data(#"{"seed": -1, "negative": 0}"#.utf8))
        }
        #expect(error.description.hasPrefix("seed: expected an integer (UInt64) in 0...18446744073709551615, found -1"), "\(error)")
    }

    // MARK: Same results as Foundation

    @Test func theBundledExamplesDecodeAsJSONDecoderDecodesThem() throws {
        for name in ["helix-single24-llama70b.json", "helix-cluster10-llama30b.json"] {
            let data = try Data(contentsOf: Self.example.deletingLastPathComponent().appendingPathComponent(name))
            let ours = try ClusterFile.decode(data).cluster
            let foundation = try JSONDecoder().decode(Cluster.self, from: data)
            #expect(ours == foundation, "\(name)")
        }
    }

    @Test func aPlanRoundTrips() throws {
        let cluster = try ClusterFixtures.small()
        let placement = BaselineMethod.swarm.placement(for: cluster, rule: .strict, seed: 3)
        let evaluation = try cluster.evaluate(placement, rule: .strict)
        var options = PlanOptions()
        options.seed = .max
        let document = PlanDocument(baseline: "swarm", evaluation: evaluation, cluster: cluster, options: options)
        let decoded = try PlanDocument.decode(try document.encoded())
        #expect(decoded.placement == document.placement)
        #expect(decoded.clusterDefinition == cluster)
        #expect(decoded.provenance?.options.seed == .max)
        #expect(try decoded.encoded() == document.encoded())
    }

    // MARK: Linear time

    /// A native cluster of `nodes` nodes and a complete mesh of links: about 110 bytes per link.
    static func meshCluster(nodes: Int) throws -> Data {
        let type = GPUType(
            name: "g", vramBytes: 8e10, nicInBytesPerSecond: 1e10, nicOutBytesPerSecond: 1e10, maxLayers: 2,
            throughputTokensPerSecondByLayerCount: [100, 60])
        let ids = (0..<nodes).map { ComputeNode(id: "node-\($0)", type: "g") }
        var links: [Link] = []
        for a in ids {
            links.append(Link(from: .coordinator, to: .node(a.id), bandwidthBytesPerSecond: 1e9))
            links.append(Link(from: .node(a.id), to: .coordinator, bandwidthBytesPerSecond: 1e9))
            for b in ids where b.id != a.id { links.append(Link(from: .node(a.id), to: .node(b.id), bandwidthBytesPerSecond: 1e9 + 0.5)) }
        }
        let cluster = try Cluster(
            name: "mesh", model: ModelSpec(name: "m", layerCount: 4, parameterBytesPerLayer: 1e9, activationBytesPerToken: 8192, tokenBytes: 2),
            gpuTypes: [type], nodes: ids, links: links)
        return try NativeClusterFormat.encode(cluster)
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// Parsing four times the bytes takes about four times as long (a quadratic step, such as
    /// checking duplicates by scanning, would take sixteen): measured on mesh clusters of
    /// ~0.45 MB and ~1.8 MB, the best of five runs each (the machine may be shared), the ratio
    /// must stay under 10.
    @Test func parsingStaysLinearInTheBytes() throws {
        let small = try Self.meshCluster(nodes: 64)
        let large = try Self.meshCluster(nodes: 128)
        let ratio = Double(large.count) / Double(small.count)
        #expect(ratio > 3.8 && ratio < 4.2)
        func best(_ data: Data) throws -> Double {
            try (0..<5).map { _ in try Self.seconds { _ = try JSONInput.parse(data) } }.min() ?? 0
        }
        let smallTime = try best(small)
        let largeTime = try best(large)
        #expect(largeTime / smallTime < 10, "parse \(small.count) B in \(smallTime) s, \(large.count) B in \(largeTime) s")
        // A wide object (every key checked for duplicates) is linear too.
        func wide(_ count: Int) -> Data {
            Data(("{" + (0..<count).map { "\"key-\($0)\": \($0)" }.joined(separator: ",") + "}").utf8)
        }
        let wideSmall = try best(wide(20_000))
        let wideLarge = try best(wide(80_000))
        #expect(wideLarge / wideSmall < 10, "20k keys in \(wideSmall) s, 80k keys in \(wideLarge) s")
    }
}
