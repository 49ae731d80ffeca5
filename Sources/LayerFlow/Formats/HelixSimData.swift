import Foundation

/// Helix's simulator inputs for one model, in the shape of `../shared/sim-data`: per GPU, the
/// per-layer batch-time curves (`<model>_layer_time_profiles.csv`) and, per layer count, the batch
/// limits and KV capacities (`<model>_gpu_layer_settings.csv`). Attached to a cluster, they let the
/// serving simulator run on exactly the figures Helix's simulator uses.
public struct HelixSimData: Sendable, Hashable {
    /// What the data says about one GPU.
    public struct GPU: Sendable, Hashable {
        public var name: String
        /// The curves, the batch limits for `1...maxLayers` and the disk speed.
        public var serving: ServingProfile
        /// Entry `k - 1`: KV capacity in token·layer slots holding `k` layers (`kv_capacity_token_layers`).
        public var kvCacheTokenLayersByLayerCount: [Double]

        /// The most layers the data covers (`max_layers_on_node`).
        public var maxLayers: Int { serving.batchLimitsByLayerCount.count }
    }

    /// Helix's machine profile loads weights at `1 * gbps`, which its code reads as 1e9 bytes/s.
    public static let helixDiskBytesPerSecond = 1e9

    /// The GPUs, in the order the settings file first names them.
    public var gpus: [GPU]

    /// The GPU with this name, or nil.
    public subscript(name: String) -> GPU? {
        gpus.first { $0.name == name }
    }

    /// Reads `<model>_layer_time_profiles.csv` and `<model>_gpu_layer_settings.csv` from `directory`.
    /// - Parameters:
    ///   - model: the file-name prefix, such as `llama2_70b`.
    ///   - directory: the folder holding both files.
    ///   - diskBytesPerSecond: the disk speed every profile gets (default: Helix's).
    /// - Throws: `HelixSimDataError` for an unreadable file or a bad row (naming line and column),
    ///   `ClusterError.invalidServingProfile` for curves that break the profile rules.
    public static func load(
        directory: URL, model: String = "llama2_70b", diskBytesPerSecond: Double = helixDiskBytesPerSecond
    ) throws -> HelixSimData {
        let names = fileNames(model: model)
        func read(_ name: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            do {
                return String(decoding: try Data(contentsOf: url), as: UTF8.self)
            } catch {
                throw HelixSimDataError.unreadableFile(path: url.path, reason: (error as NSError).localizedDescription)
            }
        }
        return try parse(
            layerTimeProfiles: try read(names.profiles), gpuLayerSettings: try read(names.settings),
            profilesFile: names.profiles, settingsFile: names.settings, diskBytesPerSecond: diskBytesPerSecond)
    }

    /// The two file names for a model prefix such as `llama2_70b`.
    package static func fileNames(model: String) -> (profiles: String, settings: String) {
        ("\(model)_layer_time_profiles.csv", "\(model)_gpu_layer_settings.csv")
    }

    /// `cluster` with every GPU type's `serving` and `kvCacheTokenLayersByLayerCount` replaced by
    /// the data's for the GPU of the same name.
    /// - Throws: `HelixSimDataError.noProfile` naming a GPU type the data lacks,
    ///   `.layerCountMismatch` when its `maxLayers` differs from the data's.
    public func attach(to cluster: Cluster) throws -> Cluster {
        let types = try cluster.gpuTypes.map { type in
            guard let gpu = self[type.name] else {
                throw HelixSimDataError.noProfile(gpuType: type.name, available: gpus.map(\.name))
            }
            guard gpu.maxLayers == type.maxLayers else {
                throw HelixSimDataError.layerCountMismatch(
                    gpuType: type.name, maxLayers: type.maxLayers, profiledLayers: gpu.maxLayers)
            }
            var result = type
            result.serving = gpu.serving
            result.kvCacheTokenLayersByLayerCount = gpu.kvCacheTokenLayersByLayerCount
            return result
        }
        return try Cluster(
            name: cluster.name, model: cluster.model, gpuTypes: types, nodes: cluster.nodes, links: cluster.links,
            coordinator: cluster.coordinator, bandwidthConvention: cluster.bandwidthConvention)
    }

    /// Parses the two files' text; `profilesFile` and `settingsFile` name them in errors.
    /// - Complexity: O(rows · log rows).
    package static func parse(
        layerTimeProfiles: String, gpuLayerSettings: String, profilesFile: String, settingsFile: String,
        diskBytesPerSecond: Double = helixDiskBytesPerSecond
    ) throws -> HelixSimData {
        let curves = try parseCurves(try CSVTable.parse(layerTimeProfiles, file: profilesFile))
        let settings = try parseSettings(try CSVTable.parse(gpuLayerSettings, file: settingsFile))
        for name in curves.order where !settings.contains(where: { $0.name == name }) {
            throw HelixSimDataError.incompleteGPU(file: settingsFile, gpu: name, missing: "settings rows")
        }
        return HelixSimData(gpus: try settings.map { entry in
            let gpuCurves = curves.byGPU[entry.name] ?? [:]
            func curve(_ phase: String) throws -> [ServingProfile.Point] {
                guard let points = gpuCurves[phase] else {
                    throw HelixSimDataError.incompleteGPU(file: profilesFile, gpu: entry.name, missing: "\(phase) curve")
                }
                return points.sorted { $0.batch < $1.batch }
            }
            let serving = ServingProfile(
                promptLayerTimes: try curve("prompt"), decodeLayerTimes: try curve("decode"),
                batchLimitsByLayerCount: entry.limits, diskBytesPerSecond: diskBytesPerSecond)
            try ClusterValidator.validate(serving: serving, gpuType: entry.name, maxLayers: entry.limits.count)
            return GPU(name: entry.name, serving: serving, kvCacheTokenLayersByLayerCount: entry.kv)
        })
    }

