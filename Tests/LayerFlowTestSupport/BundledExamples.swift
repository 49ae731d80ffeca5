import Foundation
import LayerFlow
import Testing

/// The instances bundled in `Examples/` (our native format, figures carried over from Helix's
/// files) with the reference placements beside them, so that the planner, max-flow reference and
/// scheduling tests run on a fresh clone without `../shared`.
public enum BundledExamples {
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples")

    /// A reference placement and the max flow Helix's files record for it (strict contiguity, and
    /// partial inference where the file gives it).
    public struct Reference: Sendable, CustomTestStringConvertible {
        public var instance: String
        public var method: String
        public var maxFlow: Double
        public var maxFlowPartialInference: Double?
        public var testDescription: String { "\(instance) \(method)" }
    }

    /// Every bundled reference; values from `../shared/instances/*.json` (`reference[].maxFlow`).
    public static let references: [Reference] = [
        Reference(instance: "helix-single24-llama70b", method: "helix-milp", maxFlow: 1289.5557702751464),
        Reference(instance: "helix-single24-llama70b", method: "petals", maxFlow: 531.7025845523623,
                  maxFlowPartialInference: 952.1073984850639),
        Reference(instance: "helix-single24-llama70b", method: "swarm", maxFlow: 757.8531857227841,
                  maxFlowPartialInference: 757.8531857227841),
        Reference(instance: "helix-cluster10-llama30b", method: "helix-milp", maxFlow: 286.5874097546421),
    ]

    /// `Examples/NAME.json`.
    public static func cluster(_ name: String) throws -> Cluster {
        try ClusterFile.load(path: directory.appendingPathComponent("\(name).json").path).cluster
    }

    /// `Examples/INSTANCE-METHOD-placement.json`.
    public static func placement(_ reference: Reference) throws -> Placement {
        let url = directory.appendingPathComponent("\(reference.instance)-\(reference.method)-placement.json")
        return try JSONDecoder().decode(Placement.self, from: Data(contentsOf: url))
    }
}
