import LayerFlow
import Testing

/// Inputs the `quick-cluster` fuzz target (Fuzz/, docs/Reliability.md) found, minimized, and the
/// limits that now reject them with a typed error instead of a hang or a trap.
struct QuickClusterFuzzFindingsTests {
    /// Found by the fuzzer as a timeout: 2,226 GPUs make a mesh of ~5 million links, and larger
    /// counts ask for billions (the run would end out of memory). The syntax accepts any count; the
    /// cluster refuses a mesh past `InputLimits.maxLinks` before building anything.
    @Test func aGPUListOverTheLimitIsRejected() throws {
        let found = "2222*A100-80GB,1  x T4x2,3X L4"
        #expect(try QuickClusterSyntax.gpuList(found).map(\.count) == [2222, 1, 3])
        let model = try ModelCatalog.entry(named: "llama-2-7b").config
        let members = try QuickClusterSyntax.gpuList("3000xA100")
        #expect(throws: ClusterError.limitExceeded(field: "links", value: 3000 * 3001, limit: InputLimits.maxLinks)) {
            try QuickCluster(model: model, regions: [QuickCluster.Region(name: "local", members: members)]).cluster()
        }
    }

    /// Counts that used to overflow when a repeated name's counts were added (a trap).
    @Test func countsThatWouldOverflowAreRejected() {
        #expect(throws: CatalogError.self) { try QuickClusterSyntax.gpuList("9223372036854775807xA100,1xA100") }
        #expect(throws: CatalogError.self) { try QuickClusterSyntax.gpuList("99999999999999999999xA100") }
    }

    @Test func theLimitCoversAllRegions() throws {
        let model = try ModelCatalog.entry(named: "llama-2-7b").config
        let regions = try QuickClusterSyntax.regions("us:1500xA100;eu:1501xT4")
        #expect(regions.count == 2)
        #expect(throws: ClusterError.self) { try QuickCluster(model: model, regions: regions).cluster() }
    }

    /// A quick cluster made in code, not parsed, is checked when it is built: a negative count used
    /// to trap in `ClusterGenerator` (an empty range with its bounds reversed).
    @Test func clustersMadeInCodeAreCheckedWhenBuilt() throws {
        let model = try ModelCatalog.entry(named: "llama-2-7b").config
        let a100 = try GPUCatalog.spec(named: "A100")
        for count in [-1, 3000, Int.max] {
            let quick = QuickCluster(
                model: model, regions: [QuickCluster.Region(name: "local", members: [ThroughputEstimator.Member(gpu: a100, count: count)])])
            #expect(throws: (any Error).self) { try quick.cluster() }
        }
        let overflow = QuickCluster(model: model, regions: [
            QuickCluster.Region(name: "a", members: [ThroughputEstimator.Member(gpu: a100, count: Int.max)]),
            QuickCluster.Region(name: "b", members: [ThroughputEstimator.Member(gpu: a100, count: Int.max)]),
        ])
        #expect(throws: ClusterError.self) { try overflow.cluster() }
    }
}
