/// The topology of a Helix cluster file (`single24.ini`, `cluster10.ini`, a pruned cluster):
/// compute nodes with their machine types and the directed links between them, the source and
/// the sink, with bandwidth (bits per second, as written) and latency (seconds).
///
/// Helix's file lists, per node, the nodes it sends to (`connected_nodes` of `[ComputeNode-i]`,
/// with `'source'`/`'sink'`), and the nodes the source feeds (`[SourceNode]`); each `[Link-a-b]`
/// section gives the bandwidth and latency of the undirected pair a–b (or of `source`→b, a→`sink`).
package struct HelixIniTopology: Sendable, Hashable {
    /// A directed link as Helix numbers its ends.
    package struct Link: Sendable, Hashable {
        package var from: HelixInstance.LinkEnd
        package var to: HelixInstance.LinkEnd
        /// As written in the file (`1000 * mbps` → 1e9).
        package var bandwidthBitsPerSecond: Double
        package var latencySeconds: Double
    }

    /// Machine type of each compute node, by Helix index (`ComputeNode-<index>`).
    package var nodeTypes: [String]
    /// Line of each node's `type` entry, for error messages.
    package var nodeTypeLines: [Int]
    /// Directed links in Helix's order: source links in `[SourceNode]` order, then each node's
    /// `connected_nodes` in order (node links and its sink link).
    package var links: [Link]
    /// The file name used in error messages.
    package var file: String

    /// Reads a cluster file's text.
    /// - Throws: `HelixIniError` naming the line, section or key.
    /// - Complexity: O(file size + links).
    package static func parse(_ text: String, file: String) throws -> HelixIniTopology {
        let document = try HelixIniDocument.parse(text, file: file)
        let names = try document.requireSection("NodeNames")
        let totalEntry = try document.requireEntry("total_compute_nodes", in: names)
        let total = try document.number("total_compute_nodes", in: names)
        guard let nodeCount = Int(exactly: total), nodeCount >= 1 else {
            throw HelixIniError.invalidValue(
                file: file, line: totalEntry.line, key: totalEntry.key, value: totalEntry.value, expected: "an integer >= 1")
        }
        func nodeIndex(_ element: HelixIniList.Element, entry: HelixIniDocument.Entry) throws -> Int {
            guard case .integer(let index) = element, (0..<nodeCount).contains(index) else {
                throw HelixIniError.invalidValue(
                    file: file, line: entry.line, key: entry.key, value: entry.value,
                    expected: "compute node indices 0..<\(nodeCount)")
            }
            return index
        }
        let linkTable = try HelixIniLinkTable(document: document, nodeCount: nodeCount)

        let sourceSection = try document.requireSection("SourceNode")
        let sourceEntry = try document.requireEntry("connected_nodes", in: sourceSection)
        let sourceTargets = try HelixIniList.parse(sourceEntry.value, file: file, line: sourceEntry.line, key: sourceEntry.key)
            .map { try nodeIndex($0, entry: sourceEntry) }
        let sinkSection = try document.requireSection("SinkNode")
        let sinkEntry = try document.requireEntry("connected_nodes", in: sinkSection)
        let sinkSources = Set(try HelixIniList.parse(sinkEntry.value, file: file, line: sinkEntry.line, key: sinkEntry.key)
            .map { try nodeIndex($0, entry: sinkEntry) })

        var links: [Link] = []
        for index in sourceTargets {
            links.append(try linkTable.link(from: .source, to: .node(index), line: sourceEntry.line))
        }
        var nodeTypes: [String] = []
        var nodeTypeLines: [Int] = []
        var listsSource = Set<Int>()
        var listsSink = Set<Int>()
        for index in 0..<nodeCount {
            let section = try document.requireSection("ComputeNode-\(index)")
            let type = try document.requireEntry("type", in: section)
            nodeTypes.append(type.value.helixTrimmed.helixUnquoted)
            nodeTypeLines.append(type.line)
            let connected = try document.requireEntry("connected_nodes", in: section)
            for element in try HelixIniList.parse(connected.value, file: file, line: connected.line, key: connected.key) {
                switch element {
                case .string("source"):
                    listsSource.insert(index)
                case .string("sink"):
                    listsSink.insert(index)
                    links.append(try linkTable.link(from: .node(index), to: .sink, line: connected.line))
                case .integer(let target) where (0..<nodeCount).contains(target) && target != index:
                    links.append(try linkTable.link(from: .node(index), to: .node(target), line: connected.line))
                default:
                    throw HelixIniError.invalidValue(
                        file: file, line: connected.line, key: connected.key, value: connected.value,
                        expected: "'source', 'sink' or other compute nodes' indices 0..<\(nodeCount)")
                }
            }
        }
        if listsSource != Set(sourceTargets) {
            throw HelixIniError.inconsistent(
                file: file, line: sourceEntry.line,
                message: "[SourceNode] connects to \(Set(sourceTargets).sorted()) but 'source' is listed by nodes \(listsSource.sorted())")
        }
        if listsSink != sinkSources {
            throw HelixIniError.inconsistent(
                file: file, line: sinkEntry.line,
                message: "[SinkNode] is fed by \(sinkSources.sorted()) but 'sink' is listed by nodes \(listsSink.sorted())")
        }
        return HelixIniTopology(nodeTypes: nodeTypes, nodeTypeLines: nodeTypeLines, links: links, file: file)
    }

    /// Reads a cluster file.
    /// - Throws: `FormatError.unreadableFile`, `HelixIniError`.
    package static func load(path: String) throws -> HelixIniTopology {
        try parse(try HelixIniText.read(path: path), file: path)
    }
}

