import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

@Suite(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason))
struct HelixImportTests {
    @Test(arguments: SharedData.instanceNames)
    func importKeepsEveryNumberAndCapacity(file: String) throws {
        let instance = try SharedData.instance(file)
        let cluster = try instance.cluster()
        #expect(cluster.nodes.count == instance.nodes.count)
        #expect(cluster.links.count == instance.links.count)
        #expect(cluster.bandwidthConvention == .helix)
        for (link, entry) in zip(cluster.links, instance.links) {
            // Capacities reproduce bit for bit under Helix's convention.
            #expect(cluster.capacityTokensPerSecond(of: link) == entry.capacityTokensPerSec)
            #expect(link.bandwidthBytesPerSecond * 8 == entry.bandwidthBitsPerSec)
        }
        for (type, entry) in zip(cluster.gpuTypes, instance.gpuTypes) {
            #expect(type.throughputTokensPerSecondByLayerCount == entry.throughputByLayerCount)
            #expect(type.maxLayers == entry.maxLayers)
        }
    }

    @Test(arguments: SharedData.instanceNames)
    func decodeEncodeDecodeIsLossless(file: String) throws {
        let instance = try SharedData.instance(file)
        let encoded = try JSONEncoder().encode(instance)
        #expect(try HelixInstance.decode(encoded) == instance)
    }

    @Test(arguments: SharedData.instanceNames)
    func physicalConventionDividesCapacitiesByEight(file: String) throws {
        let instance = try SharedData.instance(file)
        let helix = try instance.cluster(convention: .helix)
        let physical = try instance.cluster(convention: .physical)
        for link in helix.links {
            #expect(physical.capacityTokensPerSecond(of: link) * 8 == helix.capacityTokensPerSecond(of: link))
        }
    }

    @Test(arguments: SharedData.instanceNames)
    func nativeConversionRoundTripsAndKeepsFlows(file: String) throws {
        let instance = try SharedData.instance(file)
        let cluster = try instance.cluster()
        let native = try NativeClusterFormat.encode(cluster)
        let reread = try ClusterFile.decode(native)
        #expect(reread.cluster == cluster)
        #expect(reread.helixInstance == nil)
        // Encoding is deterministic, byte for byte.
        #expect(try NativeClusterFormat.encode(reread.cluster) == native)
        for reference in try instance.referencePlacements where reference.linkSet == .links {
            guard let placement = reference.placement else { continue }
            #expect(try reread.cluster.evaluate(placement).throughputTokensPerSecond
                == cluster.evaluate(placement).throughputTokensPerSecond)
        }
    }

    @Test func clusterFileDetectsHelixInstances() throws {
        let loaded = try ClusterFile.decode(try SharedData.instanceData("helix-cluster10-llama30b.json"))
        #expect(loaded.helixInstance != nil)
        #expect(loaded.cluster.model.layerCount == 60)
        #expect(loaded.cluster.nodes.map(\.id) == (0..<10).map(String.init))
    }

    @Test func inconsistentCapacityIsRejectedNamingTheLink() throws {
        var instance = try SharedData.instance("helix-cluster10-llama30b.json")
        instance.links[5].capacityTokensPerSec *= 2
        #expect(throws: FormatError.inconsistentCapacity(
            field: "links[5].capacityTokensPerSec", fileValue: instance.links[5].capacityTokensPerSec,
            computed: instance.links[5].capacityTokensPerSec / 2)) {
            try instance.cluster()
        }
    }
}
