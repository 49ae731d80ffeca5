import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// Health → virtual topology: exclusions and deratings with reasons, exact capacities, typed errors.
@Suite struct HealthTopologyTests {
    @Test func excludesAndDeratesWithAReasonForEach() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 4)
        let health = ClusterHealth(
            nodes: ["n0": NodeHealth(throughputFactor: 0.1), "n1": NodeHealth(throughputFactor: 0.6),
                    "n2": NodeHealth(failuresPerHour: 5), "n3": NodeHealth(usable: true)],
            links: [LinkHealth(from: "n1", to: "n3", bandwidthFactor: 0.5, latencyFactor: 2, loss: 0.2),
                    LinkHealth(from: "coordinator", to: "n3", bandwidthFactor: 0.1)],
            policy: HealthPolicy(excludeBelowFactor: 0.25, horizonHours: 1, maxFailureProbability: 0.5))
        let topology = try health.virtualTopology(of: cluster)
        #expect(topology.cluster.nodes.map(\.id) == ["n1", "n3"])
        let byElement = Dictionary(uniqueKeysWithValues: topology.decisions.map { ($0.element, $0) })
        #expect(byElement["n0"]?.action == .excluded && byElement["n0"]!.reason.contains("0.1"))
        #expect(byElement["n2"]?.action == .excluded && byElement["n2"]!.reason.contains("probability"))
        #expect(byElement["n1"]?.action == .derated && byElement["n1"]?.factor == 0.6)
        #expect(byElement["n1-n3"]?.action == .derated && byElement["n1-n3"]?.factor == 0.5 * (1 - 0.2))
        #expect(byElement["coordinator-n3"]?.action == .excluded)
        #expect(byElement["n3"] == nil)
        let before = try #require(cluster.nodeIndex(of: "n1"))
        let after = try #require(topology.cluster.nodeIndex(of: "n1"))
        for k in 1...4 {
            #expect(topology.cluster.nodeCapacityTokensPerSecond(nodeAt: after, layers: k)
                == cluster.nodeCapacityTokensPerSecond(nodeAt: before, layers: k) * 0.6)
        }
        #expect(!topology.cluster.links.contains { $0.from == .coordinator && $0.to == .node("n3") })
    }

    @Test func availabilityWeightingMultipliesByTheSurvivalProbability() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 2)
        let rate = -log(0.8)  // fails within an hour with probability 0.2
        let health = ClusterHealth(nodes: ["n0": NodeHealth(failuresPerHour: rate)], policy: HealthPolicy(weightByAvailability: true))
        let topology = try health.virtualTopology(of: cluster)
        let decision = try #require(topology.decisions.first)
        #expect(abs(decision.factor - 0.8) < 1e-12)
    }

    @Test func badHealthNamesTheCulprit() throws {
        let cluster = try ClusterFixtures.small(nodeCount: 2)
        #expect(throws: ReplanError.unknownNode(field: "health.nodes", id: "ghost")) {
            try ClusterHealth(nodes: ["ghost": NodeHealth()]).virtualTopology(of: cluster)
        }
        #expect(throws: ReplanError.invalidFactor(field: "health.nodes[n0].throughputFactor", value: 1.2, requirement: "in (0, 1]")) {
            try ClusterHealth(nodes: ["n0": NodeHealth(throughputFactor: 1.2)]).virtualTopology(of: cluster)
        }
        #expect(throws: ReplanError.self) {
            try ClusterHealth(nodes: ["n0": NodeHealth(usable: false), "n1": NodeHealth(throughputFactor: 0.01)]).virtualTopology(of: cluster)
        }
        do {
            _ = try ClusterHealth(nodes: ["n0": NodeHealth(usable: false), "n1": NodeHealth(usable: false)]).virtualTopology(of: cluster)
            Issue.record("every node excluded must throw")
        } catch let error as ReplanError {
            guard case .everyNodeExcluded(let reasons) = error else { Issue.record("\(error)"); return }
            #expect(reasons.count == 2 && reasons[0].contains("n0"))
        }
    }

    @Test func healthFileDecodesWithDefaultsAndRefusesAnotherFormat() throws {
        let text = #"{"format": "layerflow-health/1", "nodes": {"n0": {"throughputFactor": 0.5}}, "links": [{"from": "n0", "to": "n1", "loss": 0.1}]}"#
        let health = try ClusterHealth.decode(Data(text.utf8))
        #expect(health.nodes["n0"] == NodeHealth(throughputFactor: 0.5))
        #expect(health.links == [LinkHealth(from: "n0", to: "n1", loss: 0.1)])
        #expect(health.policy == HealthPolicy())
        #expect(throws: FormatError.self) { try ClusterHealth.decode(Data(#"{"format": "layerflow-plan/1"}"#.utf8)) }
    }
}
