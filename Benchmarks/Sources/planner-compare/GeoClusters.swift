// Network-bound clusters for planner-compare (`--geo`): seeded clusters of the shape of Helix's
// 3-region setup (ClusterGenerator.geoDistributed, GPU types and model of
// Examples/helix-single24-llama70b.json, no region labels), each planned by LayerFlow's planner
// (max-flow objective) next to every baseline heuristic. Each cluster is also written to
// Benchmarks/output/geo/ so the CLI can reproduce a row.
import Foundation
import LayerFlow
import LayerFlowGLPK

struct GeoRow {
    var name: String
    var nodes: Int
    var bestBaseline: Double
    var bestBaselineMethod: String
    var plan: Double
    var bound: Double
    var boundSource: String
    var secondsToPlan: Double
    var method: String
    var regions: String
    var trace: [Sample]
}

/// Region A 4 A100; B 8 T4 + 2 L4; C 6 L4 + 4 T4, each count times `scale`.
func geoRegions(scale: Int) -> [[String: Int]] {
    [["A100": 4 * scale], ["T4": 8 * scale, "L4": 2 * scale], ["L4": 6 * scale, "T4": 4 * scale]]
}

func geoRuns(limit: Double, cases: [(seed: UInt64, scale: Int)], output: URL) async throws -> [GeoRow] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let base = try ClusterFile.load(path: root.appendingPathComponent("Examples/helix-single24-llama70b.json").path).cluster
    let directory = output.appendingPathComponent("geo")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var rows: [GeoRow] = []
    for (seed, scale) in cases {
        let name = "geo3-seed\(seed)-x\(scale)"
        let cluster = try ClusterGenerator.geoDistributed(
            name: name, model: base.model, gpuTypes: base.gpuTypes, regions: geoRegions(scale: scale),
            bandwidthConvention: .helix, seed: seed)
        try NativeClusterFormat.encode(cluster).write(to: directory.appendingPathComponent(name + ".json"))
        var bestBaseline = (value: 0.0, method: "none")
        for method in BaselineMethod.allCases {
            let value = try cluster.evaluate(method.placement(for: cluster, rule: .strict)).throughputTokensPerSecond
            if value > bestBaseline.value { bestBaseline = (value, method.rawValue) }
        }
        let trace = TraceBox()
        let result = try await Planner(solver: GLPKSolver()).plan(
            cluster, options: PlanOptions(timeLimitSeconds: limit, objective: .maxFlow)
        ) { progress in
            trace.add(Sample(seconds: progress.elapsedSeconds, plan: progress.incumbentTokensPerSecond, bound: progress.boundTokensPerSecond))
        }
        let samples = trace.samples
        let plan = result.throughputTokensPerSecond
        let reached = samples.first { ($0.plan ?? 0) >= plan * (1 - 1e-9) }?.seconds ?? result.provenance.seconds
        rows.append(GeoRow(
            name: name, nodes: cluster.nodes.count, bestBaseline: bestBaseline.value, bestBaselineMethod: bestBaseline.method,
            plan: plan, bound: result.upperBoundTokensPerSecond, boundSource: result.boundSource.rawValue,
            secondsToPlan: reached, method: result.provenance.method, regions: result.statistics.regions ?? "one region",
            trace: samples))
        say(String(format: "  %@: baseline %.2f (%@)  plan %.2f at %.1f s (%@)  bound %.2f (%@)", name as NSString,
            bestBaseline.value, bestBaseline.method as NSString, plan, reached, result.provenance.method as NSString,
            result.upperBoundTokensPerSecond, result.boundSource.rawValue as NSString))
    }
    return rows
}

func geoTable(_ rows: [GeoRow]) -> String {
    var lines = [
        "| cluster | nodes | best baseline | plan | plan / baseline | proven bound (source) | gap | time to plan |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows {
        let gap = row.plan > 0 ? String(format: "%.1f %%", (row.bound - row.plan) / row.plan * 100) : "—"
        lines.append(String(
            format: "| %@ | %d | %.2f (%@) | %.2f | %.2f× | %.2f (%@) | %@ | %.1f s |", row.name as NSString, row.nodes,
            row.bestBaseline, row.bestBaselineMethod as NSString, row.plan, row.plan / max(row.bestBaseline, 1e-9),
            row.bound, row.boundSource as NSString, gap as NSString, row.secondsToPlan))
    }
    return lines.joined(separator: "\n")
}
