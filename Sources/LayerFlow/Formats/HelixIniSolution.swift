/// A Helix placement solution (`ilp_sol.ini`, `petals_sol.ini`, ...): `[Settings] offset`, and in
/// `[Solution]` one `compute_node_<k>=[layers]` line per node, where `compute_node_<k>` is the
/// cluster's node `k − offset` (Helix writes offset 2) and the listed layers are contiguous.
package struct HelixIniSolution: Sendable, Hashable {
    /// Helix's node numbering offset (2 in every Helix file).
    package var offset: Int
    /// Half-open layer range of each node that holds layers, by Helix node index.
    package var ranges: [Int: LayerRange]

    package init(offset: Int = 2, ranges: [Int: LayerRange]) {
        self.offset = offset
        self.ranges = ranges
    }

    /// The solution of `placement` on `cluster`, nodes numbered by their position in `cluster.nodes`.
    /// - Throws: `PlacementError.unknownNode` for an id the cluster lacks.
    package init(placement: Placement, cluster: Cluster) throws {
        var ranges: [Int: LayerRange] = [:]
        for (id, range) in placement.ranges {
            guard let index = cluster.nodeIndex(of: id) else { throw PlacementError.unknownNode(id: id) }
            ranges[index] = range
        }
        self.init(offset: 2, ranges: ranges)
    }

    /// Reads a solution file's text.
    /// - Throws: `HelixIniError` naming the line: a name that is not `compute_node_<k>` with
    ///   k ≥ offset, layers that are not a contiguous run of distinct non-negative integers.
    package static func parse(_ text: String, file: String) throws -> HelixIniSolution {
        let document = try HelixIniDocument.parse(text, file: file)
        let settings = try document.requireSection("Settings")
        let offsetEntry = try document.requireEntry("offset", in: settings)
        guard let offset = Int(exactly: try document.number("offset", in: settings)), offset >= 0 else {
            throw HelixIniError.invalidValue(
                file: file, line: offsetEntry.line, key: "offset", value: offsetEntry.value, expected: "an integer >= 0")
        }
        var ranges: [Int: LayerRange] = [:]
        for entry in try document.requireSection("Solution").entries {
            let prefix = "compute_node_"
            guard entry.key.hasPrefix(prefix), let number = Int(entry.key.dropFirst(prefix.count)), number >= offset else {
                throw HelixIniError.invalidValue(
                    file: file, line: entry.line, key: entry.key, value: entry.value,
                    expected: "a key compute_node_<k> with k >= offset \(offset)")
            }
            var layers: [Int] = []
            for element in try HelixIniList.parse(entry.value, file: file, line: entry.line, key: entry.key) {
                guard case .integer(let layer) = element, layer >= 0 else {
                    throw HelixIniError.invalidValue(
                        file: file, line: entry.line, key: entry.key, value: entry.value, expected: "layer indices >= 0")
                }
                layers.append(layer)
            }
            guard let first = layers.min() else { continue }
            guard layers.sorted() == Array(first..<(first + layers.count)) else {
                throw HelixIniError.invalidValue(
                    file: file, line: entry.line, key: entry.key, value: entry.value,
                    expected: "a contiguous run of distinct layers")
            }
            ranges[number - offset] = LayerRange(first, first + layers.count)
        }
        return HelixIniSolution(offset: offset, ranges: ranges)
    }

    /// Reads a solution file.
    /// - Throws: `FormatError.unreadableFile`, `HelixIniError`.
    package static func load(path: String) throws -> HelixIniSolution {
        try parse(try HelixIniText.read(path: path), file: path)
    }

    /// The placement on `cluster`: Helix index i is `cluster.nodes[i]`.
    /// - Throws: `HelixIniError.unknownNode` for an index past the cluster's nodes.
    package func placement(for cluster: Cluster, file: String = "solution") throws -> Placement {
        var result: [String: LayerRange] = [:]
        for (index, range) in ranges {
            guard index < cluster.nodes.count else {
                throw HelixIniError.unknownNode(
                    file: file, name: "compute_node_\(index + offset)", nodeCount: cluster.nodes.count)
            }
            result[cluster.nodes[index].id] = range
        }
        return Placement(result)
    }

    /// The file text: every node `0..<nodeCount` in order, empty lists for nodes holding nothing.
    package func text(nodeCount: Int) -> String {
        var lines = ["[Settings]", "offset=\(offset)", "", "[Solution]"]
        for index in 0..<nodeCount {
            let layers = ranges[index].map { Array($0.start..<$0.end).map(String.init).joined(separator: ", ") } ?? ""
            lines.append("compute_node_\(index + offset)=[\(layers)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
