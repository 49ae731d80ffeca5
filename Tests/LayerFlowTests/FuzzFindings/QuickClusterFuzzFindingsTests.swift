import LayerFlow
import Testing

/// Inputs the `quick-cluster` fuzz target (Fuzz/, docs/Reliability.md) found, minimized, and the
/// limits that now reject them with a typed error instead of a hang or a trap.
struct QuickClusterFuzzFindingsTests {
    /// Found by the fuzzer as a timeout: 2,226 GPUs make a mesh of ~5 million links, and larger
    /// counts ask for billions (the run would end out of memory).
    @Test func aGPUListOverTheLimitIsRejected() throws {
        let found = "2222*A100-80GB,1  x T4x2,3X L4"
        #expect(throws: CatalogError.invalidSpecification(
            option: "--gpus", text: "2222*A100-80GB", expected: "at most 1024 GPUs in all (a quick cluster links every pair of GPUs)")) {
            try QuickClusterSyntax.gpuList(found)
        }
        // At the limit is fine; one more, spread over items, is not.
        #expect(try QuickClusterSyntax.gpuList("1024xA100").map(\.count) == [1024])
        #expect(throws: CatalogError.invalidSpecification(
            option: "--gpus", text: "1000xA100,24xL4,T4", expected: "at most 1024 GPUs in all (a quick cluster links every pair of GPUs)")) {
            try QuickClusterSyntax.gpuList("1000xA100,24xL4,T4")
        }
    }

    /// Counts that used to overflow when a repeated name's counts were added (a trap).
    @Test func countsThatWouldOverflowAreRejected() {
        #expect(throws: CatalogError.self) { try QuickClusterSyntax.gpuList("9223372036854775807xA100,1xA100") }
        #expect(throws: CatalogError.self) { try QuickClusterSyntax.gpuList("99999999999999999999xA100") }
    }

    @Test func theLimitCoversAllRegions() throws {
        #expect(try QuickClusterSyntax.regions("us:512xA100;eu:512xT4").count == 2)
        #expect(throws: CatalogError.invalidSpecification(
            option: "--regions", text: "us:512xA100;eu:513xT4", expected: "at most 1024 GPUs in all (a quick cluster links every pair of GPUs)")) {
            try QuickClusterSyntax.regions("us:512xA100;eu:513xT4")
        }
    }

    /// A quick cluster made in code, not parsed, is checked when it is built: a negative count used
    /// to trap in `ClusterGenerator` (an empty range with its bounds reversed).
    @Test func clustersMadeInCodeAreCheckedWhenBuilt() throws {
        let model = try ModelCatalog.entry(named: "llama-2-7b").config
        let a100 = try GPUCatalog.spec(named: "A100")
        for count in [-1, 1025, Int.max] {
            let quick = QuickCluster(
                model: model, regions: [QuickCluster.Region(name: "local", members: [ThroughputEstimator.Member(gpu: a100, count: count)])])
            #expect(throws: CatalogError.self) { try quick.cluster() }
        }
        let overflow = QuickCluster(model: model, regions: [
            QuickCluster.Region(name: "a", members: [ThroughputEstimator.Member(gpu: a100, count: Int.max)]),
            QuickCluster.Region(name: "b", members: [ThroughputEstimator.Member(gpu: a100, count: Int.max)]),
        ])
        #expect(throws: CatalogError.self) { try overflow.cluster() }
    }
}
