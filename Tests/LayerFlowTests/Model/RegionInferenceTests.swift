import LayerFlow
import LayerFlowTestSupport
import Testing

@Suite struct RegionInferenceTests {
    /// The generator's regions, unlabelled, are recovered from the links alone, at two sizes.
    @Test(arguments: [(UInt64(0), 1), (1, 1), (2, 1), (3, 1), (4, 1), (0, 2)])
    func recoversGeneratedRegions(seed: UInt64, scale: Int) throws {
        let cluster = try GeoFixtures.helixShaped(seed: seed, scale: scale)
        #expect(cluster.nodes.allSatisfy { $0.region == nil })
        let regions = RegionInference(cluster: cluster)
        let sizes = GeoFixtures.regions(scale: scale).map { $0.values.reduce(0, +) }
        #expect(regions.regions.map(\.count) == sizes)
        #expect(!regions.fromLabels)
        #expect(regions.summary(of: cluster) == "3 regions inferred: \(4 * scale) A100 | \(2 * scale) L4, \(8 * scale) T4 | \(6 * scale) L4, \(4 * scale) T4")
        // Labelled, the regions become the modelling classes' regions and are then read back as labels.
        let labelled = regions.labeling(cluster)
        let again = RegionInference(cluster: labelled)
        #expect(again.fromLabels && again.regions == regions.regions)
    }

    /// Links within a factor of `separation` of each other form one region.
    @Test func uniformLinksAreOneRegion() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 6)
        let regions = RegionInference(cluster: cluster)
        #expect(regions.regions.count == 1)
        #expect(regions.summary(of: cluster) == nil)
        #expect(regions.labeling(cluster) == cluster)
    }

    @Test func gapThresholdSplitsAtTheWidestRatio() {
        #expect(RegionInference.gapThreshold([1, 1.2, 1.3]) == nil)
        let threshold = RegionInference.gapThreshold([10, 12, 15, 1100, 1300])
        #expect(threshold.map { $0 > 15 && $0 < 1100 } == true)
    }
}
