/// Why a Helix `.ini` file (cluster, machine profiles, placement solution) could not be read, or a
/// cluster or plan cannot be written as one. Every case names the file and, where there is one,
/// the line, section or key.
public enum HelixIniError: LayerFlowError, Hashable {
    /// A line that is neither a section header, a `key = value` pair, a comment nor blank.
    case syntax(file: String, line: Int, message: String)
    case missingSection(file: String, section: String)
    case missingKey(file: String, section: String, key: String)
    /// A value that does not evaluate, or evaluates to something unusable here.
    case invalidValue(file: String, line: Int, key: String, value: String, expected: String)
    /// Sections that disagree with each other (adjacency lists, link sections, node counts).
    case inconsistent(file: String, line: Int?, message: String)
    /// A node whose machine type has no profile, or no throughput table in the table source.
    case unknownMachineType(file: String, line: Int, type: String, known: [String])
    /// A solution that names a node the cluster does not have.
    case unknownNode(file: String, name: String, nodeCount: Int)
    /// Something a cluster or plan has that Helix's files cannot say.
    case notExpressible(String)

    public var description: String {
        switch self {
        case let .syntax(file, line, message): return "\(file):\(line): \(message)"
        case let .missingSection(file, section): return "\(file): section [\(section)] is missing"
        case let .missingKey(file, section, key): return "\(file): [\(section)] has no '\(key)'"
        case let .invalidValue(file, line, key, value, expected):
            // A hostile value can be megabytes long: quote its start only.
            let shown = value.count > 80 ? value.prefix(60) + "… (\(value.count) characters)" : value
            return "\(file):\(line): \(key) = \(shown): expected \(expected)"
        case let .inconsistent(file, line, message):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
        case let .unknownMachineType(file, line, type, known):
            return "\(file):\(line): machine type '\(type)' is unknown here; known: \(known.joined(separator: ", "))"
        case let .unknownNode(file, name, nodeCount):
            return "\(file): '\(name)' is not one of the cluster's \(nodeCount) compute nodes"
        case let .notExpressible(message): return "cannot write as Helix files: \(message)"
        }
    }
}

extension HelixIniError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind { .invalidInput }
}
