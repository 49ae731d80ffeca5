import Foundation
import LayerFlow
import LayerFlowSimulator
import LayerFlowTestSupport
import Testing

/// Plans and workloads the simulator tests share.
enum SimulatorFixtures {
    static let examplesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples")

    static let simDataDirectory = SharedData.directory.appendingPathComponent("sim-data")

    static var simDataAvailable: Bool {
        FileManager.default.fileExists(atPath: simDataDirectory.appendingPathComponent("helix-simulator-results.json").path)
    }

    static let simDataUnavailable: Comment = "../shared/sim-data is not beside the package (Helix's simulator results and inputs)"

    /// The bundled single24 cluster, which carries Helix's serving profiles.
    static func single24() throws -> Cluster {
        let data = try Data(contentsOf: examplesDirectory.appendingPathComponent("helix-single24-llama70b.json"))
        return try NativeClusterFormat.decode(data)
    }

    /// The 24-stage stage-aligned plan of single24: every T4 holds 2 layers, every L4 3, every
    /// A100 8, in that order along the layer axis (the max-flow optimum, 2,045.64 tokens/s).
    static func stageAligned24(_ cluster: Cluster) -> Placement {
        var placement = Placement()
        var next = 0
        for (type, layers) in [("T4", 2), ("L4", 3), ("A100", 8)] {
            for node in cluster.nodes where node.type == type {
                placement.ranges[node.id] = LayerRange(next, next + layers)
                next += layers
            }
        }
        return placement
    }

    /// Seeded synthetic lengths in the range of Azure conversations (for runs on bundled data).
    static func syntheticShapes(count: Int, seed: UInt64) -> [RequestShape] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            RequestShape(inputTokens: Int.random(in: 16...2000, using: &generator), outputTokens: Int.random(in: 8...400, using: &generator))
        }
    }

    /// Helix's placements from the results file, by name.
    static func helixPlacement(_ name: String) throws -> Placement {
        let results = try helixResults()
        let placements = try #require(results["placements"] as? [String: Any])
        let entry = try #require(placements[name] as? [String: Any])
        let ranges = try #require(entry["placement"] as? [String: [Int]])
        var placement = Placement()
        for (node, range) in ranges where range[1] > range[0] { placement.ranges[node] = LayerRange(range[0], range[1]) }
        return placement
    }

    static func helixResults() throws -> [String: Any] {
        let data = try Data(contentsOf: simDataDirectory.appendingPathComponent("helix-simulator-results.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// One of Helix's recorded figures, e.g. `helixFigure("offline", "helix-milp", "avgDecodeSpeedTokensPerSecond")`.
    static func helixFigure(_ mode: String, _ placement: String, _ key: String, _ sub: String? = nil) throws -> Double {
        let results = try #require(try helixResults()["results"] as? [String: Any])
        let byPlacement = try #require(results[mode] as? [String: Any])
        let figures = try #require(byPlacement[placement] as? [String: Any])
        if let sub {
            let nested = try #require(figures[key] as? [String: Any])
            return try #require(nested[sub] as? Double)
        }
        return try #require(figures[key] as? Double)
    }

    static func helixOfflineWorkload() throws -> Workload {
        let shapes = try WorkloadCSV.loadLengths(path: simDataDirectory.appendingPathComponent("example_offline_length_sequence_seed0.csv").path)
        return .offline(OfflineWorkload(lengths: .sequence(shapes)))
    }

    /// Helix's online trace, shifted so its start (20 s, the MILP plan's load time) is serving start.
    static func helixOnlineWorkload() throws -> Workload {
        let arrivals = try WorkloadCSV.loadTrace(path: simDataDirectory.appendingPathComponent("example_online_trace_700tps_seed0.csv").path)
        return .online(OnlineWorkload(arrivals: arrivals.map { Arrival(timeSeconds: $0.timeSeconds - 20, shape: $0.shape) }))
    }
}
