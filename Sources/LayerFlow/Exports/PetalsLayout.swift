/// A plan as Petals servers: one `run_server --block_indices start:end` per node holding layers
/// (Petals numbers transformer blocks from 0; `start:end` is half-open, like LayerFlow's ranges).
/// Petals routes each request through servers itself, so any covering placement is expressible,
/// overlapping ranges included.
public struct PetalsLayout: Sendable, Hashable, Codable {
    public struct Server: Sendable, Hashable, Codable {
        public var node: String
        public var gpuType: String
        public var range: LayerRange
        /// The `--block_indices` value, `start:end`.
        public var blockIndices: String { "\(range.start):\(range.end)" }
    }

    /// The Hugging Face repository Petals loads, from the model catalog; nil when unknown.
    public var modelID: String?
    public var modelName: String
    public var layerCount: Int
    /// Servers sorted by first block, then node id.
    public var servers: [Server]

    /// The servers of `placement` on `cluster`.
    /// - Throws: `ExportError.emptyPlacement` or `.uncoveredLayers`; `PlacementError` for an invalid placement.
    /// - Complexity: O(nodes log nodes + L).
    public init(cluster: Cluster, placement: Placement) throws {
        try placement.validate(for: cluster)
        let used = try PlacementStages.usedNodes(cluster, placement)
        try PlacementStages.requireCoverage(cluster, placement)
        servers = used.map { Server(node: cluster.nodes[$0.index].id, gpuType: cluster.gpuType(ofNodeAt: $0.index).name, range: $0.range) }
            .sorted { ($0.range.start, $0.range.end, $0.node) < ($1.range.start, $1.range.end, $1.node) }
        modelID = try? ModelCatalog.entry(named: cluster.model.name).huggingFaceID
        modelName = cluster.model.name
        layerCount = cluster.model.layerCount
    }

    /// A shell script: one `python -m petals.cli.run_server` line per server, each to run on its node.
    ///
    /// Node ids, GPU type and model names appear only in comments, escaped (`DisplayText`), so
    /// that none can end its comment line: an id holding a newline cannot add a command.
    public func script() -> String {
        let model = modelID ?? "MODEL"
        let modelName = DisplayText.escaped(self.modelName)
        var lines = [
            "#!/bin/sh",
            "# Petals servers exported by LayerFlow for \(modelName) (\(layerCount) blocks): run each command on its node.",
        ]
        if modelID == nil {
            lines.append("# \(modelName) is not in LayerFlow's model catalog: replace MODEL with its Hugging Face repository.")
        }
        for server in servers {
            lines.append("")
            lines.append("# node \(DisplayText.escaped(server.node)) (\(DisplayText.escaped(server.gpuType))): blocks \(server.range.start)–\(server.range.end - 1)")
            lines.append("python -m petals.cli.run_server \(model) --block_indices \(server.blockIndices)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
