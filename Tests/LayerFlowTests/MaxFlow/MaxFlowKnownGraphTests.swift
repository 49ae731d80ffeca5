@testable import LayerFlow
import Testing

/// Small graphs whose maximum flows and minimum cuts are known by hand, solved by
/// both algorithms.
@Suite("Max flow on hand-made graphs")
struct MaxFlowKnownGraphTests {
    static let algorithms = MaxFlowAlgorithm.allCases

    /// The network of CLRS figure 26.6: value 23, cut {s, v1, v2, v4}.
    static func textbook() -> FlowGraph {
        var graph = FlowGraph(nodeCount: 6)
        graph.addArc(from: 0, to: 1, capacity: 16)  // 0: s → v1
        graph.addArc(from: 0, to: 2, capacity: 13)  // 1: s → v2
        graph.addArc(from: 2, to: 1, capacity: 4)   // 2: v2 → v1
        graph.addArc(from: 1, to: 3, capacity: 12)  // 3: v1 → v3
        graph.addArc(from: 3, to: 2, capacity: 9)   // 4: v3 → v2
        graph.addArc(from: 2, to: 4, capacity: 14)  // 5: v2 → v4
        graph.addArc(from: 4, to: 3, capacity: 7)   // 6: v4 → v3
        graph.addArc(from: 3, to: 5, capacity: 20)  // 7: v3 → t
        graph.addArc(from: 4, to: 5, capacity: 4)   // 8: v4 → t
        return graph
    }

    @Test(arguments: algorithms)
    func textbookNetwork(algorithm: MaxFlowAlgorithm) {
        let graph = Self.textbook()
        let result = graph.maxFlow(from: 0, to: 5, algorithm: algorithm)
        #expect(result.value == 23)
        #expect(result.sourceSide == [true, true, true, false, true, false])
        #expect(result.cutArcs == [3, 6, 8])  // 12 + 7 + 4 = 23
        #expect(result.arcFlows[3] == 12 && result.arcFlows[6] == 7 && result.arcFlows[8] == 4)
        #expect(result.arcFlows[4] == 0, "the arc back into S carries nothing")
        expectValidMaxFlow(graph, source: 0, sink: 5, algorithm: algorithm)
    }

    @Test(arguments: algorithms)
    func parallelArcsAddUp(algorithm: MaxFlowAlgorithm) {
        var graph = FlowGraph(nodeCount: 3)
        graph.addArc(from: 0, to: 1, capacity: 1)
        graph.addArc(from: 0, to: 1, capacity: 2)
        graph.addArc(from: 0, to: 1, capacity: 0.5)
        graph.addArc(from: 1, to: 2, capacity: 10)
        let result = graph.maxFlow(from: 0, to: 2, algorithm: algorithm)
        #expect(result.value == 3.5)
        #expect(result.arcFlows == [1, 2, 0.5, 3.5])
        #expect(result.cutArcs == [0, 1, 2])
        expectValidMaxFlow(graph, source: 0, sink: 2, algorithm: algorithm)
    }

    @Test(arguments: algorithms)
    func selfLoopsCarryNothing(algorithm: MaxFlowAlgorithm) {
        var graph = FlowGraph(nodeCount: 3)
        graph.addArc(from: 0, to: 0, capacity: 100)
        graph.addArc(from: 0, to: 1, capacity: 5)
        graph.addArc(from: 1, to: 1, capacity: 100)
        graph.addArc(from: 1, to: 2, capacity: 3)
        graph.addArc(from: 2, to: 2, capacity: 100)
        let result = graph.maxFlow(from: 0, to: 2, algorithm: algorithm)
        #expect(result.value == 3)
        #expect(result.arcFlows == [0, 3, 0, 3, 0])
        #expect(result.cutArcs == [3])
        expectValidMaxFlow(graph, source: 0, sink: 2, algorithm: algorithm)
    }

    @Test(arguments: algorithms)
    func disconnectedSink(algorithm: MaxFlowAlgorithm) {
        var graph = FlowGraph(nodeCount: 5)
        graph.addArc(from: 0, to: 1, capacity: 4)
        graph.addArc(from: 1, to: 2, capacity: 4)
        graph.addArc(from: 3, to: 4, capacity: 4)  // the sink's side, unreachable
        let result = graph.maxFlow(from: 0, to: 4, algorithm: algorithm)
        #expect(result.value == 0)
        #expect(result.arcFlows == [0, 0, 0])
        #expect(result.sourceSide == [true, true, true, false, false])
        #expect(result.cutArcs.isEmpty)
        expectValidMaxFlow(graph, source: 0, sink: 4, algorithm: algorithm)
    }

    @Test(arguments: algorithms)
    func graphWithoutArcs(algorithm: MaxFlowAlgorithm) {
        let graph = FlowGraph(nodeCount: 2)
        let result = graph.maxFlow(from: 1, to: 0, algorithm: algorithm)
        #expect(result.value == 0)
        #expect(result.arcFlows.isEmpty)
        #expect(result.sourceSide == [false, true])
    }

