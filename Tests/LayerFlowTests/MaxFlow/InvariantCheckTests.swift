@testable import LayerFlow
import PropertyBased
import Testing

/// The invariant checks are compiled into test builds, run after every solve (the property tests
/// of the max flow exercise them on thousands of graphs), and catch a broken flow.
@Suite struct InvariantCheckTests {
    @Test func testBuildsCheckInvariants() {
        #expect(invariantChecksAreCompiledIn, "Package.swift defines LAYERFLOW_INVARIANTS for debug builds")
    }

    @Test func aMaximumFlowPassesAndATamperedOneIsCaught() async {
        await propertyCheck(count: 200, input: Gen.int(in: 3...30), Gen.int(in: 10...100), Gen.uint64()) { nodes, density, seed in
            let problem = RandomFlowProblem(nodeCount: nodes, densityPercent: density, profile: .uniformAtOneScale, seed: seed)
            for algorithm in MaxFlowAlgorithm.allCases {
                let flow = problem.graph.quantizedMaxFlow(from: problem.source, to: problem.sink, algorithm: algorithm)
                #expect(flow.violation(in: problem.graph, source: problem.source, sink: problem.sink) == nil)
                // One more quantum on an arc that carries flow breaks conservation (or the
                // capacity, or the cut).
                guard let arc = flow.arcFlows.indices.first(where: { flow.arcFlows[$0] > 0 }) else { continue }
                var tampered = flow
                tampered.arcFlows[arc] -= 1
                #expect(tampered.violation(in: problem.graph, source: problem.source, sink: problem.sink) != nil)
            }
        }
    }
}
