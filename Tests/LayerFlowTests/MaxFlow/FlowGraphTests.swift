@testable import LayerFlow
import Testing

@Suite("FlowGraph")
struct FlowGraphTests {
    @Test func arcsAreNumberedInInsertionOrder() {
        var graph = FlowGraph(nodeCount: 3, arcCapacityHint: 4)
        #expect(graph.nodeCount == 3)
        #expect(graph.arcCount == 0)
        #expect(graph.addArc(from: 0, to: 1, capacity: 2.5) == 0)
        #expect(graph.addArc(from: 1, to: 2, capacity: 0) == 1)
        #expect(graph.addArc(from: 1, to: 2, capacity: 7) == 2)  // parallel
        #expect(graph.addArc(from: 2, to: 2, capacity: 1) == 3)  // self-loop
        #expect(graph.arcCount == 4)
        #expect(graph.tail(of: 2) == 1)
        #expect(graph.head(of: 2) == 2)
        #expect(graph.capacity(of: 0) == 2.5)
        #expect(graph.capacity(of: 1) == 0)
        #expect(graph.tail(of: 3) == graph.head(of: 3))
    }

    @Test func graphsAreValuesAndComparable() {
        var a = FlowGraph(nodeCount: 2)
        a.addArc(from: 0, to: 1, capacity: 1)
        var b = a
        #expect(a == b)
        b.addArc(from: 1, to: 0, capacity: 1)
        #expect(a != b)
        #expect(a.arcCount == 1, "copies do not share arcs")
    }

    @Test func infiniteCapacityIsAccepted() {
        var graph = FlowGraph(nodeCount: 2)
        graph.addArc(from: 0, to: 1, capacity: .infinity)
        #expect(graph.capacity(of: 0) == .infinity)
    }

    @Test func invalidArcsStopTheProgram() async {
        await #expect(processExitsWith: .failure) {
            var graph = FlowGraph(nodeCount: 2)
            graph.addArc(from: 0, to: 1, capacity: -1)
        }
        await #expect(processExitsWith: .failure) {
            var graph = FlowGraph(nodeCount: 2)
            graph.addArc(from: 0, to: 1, capacity: .nan)
        }
        await #expect(processExitsWith: .failure) {
            var graph = FlowGraph(nodeCount: 2)
            graph.addArc(from: 0, to: 2, capacity: 1)
        }
    }

    @Test func sourceEqualToSinkStopsTheProgram() async {
        await #expect(processExitsWith: .failure) {
            var graph = FlowGraph(nodeCount: 2)
            graph.addArc(from: 0, to: 1, capacity: 1)
            _ = graph.maxFlow(from: 1, to: 1)
        }
    }
}