/// The `[Link-a-b]` sections of a cluster file, by their (unordered, for node pairs) ends.
struct HelixIniLinkTable {
    struct Figures {
        var bandwidthBitsPerSecond: Double
        var latencySeconds: Double
    }

    private var figures: [String: Figures] = [:]
    private let file: String

    init(document: HelixIniDocument, nodeCount: Int) throws {
        file = document.file
        for section in document.sections where section.name.hasPrefix("Link-") {
            let parts = section.name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            func end(_ text: String, allowed: String) -> String? {
                if text == allowed { return text }
                guard let index = Int(text), (0..<nodeCount).contains(index) else { return nil }
                return String(index)
            }
            guard parts.count == 3, let from = end(parts[1], allowed: "source"), let to = end(parts[2], allowed: "sink"),
                  from != to
            else {
                throw HelixIniError.syntax(
                    file: file, line: section.line,
                    message: "link section [\(section.name)] must be [Link-<a>-<b>] with a = source or a node index, b = sink or a node index")
            }
            let key = Self.key(from, to)
            guard figures[key] == nil else {
                throw HelixIniError.inconsistent(file: file, line: section.line, message: "a second section for link \(from)–\(to)")
            }
            let bandwidth = try document.number("bandwidth", in: section)
            let latency = try document.number("latency", in: section)
            figures[key] = Figures(bandwidthBitsPerSecond: bandwidth, latencySeconds: latency)
        }
    }

    /// Node pairs are undirected (`Link-3-7` serves 3→7 and 7→3); source and sink links are not.
    private static func key(_ from: String, _ to: String) -> String {
        if let a = Int(from), let b = Int(to) { return "\(min(a, b))-\(max(a, b))" }
        return "\(from)-\(to)"
    }

    func link(from: HelixInstance.LinkEnd, to: HelixInstance.LinkEnd, line: Int) throws -> HelixIniTopology.Link {
        let key = Self.key(from.description, to.description)
        guard let figures = figures[key] else {
            throw HelixIniError.inconsistent(
                file: file, line: line, message: "no [Link-\(key)] section for the link \(from)→\(to)")
        }
        return HelixIniTopology.Link(
            from: from, to: to, bandwidthBitsPerSecond: figures.bandwidthBitsPerSecond, latencySeconds: figures.latencySeconds)
    }
}

/// Reading text files for the Helix `.ini` readers.
enum HelixIniText {
    static func read(path: String) throws -> String {
        String(decoding: try ClusterFile.readData(path: path), as: UTF8.self)
    }
}

extension String {
    /// Without one pair of surrounding quotes (`"L4"` → `L4`), as Helix's `machine_type="L4"`.
    var helixUnquoted: String {
        guard count >= 2, let first, first == "\"" || first == "'", last == first else { return self }
        return String(dropFirst().dropLast())
    }
}
