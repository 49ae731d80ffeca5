import Foundation
import LayerFlow
import Testing

/// Node ids are user text: exports carry them escaped where only a comment holds them, and refuse
/// them, naming the id, where the format has no way to quote them.
struct HostileNodeIDTests {
    /// A newline to end a comment, a section header and a shell command after it, a terminal
    /// escape sequence, and a right-to-left override.
    static let hostile = "n0\n[SourceNode]\nrm -rf / #\u{1B}[31mRED\u{202E}"
    static let escaped = #"n0\n[SourceNode]\nrm -rf / #\u{1B}[31mRED\u{202E}"#

    /// Nodes `ids` of one GPU type "T4", complete mesh.
    static func cluster(_ ids: [String] = [hostile, "n1"]) throws -> Cluster {
        let type = GPUType(
            name: "T4", vramBytes: 16e9, nicInBytesPerSecond: 1e9, nicOutBytesPerSecond: 1e9, maxLayers: 4,
            throughputTokensPerSecondByLayerCount: [100, 100, 100, 100])
        let nodes = ids.map { ComputeNode(id: $0, type: "T4") }
        var links: [Link] = []
        for node in nodes {
            links.append(Link(from: .coordinator, to: .node(node.id), bandwidthBytesPerSecond: 1e9))
            links.append(Link(from: .node(node.id), to: .coordinator, bandwidthBytesPerSecond: 1e9))
            for other in nodes where other.id != node.id {
                links.append(Link(from: .node(node.id), to: .node(other.id), bandwidthBytesPerSecond: 1e9))
            }
        }
        return try Cluster(
            name: "hostile \u{1B}[2J", model: ModelSpec(name: "LLaMA-2-7B", layerCount: 4, parameterBytesPerLayer: 1e9, activationBytesPerToken: 8192, tokenBytes: 2),
            gpuTypes: [type], nodes: nodes, links: links)
    }

    static let placement = ExportTestClusters.placement([hostile: (0, 2), "n1": (2, 4)])

    @Test func displayTextEscapesControlSeparatorAndBidiCharacters() {
        #expect(DisplayText.escaped(Self.hostile) == Self.escaped)
        #expect(DisplayText.escaped("a\tb\r\u{0}\u{7F}\u{85}\u{2028}\u{2066}") == #"a\tb\r\u{0}\u{7F}\u{85}\u{2028}\u{2066}"#)
        #expect(DisplayText.escaped("plain ümlaut/path 😀") == "plain ümlaut/path 😀")
        #expect(DisplayText.quoted("a\nb") == #"'a\nb'"#)
        #expect(!DisplayText.needsEscaping("gpu-A100 (80GB)"))
    }

    @Test func petalsCarriesTheIdEscapedInItsComment() throws {
        let script = try PetalsLayout(cluster: Self.cluster(), placement: Self.placement).script()
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
        // Every line is a comment, blank, the shebang or a run_server command: nothing was injected.
        for line in lines {
            #expect(line.isEmpty || line.hasPrefix("#") || line.hasPrefix("python -m petals.cli.run_server "), "\(line)")
        }
        #expect(script.contains("# node \(Self.escaped) (T4): blocks 0–1"))
        #expect(!script.contains("\u{1B}"))
    }

    @Test func helixIniCarriesTheIdEscapedAndAddsNoSection() throws {
        let files = try HelixIniExport.files(cluster: Self.cluster(), placement: Self.placement)
        let cluster = files.cluster.split(separator: "\n")
        #expect(cluster.filter { $0 == "[SourceNode]" }.count == 1)
        #expect(cluster.contains { $0 == "# ComputeNode-0 = LayerFlow node '\(Self.escaped)'" })
        #expect(!files.cluster.contains("\u{1B}"), "the cluster name is escaped too")
        #expect(files.nodeIDs == [Self.hostile, "n1"])
    }

    @Test func helixIniRefusesAGPUTypeNameWithControlCharacters() throws {
        let base = try ExportTestClusters.cluster(layers: 2, capacities: [("a", 100)])
        var type = base.gpuTypes[0]
        type.name = "A100\u{1B}[0m"
        let cluster = try Cluster(
            name: "x", model: base.model, gpuTypes: [type], nodes: [ComputeNode(id: "a", type: type.name)], links: base.links)
        let error = try #require(throws: HelixIniError.self) { try HelixIniExport.files(cluster: cluster) }
        #expect(error.description.contains(#"'A100\u{1B}[0m' cannot be a Helix machine-profile section"#), "\(error)")
    }

    @Test(arguments: [hostile, "node 1", "tab\tbed", "bidi\u{202E}"])
    func vllmRefusesIdsItsNodeListsCannotCarry(id: String) throws {
        let cluster = try Self.cluster([id, "n1"])
        let error = try #require(throws: ExportError.self) {
            try VLLMLayout(cluster: cluster, placement: ExportTestClusters.placement([id: (0, 2), "n1": (2, 4)]))
        }
        #expect(error == .unrepresentableNodeID(id: id, format: "vLLM", reason: error.reason))
        #expect(error.description.hasPrefix("node id \(DisplayText.quoted(id)) cannot be written in the vLLM export"))
        #expect(!error.description.contains("\n") && !error.description.contains("\u{1B}"))
    }

    @Test func vllmQuotesWhatAShellStringWouldInterpret() throws {
        let id = "a$b`c\"d\\e"
        let cluster = try Self.cluster([id, "n1"])
        let script = try VLLMLayout(cluster: cluster, placement: ExportTestClusters.placement([id: (0, 2), "n1": (2, 4)])).script()
        #expect(script.contains(#"PIPELINE_0_NODES="a\$b\`c\"d\\e n1""#))
    }

    @Test func svgTextHoldsNoControlCharacters() throws {
        let svg = try PlanPicture(cluster: Self.cluster(), placement: Self.placement, rule: .strict).svg()
        #expect(!svg.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(svg.contains("n0\\n[SourceNode]"))
    }

    @Test func errorDescriptionsQuoteIdsEscaped() {
        #expect(PlacementError.unknownNode(id: Self.hostile).description == "placement: no node with id '\(Self.escaped)' in the cluster")
        #expect(ClusterError.duplicateNodeID(id: "a\nb").description == #"nodes: node id 'a\nb' is used twice"#)
        #expect(FormatError.malformedJSON(field: "nodes[0].id", message: "found \"\u{1B}[2J\"").description == #"nodes[0].id: found "\u{1B}[2J""#)
    }
}

private extension ExportError {
    var reason: String {
        if case let .unrepresentableNodeID(_, _, reason) = self { return reason }
        return ""
    }
}
