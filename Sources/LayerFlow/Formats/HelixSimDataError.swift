/// Why Helix's simulator data files could not be read or attached to a cluster. File errors name
/// the file and, where there is one, the line and column (1-based).
public enum HelixSimDataError: LayerFlowError, Hashable {
    case unreadableFile(path: String, reason: String)
    /// The header lacks a column the importer needs (an empty name: the file has no header).
    case missingColumn(file: String, column: String)
    /// A row with more or fewer fields than the header; `column` is the first missing or extra one.
    case fieldCount(file: String, line: Int, column: Int, expected: Int, found: Int)
    /// A field that is not a number of the expected kind, or not a known phase.
    case invalidValue(file: String, line: Int, column: Int, name: String, value: String, expected: String)
    /// A row whose key (GPU and batch, or GPU and layer count) appears on an earlier line.
    case duplicateRow(file: String, line: Int, column: Int, key: String, firstLine: Int)
    /// Figures that contradict each other, e.g. a changing `max_layers_on_node`, or a KV capacity
    /// that is not `16 × vllm_num_blocks × layers`.
    case inconsistent(file: String, line: Int, column: Int, message: String)
    /// A GPU that one file describes but the other lacks in part (a curve, a layer count).
    case incompleteGPU(file: String, gpu: String, missing: String)
    /// A cluster's GPU type for which the data has no profile.
    case noProfile(gpuType: String, available: [String])
    /// A cluster's GPU type whose `maxLayers` differs from the layer counts the data covers.
    case layerCountMismatch(gpuType: String, maxLayers: Int, profiledLayers: Int)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason): return "\(path): cannot read: \(reason)"
        case let .missingColumn(file, column):
            return column.isEmpty ? "\(file): no header row" : "\(file):1: no column '\(column)'"
        case let .fieldCount(file, line, column, expected, found):
            return "\(file):\(line):\(column): \(found) fields, expected \(expected) as in the header"
        case let .invalidValue(file, line, column, name, value, expected):
            return "\(file):\(line):\(column): \(name) = '\(value)': expected \(expected)"
        case let .duplicateRow(file, line, column, key, firstLine):
            return "\(file):\(line):\(column): \(key) is given again (first on line \(firstLine))"
        case let .inconsistent(file, line, column, message): return "\(file):\(line):\(column): \(message)"
        case let .incompleteGPU(file, gpu, missing): return "\(file): GPU '\(gpu)' has no \(missing)"
        case let .noProfile(gpuType, available):
            return "GPU type '\(gpuType)' has no serving profile in the data; profiled: \(available.joined(separator: ", "))"
        case let .layerCountMismatch(gpuType, maxLayers, profiledLayers):
            return "GPU type '\(gpuType)' holds up to \(maxLayers) layers, but the data covers 1…\(profiledLayers)"
        }
    }
}

extension HelixSimDataError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind {
        if case .unreadableFile = self { return .unreadableFile }
        return .invalidInput
    }
}
