@testable import LayerFlow
import PropertyBased
import Testing

/// Push-relabel against Edmonds–Karp (and, on small graphs, against a brute-force
/// minimum cut in plain `Double` arithmetic) on random graphs.
@Suite("Max flow on random graphs")
struct MaxFlowPropertyTests {
    static let profiles = Gen.int(in: 0...(CapacityProfile.allCases.count - 1))
        .map { CapacityProfile(rawValue: $0)! }

    @Test func pushRelabelAgreesWithEdmondsKarp() async {
        await propertyCheck(
            count: 1_000,
            input: Gen.int(in: 2...40), Gen.int(in: 1...100), Self.profiles, Gen.uint64()
        ) { nodeCount, densityPercent, profile, seed in
            let problem = RandomFlowProblem(
                nodeCount: nodeCount, densityPercent: densityPercent, profile: profile, seed: seed)
            let graph = problem.graph
            let pushRelabel = graph.quantizedMaxFlow(from: problem.source, to: problem.sink, algorithm: .pushRelabel)
            let edmondsKarp = graph.quantizedMaxFlow(from: problem.source, to: problem.sink, algorithm: .edmondsKarp)

            // Same fixed-point problem, so the same integers.
            #expect(pushRelabel.capacities == edmondsKarp.capacities, "\(problem)")
            #expect(pushRelabel.value == edmondsKarp.value, "\(problem)")
            #expect(pushRelabel.sourceSide == edmondsKarp.sourceSide, "\(problem): minimal min-cut side differs")

            let pushRelabelValue = pushRelabel.result().value
            let edmondsKarpValue = edmondsKarp.result().value
            #expect(maxFlowRelativeError(pushRelabelValue, edmondsKarpValue) <= 1e-9, "\(problem)")

            expectValidMaxFlow(graph, source: problem.source, sink: problem.sink, algorithm: .pushRelabel, context: "\(problem)")
        }
    }

    /// Graphs of up to 12 nodes have few enough cuts to enumerate: the value must
    /// match the real-arithmetic minimum cut to 1e-12 relative.
    @Test func valueMatchesBruteForceMinimumCut() async {
        await propertyCheck(
            count: 300,
            input: Gen.int(in: 2...12), Gen.int(in: 5...100), Self.profiles, Gen.uint64()
        ) { nodeCount, densityPercent, profile, seed in
            let problem = RandomFlowProblem(
                nodeCount: nodeCount, densityPercent: densityPercent, profile: profile, seed: seed)
            let expected = bruteForceMinCut(problem.graph, source: problem.source, sink: problem.sink)
            for algorithm in MaxFlowAlgorithm.allCases {
                let result = problem.graph.maxFlow(from: problem.source, to: problem.sink, algorithm: algorithm)
                #expect(result.value <= expected * (1 + 1e-15), "\(algorithm) \(problem): \(result.value) > \(expected)")
                #expect(
                    maxFlowRelativeError(result.value, expected) <= 1e-12,
                    "\(algorithm) \(problem): \(result.value) vs brute force \(expected)")
            }
        }
    }

    /// Helix-sized networks (up to 60 compute nodes, full mesh): the two algorithms
    /// agree and the push-relabel result passes every check.
    @Test(arguments: [(24, 1 as UInt64), (40, 2), (60, 3)])
    func helixSizedNetworks(computeNodes: Int, seed: UInt64) {
        let problem = RandomFlowProblem(
            nodeCount: 2 + 2 * computeNodes, densityPercent: 100, profile: .helixLike, seed: seed)
        let pushRelabel = problem.graph.maxFlow(from: problem.source, to: problem.sink)
        let edmondsKarp = problem.graph.maxFlow(from: problem.source, to: problem.sink, algorithm: .edmondsKarp)
        #expect(pushRelabel.value > 0)
        #expect(pushRelabel.value == edmondsKarp.value)
        #expect(pushRelabel.cutArcs == edmondsKarp.cutArcs)
        #expect(pushRelabel.resolution < 1e-12)
        expectValidMaxFlow(problem.graph, source: problem.source, sink: problem.sink, algorithm: .pushRelabel)
    }
}
