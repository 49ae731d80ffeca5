import ArgumentParser
import LayerFlow

/// `--fail`, `--join`, `--derate`, `--derate-link`: the cluster edits `layerflow replan` applies,
/// in that order.
struct ClusterChangeOptions: ParsableArguments {
    @Option(name: .customLong("fail"), help: ArgumentHelp("A node that failed (repeatable).", valueName: "node"))
    var failed: [String] = []

    @Option(name: .customLong("join"), help: ArgumentHelp(
        "A new node of one of the cluster's GPU types, wired like a node of that type (and region) (repeatable).",
        valueName: "type[@region]"))
    var joined: [String] = []

    @Option(name: .customLong("derate"), help: ArgumentHelp("A node running at FACTOR of its speed, 0 < FACTOR ≤ 1 (repeatable).", valueName: "node=factor"))
    var deratedNodes: [String] = []

    @Option(name: .customLong("derate-link"), help: ArgumentHelp(
        "The links between A and B (either may be 'coordinator') at FACTOR of their bandwidth (repeatable).", valueName: "a-b=factor"))
    var deratedLinks: [String] = []

    /// One line a change, for the report.
    var descriptions: [String] {
        failed.map { "failed \($0)" } + joined.map { "joined a \($0)" } + deratedNodes.map { "derated \($0)" }
            + deratedLinks.map { "derated link \($0)" }
    }

    /// `cluster` with every change applied.
    /// - Throws: `ReplanError` naming the option and the unknown node, link or type, or the bad factor.
    func apply(to cluster: Cluster) throws -> Cluster {
        var edited = try cluster.removingNodes(failed, field: "--fail")
        for (index, text) in joined.enumerated() {
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            let type = parts.first ?? ""
            edited = try edited.addingNode(
                id: freshID(type: type, index: index, in: edited), type: type, region: parts.count > 1 ? parts[1] : nil,
                field: "--join \(text)")
        }
        for text in deratedNodes {
            let (node, factor) = try Self.assignment(text, option: "--derate")
            edited = try edited.deratingNode(node, factor: factor, field: "--derate \(text)")
        }
        for text in deratedLinks {
            let (ends, factor) = try Self.assignment(text, option: "--derate-link")
            let (a, b) = try Self.linkEnds(ends, in: edited, option: "--derate-link \(text)")
            edited = try edited.deratingLink(between: a, and: b, bandwidthFactor: factor, field: "--derate-link \(text)")
        }
        return edited
    }

    /// `joined-<type>-<i>`, the first such id the cluster does not have.
    private func freshID(type: String, index: Int, in cluster: Cluster) -> String {
        var number = index
        while cluster.nodeIndex(of: "joined-\(type)-\(number)") != nil { number += 1 }
        return "joined-\(type)-\(number)"
    }

    /// `NAME=FACTOR`, split at the last `=`.
    static func assignment(_ text: String, option: String) throws -> (String, Double) {
        guard let equals = text.lastIndex(of: "="), let factor = Double(text[text.index(after: equals)...]) else {
            throw CommandError.usage("\(option) \(DisplayText.quoted(text)): expected NAME=FACTOR, e.g. node-3=0.5")
        }
        return (String(text[..<equals]), factor)
    }

    /// `A-B` where ids may themselves contain '-': the one split whose two sides are endpoints.
    static func linkEnds(_ text: String, in cluster: Cluster, option: String) throws -> (String, String) {
        func known(_ id: Substring) -> Bool { id == Endpoint.coordinatorID || cluster.nodeIndex(of: String(id)) != nil }
        let splits = text.indices.filter { text[$0] == "-" && known(text[..<$0]) && known(text[text.index(after: $0)...]) }
        guard splits.count == 1, let split = splits.first else {
            throw CommandError.usage(splits.isEmpty
                ? "\(option): \(DisplayText.quoted(text)) is not two endpoints of the cluster joined by '-'"
                : "\(option): \(DisplayText.quoted(text)) splits into endpoints in several ways")
        }
        return (String(text[..<split]), String(text[text.index(after: split)...]))
    }
}
