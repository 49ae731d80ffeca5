import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// Helix's own `.ini` files for two shared instances, imported with tables from the instance JSON,
/// give exactly the instance's cluster and its helix-milp reference placement.
@Suite(.enabled(if: HelixIniFixtures.isAvailable, HelixIniFixtures.unavailableReason))
struct HelixIniImportTests {
    @Test(arguments: HelixIniFixtures.pairs)
    func importEqualsTheInstanceCluster(pair: HelixIniFixtures.Pair) throws {
        let instance = try SharedData.instance(pair.instance)
        let expected = try instance.cluster()
        let imported = try pair.importCluster(tables: .cluster(expected), name: instance.name)
        #expect(imported == expected)
        #expect(imported.links.count == instance.links.count)
    }

    @Test(arguments: HelixIniFixtures.pairs)
    func solutionIsTheMILPReferenceWithTheSameMaxFlow(pair: HelixIniFixtures.Pair) throws {
        let instance = try SharedData.instance(pair.instance)
        let cluster = try instance.cluster()
        let solution = try HelixIniSolution.load(path: pair.file("ilp_sol.ini"))
        #expect(solution.offset == 2)
        let placement = try solution.placement(for: cluster)
        let reference = try #require(try instance.referencePlacements.first { $0.method == "helix-milp" })
        #expect(placement == reference.placement)
        let flow = try cluster.evaluate(placement).throughputTokensPerSecond
        let expectedFlow = try #require(reference.maxFlow)
        #expect(relativeDifference(flow, expectedFlow) <= 1e-9)
    }

    @Test func estimatedTablesNeedOnlyTheModel() throws {
        let pair = HelixIniFixtures.pairs[0]
        let config = try ModelCatalog.entry(named: "llama-2-70b").config
        let cluster = try pair.importCluster(tables: .estimated(config, ThroughputEstimator()), name: "estimated")
        #expect(cluster.nodes.count == 24)
        #expect(cluster.gpuTypes.map(\.name).sorted() == ["A100", "L4", "T4"])
        for type in cluster.gpuTypes {
            #expect(type.maxLayers >= 1)
            #expect(type.throughputTokensPerSecondByLayerCount.allSatisfy { $0 > 0 })
            // Memory comes from Helix's machine profile, not the catalog.
            #expect(type.vramBytes == ["A100": 40e9, "L4": 24e9, "T4": 16e9][type.name])
        }
    }

    @Test func petalsSolutionOfSingle24MatchesItsReference() throws {
        let pair = HelixIniFixtures.pairs[0]
        let instance = try SharedData.instance(pair.instance)
        let cluster = try instance.cluster()
        let placement = try HelixIniSolution.load(path: pair.file("petals_sol.ini")).placement(for: cluster)
        let reference = try #require(try instance.referencePlacements.first { $0.method == "petals" })
        #expect(placement == reference.placement)
    }
}

/// Where Helix's `.ini` copies live (`../shared/helix-ini`) and which instance each folder matches.
enum HelixIniFixtures {
    struct Pair: Sendable, CustomStringConvertible {
        var folder: String
        var instance: String

        var description: String { folder }

        func file(_ name: String) -> String {
            SharedData.directory.appendingPathComponent("helix-ini").appendingPathComponent(folder)
                .appendingPathComponent(name).path
        }

        func importCluster(tables: HelixIniImport.Tables, name: String) throws -> Cluster {
            try HelixIniImport.cluster(
                topology: try HelixIniTopology.load(path: file("cluster.ini")),
                profiles: try HelixIniMachineProfiles.load(path: file(profileFile)),
                tables: tables, name: name)
        }

        var profileFile: String {
            FileManager.default.fileExists(atPath: file("machine_profiles.ini")) ? "machine_profiles.ini" : "machine_profile.ini"
        }
    }

    static let pairs = [
        Pair(folder: "single24-llama70b", instance: "helix-single24-llama70b.json"),
        Pair(folder: "cluster10-llama30b", instance: "helix-cluster10-llama30b.json"),
    ]

    static var isAvailable: Bool {
        SharedData.isAvailable
            && FileManager.default.fileExists(atPath: SharedData.directory.appendingPathComponent("helix-ini/README.md").path)
    }

    static let unavailableReason: Comment = "../shared/helix-ini is not beside the package (set LAYERFLOW_SHARED to point at it)"
}
