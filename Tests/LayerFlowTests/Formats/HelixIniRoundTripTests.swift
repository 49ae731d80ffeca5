import Foundation
@testable import LayerFlow
import LayerFlowTestSupport
import Testing

/// A plan exported as Helix files reads back as the same cluster and placement.
struct HelixIniRoundTripTests {
    func reimport(_ files: HelixIniExport.Files, tables: Cluster, convention: BandwidthConvention = .helix) throws -> (Cluster, Placement?) {
        let cluster = try HelixIniImport.cluster(
            topology: try HelixIniTopology.parse(files.cluster, file: "cluster.ini"),
            profiles: try HelixIniMachineProfiles.parse(files.machineProfiles, file: "machine_profiles.ini"),
            tables: .cluster(tables), name: tables.name, convention: convention)
        let placement = try files.solution.map { try HelixIniSolution.parse($0, file: "ilp_sol.ini").placement(for: cluster) }
        return (cluster, placement)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason), arguments: SharedData.instanceNames)
    func sharedInstancesRoundTripExactly(file: String) throws {
        let instance = try SharedData.instance(file)
        let cluster = try instance.cluster()
        let placement = try #require(try instance.referencePlacements.first { $0.placement != nil && $0.linkSet == .links }?.placement)
        let files = try HelixIniExport.files(cluster: cluster, placement: placement)
        let (reread, rereadPlacement) = try reimport(files, tables: cluster)
        #expect(reread == cluster)
        #expect(rereadPlacement == placement)
        #expect(try reread.evaluate(placement).throughputTokensPerSecond == cluster.evaluate(placement).throughputTokensPerSecond)
        // Writing again gives the same bytes.
        #expect(try HelixIniExport.files(cluster: reread, placement: placement) == files)
    }

    @Test func physicalQuickClustersRoundTripUpToNodeNames() throws {
        let cluster = try QuickCluster.parse(model: "llama-2-13b", gpus: nil, regions: "a:2xA100;b:1xL4,1xT4", network: "1Gbps", wan: "50Mbps").cluster()
        let placement = Placement([cluster.nodes[0].id: LayerRange(0, 20), cluster.nodes[3].id: LayerRange(20, 40)])
        let files = try HelixIniExport.files(cluster: cluster, placement: placement)
        #expect(files.nodeIDs == cluster.nodes.map(\.id))
        let (reread, rereadPlacement) = try reimport(files, tables: cluster, convention: .physical)
        #expect(reread.nodes.map(\.id) == ["0", "1", "2", "3"])
        #expect(reread.nodes.map(\.type) == cluster.nodes.map(\.type))
        #expect(reread.gpuTypes == cluster.gpuTypes)
        #expect(reread.model == cluster.model)
        // Same links, renamed, in Helix's order.
        func renamed(_ end: Endpoint) -> Endpoint {
            guard let id = end.nodeID, let index = files.nodeIDs.firstIndex(of: id) else { return end }
            return .node(String(index))
        }
        let expectedLinks = Set(cluster.links.map { Link(from: renamed($0.from), to: renamed($0.to), bandwidthBytesPerSecond: $0.bandwidthBytesPerSecond, latencySeconds: $0.latencySeconds) })
        #expect(Set(reread.links) == expectedLinks)
        #expect(rereadPlacement == Placement(["0": LayerRange(0, 20), "3": LayerRange(20, 40)]))
        let flow = try cluster.evaluate(placement).throughputTokensPerSecond
        let rereadFlow = try reread.evaluate(rereadPlacement ?? Placement()).throughputTokensPerSecond
        #expect(flow > 0)
        #expect(abs(rereadFlow - flow) <= 1e-9 * flow)
    }

    @Test func asymmetricNodeLinksCannotBeWritten() throws {
        let base = try ClusterFixtures.small(nodeCount: 2)
        var links = base.links
        let index = try #require(links.firstIndex { $0.from == .node("n0") && $0.to == .node("n1") })
        links[index].bandwidthBytesPerSecond *= 2
        let cluster = try Cluster(name: "asym", model: base.model, gpuTypes: base.gpuTypes, nodes: base.nodes, links: links)
        #expect(throws: HelixIniError.notExpressible(
            "link n1→n0 and its reverse differ in bandwidth or latency; Helix's node links are undirected")) {
            try HelixIniExport.files(cluster: cluster)
        }
    }

    @Test func numbersAreWrittenToEvaluateBackExactly() throws {
        for value in [1e9, 1.25e8 * 8, 123456789.0, 0.001, 0.0305, 42949672960.0, 3.3e-7] {
            for text in [HelixIniNumber.bitsPerSecond(value), HelixIniNumber.bytes(value), HelixIniNumber.seconds(value)] {
                #expect(try HelixIniExpression.evaluate(text, file: "f", line: 1, key: "k") == value, "\(text)")
            }
        }
    }
}