    @Test(arguments: algorithms)
    func zeroCapacityArcsBlockAndAreCut(algorithm: MaxFlowAlgorithm) {
        var graph = FlowGraph(nodeCount: 4)
        graph.addArc(from: 0, to: 1, capacity: 10)
        graph.addArc(from: 1, to: 2, capacity: 0)
        graph.addArc(from: 2, to: 3, capacity: 10)
        graph.addArc(from: 0, to: 3, capacity: 0)
        let result = graph.maxFlow(from: 0, to: 3, algorithm: algorithm)
        #expect(result.value == 0)
        #expect(result.sourceSide == [true, true, false, false])
        #expect(result.cutArcs == [1, 3])
        expectValidMaxFlow(graph, source: 0, sink: 3, algorithm: algorithm)
    }

    /// 0.1 + 0.2 arrive at a node whose only exit is 0.3 (< 0.1 + 0.2 in Double):
    /// a float implementation would strand 5.5e-17 of excess, or loop.
    @Test(arguments: algorithms)
    func floatDriftDoesNotBite(algorithm: MaxFlowAlgorithm) {
        var graph = FlowGraph(nodeCount: 4)
        graph.addArc(from: 0, to: 1, capacity: 0.1)
        graph.addArc(from: 0, to: 1, capacity: 0.2)
        graph.addArc(from: 1, to: 2, capacity: 0.3)
        graph.addArc(from: 2, to: 3, capacity: 0.1 + 0.2)
        let result = graph.maxFlow(from: 0, to: 3, algorithm: algorithm)
        #expect(abs(result.value - 0.3) <= 4 * result.resolution)
        #expect(result.value <= 0.3)
        expectValidMaxFlow(graph, source: 0, sink: 3, algorithm: algorithm)

        // Ten arcs of 0.1 feeding one arc of 1.0 and back out through ten more.
        var fan = FlowGraph(nodeCount: 4)
        for _ in 0..<10 { fan.addArc(from: 0, to: 1, capacity: 0.1) }
        fan.addArc(from: 1, to: 2, capacity: 1.0)
        for _ in 0..<10 { fan.addArc(from: 2, to: 3, capacity: 0.1) }
        let fanResult = fan.maxFlow(from: 0, to: 3, algorithm: algorithm)
        #expect(abs(fanResult.value - 1.0) <= 1e-15)
        expectValidMaxFlow(fan, source: 0, sink: 3, algorithm: algorithm)
    }

    @Test(arguments: algorithms)
    func arcsIntoTheSourceAndOutOfTheSinkCarryNothing(algorithm: MaxFlowAlgorithm) {
        var graph = FlowGraph(nodeCount: 3)
        graph.addArc(from: 0, to: 1, capacity: 5)
        graph.addArc(from: 1, to: 0, capacity: 5)
        graph.addArc(from: 1, to: 2, capacity: 2)
        graph.addArc(from: 2, to: 1, capacity: 5)
        graph.addArc(from: 2, to: 0, capacity: 5)
        let result = graph.maxFlow(from: 0, to: 2, algorithm: algorithm)
        #expect(result.value == 2)
        #expect(result.arcFlows == [2, 0, 2, 0, 0])
        expectValidMaxFlow(graph, source: 0, sink: 2, algorithm: algorithm)
    }

    /// A flow that must use a back-and-forth route: the greedy path s→a→b→t has to
    /// be partly undone for the maximum (value 2 instead of 1).
    @Test(arguments: algorithms)
    func flowMustBeRerouted(algorithm: MaxFlowAlgorithm) {
        var graph = FlowGraph(nodeCount: 4)
        graph.addArc(from: 0, to: 1, capacity: 1)  // s → a
        graph.addArc(from: 0, to: 2, capacity: 1)  // s → b
        graph.addArc(from: 1, to: 2, capacity: 1)  // a → b
        graph.addArc(from: 1, to: 3, capacity: 1)  // a → t
        graph.addArc(from: 2, to: 3, capacity: 1)  // b → t
        let result = graph.maxFlow(from: 0, to: 3, algorithm: algorithm)
        #expect(result.value == 2)
        #expect(result.arcFlows[2] == 0, "the unique maximum flow leaves a → b empty")
        expectValidMaxFlow(graph, source: 0, sink: 3, algorithm: algorithm)
    }

    @Test(arguments: algorithms)
    func infiniteArcs(algorithm: MaxFlowAlgorithm) {
        var graph = FlowGraph(nodeCount: 4)
        graph.addArc(from: 0, to: 1, capacity: .infinity)
        graph.addArc(from: 1, to: 2, capacity: .infinity)
        graph.addArc(from: 2, to: 3, capacity: 7.25)
        graph.addArc(from: 0, to: 3, capacity: 1)
        let bounded = graph.maxFlow(from: 0, to: 3, algorithm: algorithm)
        #expect(bounded.value == 8.25)
        #expect(bounded.cutArcs == [2, 3])
        expectValidMaxFlow(graph, source: 0, sink: 3, algorithm: algorithm)

        graph.addArc(from: 2, to: 3, capacity: .infinity)
        #expect(graph.maxFlow(from: 0, to: 3, algorithm: algorithm).value == .infinity)
    }

