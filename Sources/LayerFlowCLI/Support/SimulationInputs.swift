import Foundation
import LayerFlow
import LayerFlowSimulator

/// Reading what `layerflow simulate` runs: the plan (a plan file, or a cluster file and a
/// placement), Helix's profiles where asked for, and the workload's files.
enum SimulationInputs {
    /// The plan to simulate and where it came from.
    struct LoadedPlan {
        var plan: SimulationPlan
        /// `plan` or `cluster`: what kind of file PLAN was.
        var kind: String
        /// The cluster's name (or the file name when the cluster has none).
        var name: String
        /// Where the placement came from: PLAN itself or `--placement`.
        var placementSource: String
        /// The plan file's contiguity rule, when it was a plan file.
        var rule: ContiguityRule?
    }

    /// Reads PLAN: a `layerflow-plan/1` file, or a cluster file (native or Helix instance) with
    /// `placementPath`. A placement file given with a plan file replaces the plan's placement.
    /// With `simDataPath`, Helix's serving profiles and KV capacities from that sim-data folder
    /// replace the cluster's GPU types' own.
    /// - Throws: `CommandError` naming the file and what is wrong with it (64: a cluster without a
    ///   placement; 65: bad contents; 66: unreadable).
    static func loadPlan(path: String, placementPath: String?, simDataPath: String?) throws -> LoadedPlan {
        let data = try read(path, what: "PLAN")
        struct Tags: Decodable {
            var format: String?
            var schema: String?
        }
        // Malformed JSON is left to the cluster reader, whose errors name the field.
        let tags = try? JSONDecoder().decode(Tags.self, from: data)
        var cluster: Cluster
        var placement: Placement?
        var rule: ContiguityRule?
        let kind: String
        if tags?.format == PlanDocument.tag {
            let document = try inFile(path) { try PlanDocument.decode(data) }
            cluster = document.clusterDefinition
            placement = document.placement
            rule = document.rule
            kind = "plan"
        } else {
            cluster = try inFile(path) { try ClusterFile.decode(data).cluster }
            kind = "cluster"
        }
        var placementSource = path
        if let placementPath {
            let placementData = try read(placementPath, what: "--placement")
            placement = try inFile(placementPath) { try PlacementFile.decode(placementData) }
            placementSource = placementPath
        }
        guard let placement else {
            throw CommandError.usage(
                "\(path) is a cluster file (it holds no placement): give --placement FILE, a JSON object {\"<node id>\": [start, end], ...}")
        }
        if let simDataPath { cluster = try attachSimData(simDataPath, to: cluster) }
        let name = cluster.name.isEmpty ? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent : cluster.name
        return LoadedPlan(
            plan: SimulationPlan(cluster: cluster, placement: placement), kind: kind, name: name,
            placementSource: placementSource, rule: rule)
    }

    /// `cluster` with the profiles of the sim-data folder at `path` (the model is the prefix of the
    /// folder's only `<model>_layer_time_profiles.csv`).
    static func attachSimData(_ path: String, to cluster: Cluster) throws -> Cluster {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError.unreadable("--sim-data \(path): not a directory (expected Helix's sim-data folder)")
        }
        let suffix = "_layer_time_profiles.csv"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(suffix) }.sorted()
        guard let first = names.first else {
            throw CommandError.unreadable("--sim-data \(path): no <model>\(suffix) file in the folder")
        }
        guard names.count == 1 else {
            throw CommandError.usage("--sim-data \(path): several models' profiles (\(names.joined(separator: ", "))); keep one per folder")
        }
        let data = try HelixSimData.load(directory: URL(fileURLWithPath: path), model: String(first.dropLast(suffix.count)))
        do {
            return try data.attach(to: cluster)
        } catch let error as HelixSimDataError {
            throw CommandError.badData("--sim-data \(path): \(error)")
        }
    }

    /// The default length pool: 16,657 (input, output) pairs (as many as Helix's Azure-conversation
    /// set) drawn once, with seed 0, from LayerFlow's log-normal fit to that trace
    /// (`RequestLengths.azureConversationPrompt` and `.azureConversationOutput`: ln-means 6.39 and
    /// 5.15, ln-sds 0.82 and 0.84, clamped to 1…2,048 and 1…1,000 tokens). The pool is fixed;
    /// `--seed` picks the draws from it.
    static let defaultPoolSize = 16_657

    static func defaultPool() -> [RequestShape] {
        RequestLengths.synthetic(count: defaultPoolSize, seed: 0).map {
            RequestShape(inputTokens: max(1, $0.promptTokens), outputTokens: max(1, $0.expectedOutputTokens))
        }
    }

    // MARK: Helpers

    static func read(_ path: String, what: String) throws -> Data {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandError.unreadable("\(what) \(path): cannot read: it is a directory")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CommandError.unreadable("\(what) \(path): cannot read: \((error as NSError).localizedDescription)")
        }
    }

    /// Runs `body`, prefixing LayerFlow's data errors with the file they come from (see the
    /// module's `inFile`).
    static func inFile<T>(_ path: String, _ body: () throws -> T) throws -> T {
        try LayerFlowCLI.inFile(path, body)
    }
}
