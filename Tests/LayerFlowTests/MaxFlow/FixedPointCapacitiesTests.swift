@_spi(Benchmarks) @testable import LayerFlow
import Testing

@Suite("Fixed-point capacities")
struct FixedPointCapacitiesTests {
    /// source → a → b → sink with a wide first arc: tightening caps it to what b can
    /// pass on, and the scale follows the tightened bound.
    @Test func tighteningUsesConservationBounds() {
        var graph = FlowGraph(nodeCount: 4)
        graph.addArc(from: 0, to: 1, capacity: 5e8)     // source → a, tightened to out(a) = 100
        graph.addArc(from: 1, to: 2, capacity: 100)     // a → b, tightened to out(b) = 30
        graph.addArc(from: 2, to: 3, capacity: 30)      // b → sink
        graph.addArc(from: 3, to: 0, capacity: 1)       // sink → source: useless
        let fixed = graph.fixedPointCapacities(source: 0, sink: 3)
        // Bound B = 100 < 2^7, so scale = 2^(61 − 6) = 2^55.
        #expect(fixed.scale == 0x1p55)
        #expect(fixed.resolution == 0x1p-55)
        #expect(fixed.quantized == [Int64(1) << 62, 100 << 55, 30 << 55, 0])
        #expect(fixed.tightened == [100 << 55, 30 << 55, 30 << 55, 0])
        #expect(fixed.sourceCapacityBound == 100 << 55)
        #expect(!fixed.isUnbounded)
    }

    @Test func scaleKeepsTheSourceBoundBelow2To62() {
        for capacity in [1e-3, 0.75, 1.0, 3.0, 1e6, 5e8, 1e9, 1e18, 1e300] {
            var graph = FlowGraph(nodeCount: 3)
            graph.addArc(from: 0, to: 1, capacity: capacity)
            graph.addArc(from: 0, to: 1, capacity: capacity)
            graph.addArc(from: 1, to: 2, capacity: capacity * 3)
            let fixed = graph.fixedPointCapacities(source: 0, sink: 2)
            #expect(fixed.sourceCapacityBound <= FixedPointCapacities.maximumQuanta, "capacity \(capacity)")
            #expect(fixed.sourceCapacityBound > FixedPointCapacities.maximumQuanta / 4, "scale as fine as allowed for \(capacity)")
            #expect(fixed.scale.significand == 1, "scale is a power of two for \(capacity)")
        }
    }

    @Test func quantizationRoundsDown() {
        // The bound is 1 + tiny, so the scale is 2^61 and the small arc is worth
        // 0.1 · 2^11 = 204.8 quanta, rounded down to 204.
        var graph = FlowGraph(nodeCount: 2)
        graph.addArc(from: 0, to: 1, capacity: 1)
        graph.addArc(from: 0, to: 1, capacity: 0.1 * 0x1p-50)
        let fixed = graph.fixedPointCapacities(source: 0, sink: 1)
        #expect(fixed.scale == 0x1p61)
        #expect(fixed.quantized == [1 << 61, 204])
        let result = graph.maxFlow(from: 0, to: 1)
        #expect(result.arcFlows[1] == 204 * 0x1p-61)
        #expect(result.arcFlows[1] < graph.capacity(of: 1))
    }

    @Test func helixShapedNetworksGetAResolutionNear1eMinus13() {
        // 24 compute nodes of at most 25,000 tokens/s, source and sink arcs of 5e8.
        var graph = FlowGraph(nodeCount: 50)
        for node in 0..<24 {
            graph.addArc(from: 2 + 2 * node, to: 3 + 2 * node, capacity: 25_000)
            graph.addArc(from: 0, to: 2 + 2 * node, capacity: 5e8)
            graph.addArc(from: 3 + 2 * node, to: 1, capacity: 5e8)
            for other in 0..<24 where other != node {
                graph.addArc(from: 3 + 2 * node, to: 2 + 2 * other, capacity: 1e9 / 16384)
            }
        }
        let fixed = graph.fixedPointCapacities(source: 0, sink: 1)
        #expect(fixed.resolution <= 1e-12)
        #expect(fixed.resolution >= 1e-14)
    }

    @Test func infiniteArcsAreSubstituted() {
        var graph = FlowGraph(nodeCount: 3)
        graph.addArc(from: 0, to: 1, capacity: .infinity)
        graph.addArc(from: 1, to: 2, capacity: 4)
        let bounded = graph.fixedPointCapacities(source: 0, sink: 2)
        #expect(!bounded.isUnbounded)
        #expect(bounded.infiniteCapacitySubstitute == 8)
        graph.addArc(from: 1, to: 2, capacity: .infinity)
        #expect(graph.fixedPointCapacities(source: 0, sink: 2).isUnbounded)
    }
}
