import LayerFlow
import Testing

struct QuickClusterTests {
    @Test func gpuListsParseCountsAndNames() throws {
        let members = try QuickClusterSyntax.gpuList("4xA100, 8×L4,12*T4,T4, 2 x rtx4090")
        #expect(members.map(\.gpu.name) == ["A100-40GB", "L4", "T4", "RTX4090"])
        #expect(members.map(\.count) == [4, 8, 13, 2])
    }

    @Test func badGPUListsNameTheItem() throws {
        #expect(throws: CatalogError.invalidSpecification(
            option: "--gpus", text: "0xA100", expected: "COUNTxGPU with COUNT >= 1, e.g. 4xA100")) {
            try QuickClusterSyntax.gpuList("0xA100")
        }
        #expect(throws: CatalogError.self) { try QuickClusterSyntax.gpuList("4xB300") }
        #expect(throws: CatalogError.self) { try QuickClusterSyntax.gpuList("") }
    }

    @Test func bandwidthsAreBitsOverEight() throws {
        #expect(try QuickClusterSyntax.bandwidth("1Gbps") == 1e9 / 8)
        #expect(try QuickClusterSyntax.bandwidth("100 Mbps") == 100e6 / 8)
        #expect(try QuickClusterSyntax.bandwidth("2.5Gbit/s") == 2.5e9 / 8)
        #expect(try QuickClusterSyntax.bandwidth("500kbps") == 500e3 / 8)
        #expect(try QuickClusterSyntax.bandwidth("1GB/s") == 1e9)
        for bad in ["fast", "1", "-1Gbps", "1 Gbpz"] {
            #expect(throws: CatalogError.self) { try QuickClusterSyntax.bandwidth(bad) }
        }
    }

    @Test func oneRegionBuildsACompleteMeshWithEstimatedTables() throws {
        let quick = try QuickCluster.parse(model: "llama-2-70b", gpus: "4xA100,8xL4,12xT4", regions: nil, network: "1Gbps")
        let cluster = try quick.cluster()
        #expect(cluster.name == "LLaMA-2-70B on 4xA100-40GB + 8xL4 + 12xT4")
        #expect(cluster.nodes.count == 24)
        #expect(cluster.links.count == 24 * 25)
        #expect(cluster.bandwidthConvention == .physical)
        #expect(cluster.links.allSatisfy { $0.bandwidthBytesPerSecond == 1e9 / 8 })
        #expect(cluster.gpuTypes.map(\.name) == ["A100-40GB", "L4", "T4"])
        for type in cluster.gpuTypes {
            #expect(type.maxLayers >= 1)
            #expect(type.throughputTokensPerSecondByLayerCount.count == type.maxLayers)
        }
        #expect(cluster.computeUpperBoundTokensPerSecond > 0)
    }

    @Test func regionsAreJoinedByTheWAN() throws {
        let quick = try QuickCluster.parse(
            model: "llama-2-13b", gpus: nil, regions: "us:2xA100,1xL4; eu:2xT4", network: "10Gbps", wan: "100Mbps")
        let cluster = try quick.cluster()
        #expect(cluster.nodes.map(\.region) == ["us", "us", "us", "eu", "eu"])
        let slow = cluster.links.filter { $0.bandwidthBytesPerSecond == 100e6 / 8 }
        let fast = cluster.links.filter { $0.bandwidthBytesPerSecond == 10e9 / 8 }
        // eu nodes: 2 × 2 coordinator links, and 2 × 3 × 2 cross-region node links.
        #expect(slow.count == 4 + 12)
        #expect(fast.count + slow.count == cluster.links.count)
        #expect(throws: CatalogError.self) {
            try QuickCluster.parse(model: "llama-2-13b", gpus: "1xA100", regions: "us:1xA100")
        }
    }
}
