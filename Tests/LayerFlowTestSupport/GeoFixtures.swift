import Foundation
import LayerFlow

/// Generated geo-distributed clusters of the shape of Helix's 3-region setup (bundled GPU types
/// and model of Examples/helix-single24-llama70b.json; nothing from `../shared`).
public enum GeoFixtures {
    /// The package root (Tests/LayerFlowTestSupport/ → two levels up).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Region A 4 A100; B 8 T4 + 2 L4; C 6 L4 + 4 T4 — each count times `scale`.
    public static func regions(scale: Int = 1) -> [[String: Int]] {
        [["A100": 4 * scale], ["T4": 8 * scale, "L4": 2 * scale], ["L4": 6 * scale, "T4": 4 * scale]]
    }

    /// A seeded unlabelled 3-region cluster: links 1.1–1.3 "gbps" (1 ms) inside a region and
    /// 10–15 "mbps" (40–60 ms) between regions, Helix's bandwidth convention.
    public static func helixShaped(seed: UInt64, scale: Int = 1) throws -> Cluster {
        let base = try ClusterFile.load(
            path: packageRoot.appendingPathComponent("Examples/helix-single24-llama70b.json").path).cluster
        return try ClusterGenerator.geoDistributed(
            name: "geo3-seed\(seed)-x\(scale)", model: base.model, gpuTypes: base.gpuTypes, regions: regions(scale: scale),
            bandwidthConvention: .helix, seed: seed)
    }
}