    @Test(arguments: algorithms)
    func extremeMagnitudes(algorithm: MaxFlowAlgorithm) {
        for capacity in [1e-250, 1e-9, 1e250] {
            var graph = FlowGraph(nodeCount: 3)
            graph.addArc(from: 0, to: 1, capacity: capacity * 3)
            graph.addArc(from: 1, to: 2, capacity: capacity)
            graph.addArc(from: 1, to: 2, capacity: capacity)
            let result = graph.maxFlow(from: 0, to: 2, algorithm: algorithm)
            #expect(maxFlowRelativeError(result.value, 2 * capacity) <= 1e-15, "capacity \(capacity)")
            expectValidMaxFlow(graph, source: 0, sink: 2, algorithm: algorithm, context: "\(capacity)")
        }
    }

    /// A Helix-style pipeline: two stages of two GPUs each, split in → out.
    /// Stage 1 holds 900 + 400, stage 2 holds 700 + 800, and the network limits
    /// node 1 → node 3 to 50. Node 1 sends 350 to node 2 and 50 to node 3, node 0
    /// sends 350 to node 2 and 550 to node 3: all 1300 of stage 1 get through.
    @Test(arguments: algorithms)
    func helixStylePipeline(algorithm: MaxFlowAlgorithm) {
        var graph = FlowGraph(nodeCount: 10)
        let source = 0, sink = 1
        func input(_ node: Int) -> Int { 2 + 2 * node }
        func output(_ node: Int) -> Int { 3 + 2 * node }
        let capacities = [900.0, 400, 700, 800]
        for node in 0..<4 { graph.addArc(from: input(node), to: output(node), capacity: capacities[node]) }
        graph.addArc(from: source, to: input(0), capacity: 5e8)
        graph.addArc(from: source, to: input(1), capacity: 5e8)
        graph.addArc(from: output(0), to: input(2), capacity: 61_035.15625)
        graph.addArc(from: output(0), to: input(3), capacity: 61_035.15625)
        graph.addArc(from: output(1), to: input(2), capacity: 61_035.15625)
        graph.addArc(from: output(1), to: input(3), capacity: 50)
        graph.addArc(from: output(2), to: sink, capacity: 5e8)
        graph.addArc(from: output(3), to: sink, capacity: 5e8)
        let result = graph.maxFlow(from: source, to: sink, algorithm: algorithm)
        #expect(result.value == 1300)
        #expect(result.resolution < 1e-12)
        expectValidMaxFlow(graph, source: source, sink: sink, algorithm: algorithm)
    }

    /// A graph where the capacity leaving the source dwarfs the maximum flow, so the
    /// first fixed-point solve is coarse and a refinement must tighten it.
    @Test(arguments: algorithms)
    func coarseFirstSolveIsRefined(algorithm: MaxFlowAlgorithm) {
        var graph = FlowGraph(nodeCount: 4)
        graph.addArc(from: 0, to: 1, capacity: 1e9)
        graph.addArc(from: 1, to: 2, capacity: 1e9)
        graph.addArc(from: 2, to: 3, capacity: 1e-3 / 3)  // resolution of the first solve: 2^-32
        graph.addArc(from: 2, to: 3, capacity: 1e-3 / 7)
        let exact = graph.quantizedMaxFlow(from: 0, to: 3, algorithm: algorithm)
        #expect(exact.refinements == 1)
        let result = exact.result()
        #expect(maxFlowRelativeError(result.value, 1e-3 / 3 + 1e-3 / 7) <= 1e-15)
        #expect(result.cutArcs == [2, 3])
        expectValidMaxFlow(graph, source: 0, sink: 3, algorithm: algorithm)
    }

    /// The example at the top of docs/Guides/MaxFlow.md.
    @Test func guideExample() {
        var graph = FlowGraph(nodeCount: 4)
        graph.addArc(from: 0, to: 1, capacity: 3)
        graph.addArc(from: 0, to: 2, capacity: 2)
        graph.addArc(from: 1, to: 3, capacity: 2)
        graph.addArc(from: 2, to: 3, capacity: 3)
        let result = graph.maxFlow(from: 0, to: 3)
        #expect(result.value == 4)
        #expect(result.arcFlows == [2, 2, 2, 2])
        #expect(result.sourceSide == [true, true, false, false])
        #expect(result.cutArcs == [1, 2])
        #expect(result.resolution == 0x1p-59)
    }

    @Test func bothAlgorithmsAgreeOnTheCut() {
        let graph = Self.textbook()
        let pushRelabel = graph.maxFlow(from: 0, to: 5)
        let edmondsKarp = graph.maxFlow(from: 0, to: 5, algorithm: .edmondsKarp)
        #expect(pushRelabel.value == edmondsKarp.value)
        #expect(pushRelabel.sourceSide == edmondsKarp.sourceSide)
        #expect(pushRelabel.cutArcs == edmondsKarp.cutArcs)
        #expect(pushRelabel.resolution == edmondsKarp.resolution)
    }
}
