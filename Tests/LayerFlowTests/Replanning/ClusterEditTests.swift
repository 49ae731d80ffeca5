import LayerFlow
import LayerFlowTestSupport
import Testing

/// Id-based cluster edits: exact derated capacities, stable ids, typed errors naming the culprit.
@Suite struct ClusterEditTests {
    @Test func deratedCapacityIsNominalTimesFactorForEveryLayerCount() throws {
        let cluster = try ClusterFixtures.small()
        for factor in [0.5, 0.1, 0.999, 1] {
            let derated = try cluster.deratingNode("n1", factor: factor)
            let before = try #require(cluster.nodeIndex(of: "n1"))
            let after = try #require(derated.nodeIndex(of: "n1"))
            for k in 1...cluster.maxHoldableLayers(nodeAt: before) {
                #expect(derated.nodeCapacityTokensPerSecond(nodeAt: after, layers: k)
                    == cluster.nodeCapacityTokensPerSecond(nodeAt: before, layers: k) * factor)
            }
            // Every other node keeps its type and table.
            for node in cluster.nodes where node.id != "n1" {
                #expect(derated.nodes[derated.nodeIndex(of: node.id)!].type == node.type)
            }
        }
    }

    @Test func deratedLinkCarriesFactorOfItsBandwidthBothWays() throws {
        let cluster = try ClusterFixtures.small()
        let derated = try cluster.deratingLink(between: "n0", and: "n2", bandwidthFactor: 0.1, latencyFactor: 3)
        for (a, b) in [("n0", "n2"), ("n2", "n0")] {
            let old = try #require(cluster.links.first { $0.from == .node(a) && $0.to == .node(b) })
            let new = try #require(derated.links.first { $0.from == .node(a) && $0.to == .node(b) })
            #expect(new.bandwidthBytesPerSecond == old.bandwidthBytesPerSecond * 0.1)
            #expect(new.latencySeconds == old.latencySeconds * 3)
        }
        let untouched = derated.links.filter { Set([$0.from, $0.to]) != Set([.node("n0"), .node("n2")]) }
        #expect(untouched.count == cluster.links.count - 2)
    }

    @Test func removingAndAddingKeepOtherIDsAndTables() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 5)
        let removed = try cluster.removingNodes(["n2"])
        #expect(removed.nodes.map(\.id) == ["n0", "n1", "n3", "n4"])
        #expect(removed.links.allSatisfy { $0.from != .node("n2") && $0.to != .node("n2") })
        #expect(removed.gpuTypes == cluster.gpuTypes)
        let added = try removed.addingNode(id: "fresh", type: "big")
        #expect(added.nodes.map(\.id) == ["n0", "n1", "n3", "n4", "fresh"])
        // Wired like the first big node (n0): its links, plus one each way between the two.
        let template = cluster.links.filter { $0.from == .node("n0") || $0.to == .node("n0") }.count
        let fresh = added.links.filter { $0.from == .node("fresh") || $0.to == .node("fresh") }.count
        #expect(fresh == template - 2 + 2)
    }

    @Test func badEditsNameTheCulprit() throws {
        let cluster = try ClusterFixtures.small()
        #expect(throws: ReplanError.unknownNode(field: "--fail", id: "ghost")) { try cluster.removingNodes(["ghost"], field: "--fail") }
        #expect(throws: ReplanError.invalidFactor(field: "derate", value: 0, requirement: "in (0, 1]")) {
            try cluster.deratingNode("n0", factor: 0)
        }
        #expect(throws: ReplanError.invalidFactor(field: "derate", value: 1.5, requirement: "in (0, 1]")) {
            try cluster.deratingNode("n0", factor: 1.5)
        }
        #expect(throws: ReplanError.unknownLink(field: "derate-link", from: "n0", to: "ghost")) {
            try cluster.deratingLink(between: "n0", and: "ghost", bandwidthFactor: 0.5)
        }
        #expect(throws: ReplanError.unknownGPUType(field: "add", name: "H100")) { try cluster.addingNode(id: "x", type: "H100") }
        #expect(throws: ReplanError.duplicateNode(field: "add", id: "n1")) { try cluster.addingNode(id: "n1", type: "big") }
        #expect(throws: ReplanError.self) { try cluster.removingNodes(cluster.nodes.map(\.id)) }
        let message = ReplanError.unknownNode(field: "--fail", id: "ghost").description
        #expect(message.contains("--fail") && message.contains("ghost"))
    }
}
