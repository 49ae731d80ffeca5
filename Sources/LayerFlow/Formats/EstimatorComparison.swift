/// The estimator against measured tables: for each GPU type of a Helix instance and each layer
/// count both know, estimated / measured tokens per second.
package enum EstimatorComparison {
    /// One GPU type at one layer count.
    package struct Row: Sendable, Hashable, Codable {
        package var instance: String
        package var model: String
        /// The instance's type name (e.g. `A100`) and the catalog GPU it was estimated as.
        package var gpuType: String
        package var catalogGPU: String
        package var layers: Int
        package var measuredTokensPerSecond: Double
        package var estimatedTokensPerSecond: Double
        /// estimated / measured.
        package var ratio: Double
    }

    /// Compares the estimator with the instance's tables. The instance's model and GPU types are
    /// looked up in the catalogs by name; its GPU counts are the estimator's cluster composition.
    /// - Throws: `CatalogError` when the model or a GPU is not in the catalog, `EstimationError`.
    /// - Complexity: that of `ThroughputEstimator.tables(model:composition:)`.
    package static func compare(_ instance: HelixInstance, estimator: ThroughputEstimator = ThroughputEstimator()) throws -> [Row] {
        try estimator.validate()
        let model = try ModelCatalog.entry(named: instance.model.name).config
        let members = try instance.gpuTypes.map { entry in
            ThroughputEstimator.Member(gpu: try GPUCatalog.spec(named: entry.name), count: max(entry.count ?? 1, 1))
        }
        let tables = estimator.tables(model: model, composition: members)
        var rows: [Row] = []
        for (index, entry) in instance.gpuTypes.enumerated() {
            for estimate in tables[index] where estimate.layers <= entry.throughputByLayerCount.count {
                let measured = entry.throughputByLayerCount[estimate.layers - 1]
                guard measured > 0 else { continue }
                rows.append(Row(
                    instance: instance.name, model: model.name, gpuType: entry.name, catalogGPU: members[index].gpu.name,
                    layers: estimate.layers, measuredTokensPerSecond: measured,
                    estimatedTokensPerSecond: estimate.tokensPerSecond, ratio: estimate.tokensPerSecond / measured))
            }
        }
        return rows
    }

    /// The smallest f ≥ 1 with 1/f ≤ ratio ≤ f for every row (1 for no rows).
    package static func factor(_ rows: [Row]) -> Double {
        rows.reduce(1.0) { max($0, $1.ratio, 1 / $1.ratio) }
    }

    /// A Markdown table: one line per instance and GPU type, the ratio for each layer count.
    package static func markdown(_ rows: [Row]) -> String {
        let maxLayers = rows.map(\.layers).max() ?? 0
        var lines = [
            "| instance | GPU | " + (1...max(maxLayers, 1)).map { "k=\($0)" }.joined(separator: " | ") + " | min | max |",
            "|---|---|" + String(repeating: "---|", count: max(maxLayers, 1) + 2),
        ]
        var groups: [(key: String, rows: [Row])] = []
        for row in rows {
            let key = "\(row.instance)|\(row.gpuType)"
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].rows.append(row)
            } else {
                groups.append((key, [row]))
            }
        }
        for group in groups {
            guard let first = group.rows.first else { continue }
            var cells = [String](repeating: "", count: max(maxLayers, 1))
            for row in group.rows { cells[row.layers - 1] = Formatting.number(row.ratio, decimals: 2) }
            let ratios = group.rows.map(\.ratio)
            lines.append(
                "| \(first.instance) | \(first.gpuType) | " + cells.joined(separator: " | ")
                    + " | \(Formatting.number(ratios.min() ?? 0, decimals: 2)) | \(Formatting.number(ratios.max() ?? 0, decimals: 2)) |")
        }
        return lines.joined(separator: "\n")
    }
}
