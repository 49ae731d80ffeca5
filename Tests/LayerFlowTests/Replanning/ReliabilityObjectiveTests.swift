import Foundation
import LayerFlow
import Testing

/// The reliability bar on single24: failure probabilities over the horizon of 2 % for T4s,
/// 20 % for three flaky L4s and 1 % otherwise; 10,000 seeded Monte Carlo samples on the true
/// cluster. A plan made on the health policy's virtual topology (nodes likelier than 10 % to fail
/// excluded, the rest weighted by availability) serves a higher mean max flow than the
/// throughput-only plan, with no higher outage probability. Prints the figures for the guide.
@Suite struct ReliabilityObjectiveTests {
    static let flakyL4s = ["0", "3", "5"]

    static func probabilities(_ cluster: Cluster) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: cluster.nodes.map { node in
            (node.id, flakyL4s.contains(node.id) ? 0.2 : node.type == "T4" ? 0.02 : 0.01)
        })
    }

    @Test func expectedThroughputPlanBeatsTheThroughputOnlyPlan() async throws {
        let (cluster, placement) = try ReplanFixtures.single24Plan()
        let probabilities = Self.probabilities(cluster)
        let rates = probabilities.mapValues { NodeHealth(failuresPerHour: -log(1 - $0)) }
        let health = ClusterHealth(nodes: rates, policy: HealthPolicy(maxFailureProbability: 0.1, weightByAvailability: true))
        let topology = try health.virtualTopology(of: cluster)
        let options = PlanOptions(timeLimitSeconds: 60, formulation: .none, deterministicNodeLimit: 1)
        let planned = try await Planner().plan(topology.cluster, options: options).placement
        // Derated nodes carry their own GPU type on the virtual cluster; the placement's ids are the true cluster's.
        let reliable = try cluster.reliability(of: planned, failureProbabilities: probabilities, samples: 10_000, seed: 0)
        let throughputOnly = try cluster.reliability(of: placement, failureProbabilities: probabilities, samples: 10_000, seed: 0)
        print("reliability: throughput-only mean \(throughputOnly.meanThroughputTokensPerSecond) outage \(throughputOnly.outageProbability) nominal \(throughputOnly.nominalThroughputTokensPerSecond); "
            + "expected-throughput mean \(reliable.meanThroughputTokensPerSecond) outage \(reliable.outageProbability) nominal \(reliable.nominalThroughputTokensPerSecond)")
        #expect(Self.flakyL4s.allSatisfy { planned[$0] == nil })
        #expect(reliable.meanThroughputTokensPerSecond >= 1.10 * throughputOnly.meanThroughputTokensPerSecond)
        #expect(reliable.outageProbability <= throughputOnly.outageProbability)
    }
}
