@_spi(Benchmarks) @testable import LayerFlow
import Testing

/// A small, fast, seedable random number generator (SplitMix64) so that random
/// graphs are reproducible from a single integer.
struct MaxFlowTestRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// |a − b| / max(|a|, |b|), and 0 when both are 0.
func maxFlowRelativeError(_ a: Double, _ b: Double) -> Double {
    let magnitude = max(abs(a), abs(b))
    return magnitude == 0 ? 0 : abs(a - b) / magnitude
}

/// Checks everything a maximum-flow result promises, both in capacity units and at
/// the integer level, and records an issue for each violation.
///
/// The checks together are a certificate of optimality that does not trust the
/// solver: a feasible flow plus a cut whose capacity equals the flow value proves
/// both optimal.
func expectValidMaxFlow(
    _ graph: FlowGraph,
    source: Int,
    sink: Int,
    algorithm: MaxFlowAlgorithm,
    context: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let exact = graph.quantizedMaxFlow(from: source, to: sink, algorithm: algorithm)
    let result = exact.result()
    let fixed = exact.capacities
    let resolution = result.resolution
    let label = "\(algorithm) \(context)"

    #expect(result.arcFlows.count == graph.arcCount, "\(label): arcFlows count", sourceLocation: sourceLocation)
    #expect(result.sourceSide.count == graph.nodeCount, "\(label): sourceSide count", sourceLocation: sourceLocation)
    #expect(resolution == 1 / fixed.scale && resolution > 0, "\(label): resolution", sourceLocation: sourceLocation)
    #expect(fixed.sourceCapacityBound <= FixedPointCapacities.maximumQuanta, sourceLocation: sourceLocation)

    // Integer level: capacities, conservation (exact), value.
    var integerBalance = [Int64](repeating: 0, count: graph.nodeCount)
    var capacityViolations = 0
    let tightened = fixed.tightened  // computed on each access
    for arc in 0..<graph.arcCount {
        let flow = exact.arcFlows[arc]
        if flow < 0 || flow > tightened[arc] || tightened[arc] > fixed.quantized[arc] {
            capacityViolations += 1
        }
        if graph.tail(of: arc) == graph.head(of: arc) && flow != 0 { capacityViolations += 1 }
        integerBalance[graph.tail(of: arc)] -= flow
        integerBalance[graph.head(of: arc)] += flow
    }
    #expect(capacityViolations == 0, "\(label): integer capacity violations", sourceLocation: sourceLocation)
    let unbalanced = (0..<graph.nodeCount).filter { $0 != source && $0 != sink && integerBalance[$0] != 0 }
    #expect(unbalanced.isEmpty, "\(label): integer conservation fails at \(unbalanced)", sourceLocation: sourceLocation)
    #expect(exact.value == -integerBalance[source], "\(label): integer value", sourceLocation: sourceLocation)
    #expect(exact.value == integerBalance[sink], "\(label): integer value at sink", sourceLocation: sourceLocation)

    // Integer level: the cut certificate. Every arc leaving S is saturated at its
    // quantized capacity, every arc entering S is empty, and the value equals the cut.
    let side = exact.sourceSide
    #expect(side[source], "\(label): source on the source side", sourceLocation: sourceLocation)
    if !fixed.isUnbounded {
        #expect(!side[sink], "\(label): sink on the source side", sourceLocation: sourceLocation)
    }
    var cutQuanta: Int64 = 0
    var crossingResidual = 0
    for arc in 0..<graph.arcCount {
        let tail = graph.tail(of: arc), head = graph.head(of: arc)
        if side[tail] && !side[head] {
            cutQuanta += fixed.quantized[arc]
            if exact.arcFlows[arc] != fixed.quantized[arc] { crossingResidual += 1 }
        } else if !side[tail] && side[head] && exact.arcFlows[arc] != 0 {
            crossingResidual += 1
        }
    }
    #expect(crossingResidual == 0, "\(label): residual arcs cross from S to T", sourceLocation: sourceLocation)
    #expect(cutQuanta == exact.value, "\(label): cut \(cutQuanta) != value \(exact.value) quanta", sourceLocation: sourceLocation)

    // Capacity units.
    let valueTolerance = 1e-12 * abs(result.value) + 4 * resolution
    var outOfBounds: [Int] = []
    var sourceBalance = 0.0
    var inflow = [Double](repeating: 0, count: graph.nodeCount)
    var outflow = [Double](repeating: 0, count: graph.nodeCount)
    for arc in 0..<graph.arcCount {
        let flow = result.arcFlows[arc]
        if !(flow >= 0 && flow <= graph.capacity(of: arc)) { outOfBounds.append(arc) }
        outflow[graph.tail(of: arc)] += flow
        inflow[graph.head(of: arc)] += flow
        if graph.tail(of: arc) == source { sourceBalance += flow }
        if graph.head(of: arc) == source { sourceBalance -= flow }
    }
    #expect(outOfBounds.isEmpty, "\(label): 0 <= flow <= capacity fails on arcs \(outOfBounds)", sourceLocation: sourceLocation)
    let leaky = (0..<graph.nodeCount).filter { node in
        node != source && node != sink
            && abs(inflow[node] - outflow[node]) > 1e-12 * max(inflow[node], outflow[node]) + 4 * resolution
    }
    #expect(leaky.isEmpty, "\(label): conservation fails at \(leaky)", sourceLocation: sourceLocation)
    if !fixed.isUnbounded {
        #expect(abs(sourceBalance - result.value) <= valueTolerance, "\(label): value \(result.value) != net source outflow \(sourceBalance)", sourceLocation: sourceLocation)
        let expectedCut = (0..<graph.arcCount).filter { side[graph.tail(of: $0)] && !side[graph.head(of: $0)] }
        #expect(result.cutArcs == expectedCut, "\(label): cutArcs are the arcs leaving sourceSide", sourceLocation: sourceLocation)
        #expect(result.cutArcs == result.cutArcs.sorted(), "\(label): cutArcs ascending", sourceLocation: sourceLocation)
        let cutCapacity = result.cutArcs.reduce(0.0) { $0 + graph.capacity(of: $1) }
        let slack = cutCapacity - result.value
        #expect(
            slack >= -valueTolerance && slack <= Double(result.cutArcs.count) * resolution + valueTolerance,
            "\(label): cut capacity \(cutCapacity) vs value \(result.value) (|C| = \(result.cutArcs.count), resolution \(resolution))",
            sourceLocation: sourceLocation)
    }
}

/// The minimum s–t cut by brute force over every node subset (real arithmetic, no
/// fixed point): an independent reference for graphs of up to ~14 nodes.
func bruteForceMinCut(_ graph: FlowGraph, source: Int, sink: Int) -> Double {
    let others = (0..<graph.nodeCount).filter { $0 != source && $0 != sink }
    var best = Double.infinity
    for mask in 0..<(1 << others.count) {
        var inSource = [Bool](repeating: false, count: graph.nodeCount)
        inSource[source] = true
        for (bit, node) in others.enumerated() where mask & (1 << bit) != 0 { inSource[node] = true }
        var capacity = 0.0
        for arc in 0..<graph.arcCount where inSource[graph.tail(of: arc)] && !inSource[graph.head(of: arc)] {
            capacity += graph.capacity(of: arc)
        }
        best = min(best, capacity)
    }
    return best
}