    /// Curves by GPU and phase (`prompt`, `decode`), unsorted; GPU names in order of appearance.
    private static func parseCurves(
        _ table: CSVTable
    ) throws -> (byGPU: [String: [String: [ServingProfile.Point]]], order: [String]) {
        let gpu = try table.column("gpu")
        let phase = try table.column("phase")
        let batch = try table.column("batch_tokens")
        let time = try table.column("layer_time_ms")
        var byGPU: [String: [String: [ServingProfile.Point]]] = [:]
        var order: [String] = []
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            let name = row.fields[gpu]
            if name.isEmpty { throw table.invalid(row, gpu, expected: "a GPU name") }
            let kind = row.fields[phase]
            guard kind == "prompt" || kind == "decode" else { throw table.invalid(row, phase, expected: "prompt or decode") }
            let tokens = try table.int(row, batch, minimum: 0)
            let milliseconds = try table.nonNegative(row, time)
            let key = "\(name) \(kind) batch \(tokens)"
            if let first = firstLine[key] {
                throw HelixSimDataError.duplicateRow(
                    file: table.file, line: row.line, column: batch + 1, key: key, firstLine: first)
            }
            firstLine[key] = row.line
            if byGPU[name] == nil { order.append(name) }
            byGPU[name, default: [:]][kind, default: []].append(ServingProfile.Point(batch: tokens, milliseconds: milliseconds))
        }
        return (byGPU, order)
    }

    private struct SettingsEntry {
        var name: String
        var limits: [ServingProfile.BatchLimits]
        var kv: [Double]
    }

    /// One entry per GPU, in order of appearance, covering `1...max_layers_on_node`.
    private static func parseSettings(_ table: CSVTable) throws -> [SettingsEntry] {
        let gpu = try table.column("gpu")
        let layers = try table.column("layers_on_node")
        let maxLayers = try table.column("max_layers_on_node")
        let kv = try table.column("kv_capacity_token_layers")
        let promptRequests = try table.column("prompt_max_requests")
        let promptTokens = try table.column("prompt_max_tokens")
        let decodeTokens = try table.column("decode_max_tokens")
        let decodeContext = try table.column("decode_max_context_tokens")
        let blocks = table.header.firstIndex(of: "vllm_num_blocks")

        struct Partial {
            var maxLayers: Int
            var rows: [Int: (limits: ServingProfile.BatchLimits, kv: Double, line: Int)] = [:]
        }
        var partials: [String: Partial] = [:]
        var order: [String] = []
        for row in table.rows {
            let name = row.fields[gpu]
            if name.isEmpty { throw table.invalid(row, gpu, expected: "a GPU name") }
            let k = try table.int(row, layers, minimum: 1)
            let limit = try table.int(row, maxLayers, minimum: 1)
            if partials[name] == nil {
                partials[name] = Partial(maxLayers: limit)
                order.append(name)
            }
            guard var partial = partials[name] else { continue }
            if limit != partial.maxLayers {
                throw HelixSimDataError.inconsistent(
                    file: table.file, line: row.line, column: maxLayers + 1,
                    message: "max_layers_on_node of '\(name)' is \(limit) here but \(partial.maxLayers) on earlier rows")
            }
            if k > limit {
                throw table.invalid(row, layers, expected: "at most max_layers_on_node = \(limit)")
            }
            if let first = partial.rows[k] {
                throw HelixSimDataError.duplicateRow(
                    file: table.file, line: row.line, column: layers + 1, key: "\(name) with \(k) layers",
                    firstLine: first.line)
            }
            let capacity = try table.nonNegative(row, kv)
            if let blocks {
                let count = try table.int(row, blocks, minimum: 0)
                let expected = 16 * Double(count) * Double(k)
                if capacity != expected {
                    throw HelixSimDataError.inconsistent(
                        file: table.file, line: row.line, column: kv + 1,
                        message: "kv_capacity_token_layers \(row.fields[kv]) is not 16 × vllm_num_blocks × layers = \(Int(exactly: expected).map(String.init) ?? "\(expected)")")
                }
            }
            let limits = ServingProfile.BatchLimits(
                promptMaxRequests: try table.int(row, promptRequests, minimum: 1),
                promptMaxTokens: try table.int(row, promptTokens, minimum: 1),
                decodeMaxSequences: try table.int(row, decodeTokens, minimum: 1),
                decodeMaxContextTokens: try table.int(row, decodeContext, minimum: 1))
            partial.rows[k] = (limits, capacity, row.line)
            partials[name] = partial
        }
        return try order.compactMap { name in
            guard let partial = partials[name] else { return nil }
            let entries = try (1...partial.maxLayers).map { k in
                guard let entry = partial.rows[k] else {
                    throw HelixSimDataError.incompleteGPU(file: table.file, gpu: name, missing: "row for \(k) layers")
                }
                return entry
            }
            return SettingsEntry(name: name, limits: entries.map(\.limits), kv: entries.map(\.kv))
        }
    }
}
