extension FlowGraph {
    /// Computes a maximum flow from `source` to `sink` and a minimum cut.
    ///
    /// The computation is exact on a fixed-point version of the graph (see
    /// `FixedPointCapacities`): capacities are rounded down to multiples of a
    /// power-of-two ``MaxFlowResult/resolution`` chosen so that no integer can
    /// overflow. The reported value `v` brackets the exact maximum flow `F*`:
    ///
    ///     v <= F* <= Σ capacity(cutArcs) <= v + cutArcs.count × resolution
    ///
    /// If that bracket is wider than `1e-12 × v` (possible only when the capacity
    /// leaving the source dwarfs the maximum flow), the problem is solved a second
    /// time with the source's outflow capped just above `Σ capacity(cutArcs)`, which
    /// shrinks the resolution to about `F* × 2^−61`. Either way the value is within
    /// `1e-12` relative of `F*` for any cut of fewer than 2^20 arcs. For
    /// Helix-shaped networks the first solve already has a resolution near 1e-13
    /// tokens/s.
    ///
    /// Both algorithms return the same `value`, `sourceSide` and `cutArcs` (those
    /// are properties of the fixed-point network, not of the particular maximum flow
    /// found); `arcFlows` may differ between them when the maximum flow is not unique.
    ///
    /// Self-loops carry no flow, nor do arcs into the source or out of the sink;
    /// parallel arcs are independent arcs. An arc of capacity `+infinity` is handled
    /// as described in `FixedPointCapacities`; if the sink is reachable from the
    /// source through such arcs alone, `value` is `+infinity` (the other fields then
    /// describe the network with infinite capacities substituted by finite ones).
    ///
    /// - Parameters:
    ///   - source: The source node. Must differ from `sink` (precondition: a flow from
    ///     a node to itself is not defined).
    ///   - sink: The sink node.
    ///   - algorithm: ``MaxFlowAlgorithm/pushRelabel`` (default, fast) or
    ///     ``MaxFlowAlgorithm/edmondsKarp`` (simple reference).
    /// - Returns: The flow value, a flow on every arc, and a minimum cut.
    /// - Complexity: O(V² √E) for highest-label push-relabel; O(V E²) for
    ///   Edmonds–Karp. Memory O(V + E).
    public func maxFlow(
        from source: Int, to sink: Int, algorithm: MaxFlowAlgorithm = .pushRelabel
    ) -> MaxFlowResult {
        quantizedMaxFlow(from: source, to: sink, algorithm: algorithm).result()
    }

    /// The maximum flow at the integer level: what ``maxFlow(from:to:algorithm:)``
    /// computes before converting to capacity units.
    func quantizedMaxFlow(
        from source: Int, to sink: Int, algorithm: MaxFlowAlgorithm
    ) -> QuantizedMaxFlow {
        precondition(source >= 0 && source < nodeCount, "maxFlow: source \(source) is not a node (nodeCount \(nodeCount))")
        precondition(sink >= 0 && sink < nodeCount, "maxFlow: sink \(sink) is not a node (nodeCount \(nodeCount))")
        precondition(source != sink, "maxFlow: source and sink must be different nodes")
        let first = solveFixedPoint(from: source, to: sink, algorithm: algorithm)
        return refined(first, algorithm: algorithm) ?? first
    }

    /// Quantizes, solves, and reads the minimum cut off the quantized residual graph.
    private func solveFixedPoint(
        from source: Int, to sink: Int, algorithm: MaxFlowAlgorithm
    ) -> QuantizedMaxFlow {
        let capacities = FixedPointCapacities(graph: self, source: source, sink: sink)
        let network = ResidualNetwork(graph: self, capacities: capacities)
        switch algorithm {
        case .pushRelabel:
            _ = PushRelabel.solve(network, source: source, sink: sink)
        case .edmondsKarp:
            _ = EdmondsKarp.solve(network, source: source, sink: sink)
        }
        checkInvariant(
            network.checkInvariants(graph: self, capacityOf: { [tightened = capacities.tightened] in tightened[$0] }), "residual network after the solve")
        let arcFlows = network.takeFlowsRelaxingToQuantizedCapacities(capacities, graph: self)
        checkInvariant(
            network.checkInvariants(graph: self, capacityOf: { [quantized = capacities.quantized] in quantized[$0] }), "residual network after relaxing")
        let sourceSide = network.reachable(from: source)
        let source32 = Int32(truncatingIfNeeded: source)
        var value: Int64 = 0  // arcs into the source carry no flow
        for arc in 0..<arcCount where tails[arc] == source32 { value += arcFlows[arc] }
        let result = QuantizedMaxFlow(
            capacities: capacities, value: value, arcFlows: arcFlows, sourceSide: sourceSide,
            cutArcs: cutArcs(sourceSide: sourceSide), refinements: 0)
        checkInvariant(result.violation(in: self, source: source, sink: sink), "maximum flow")
        return result
    }

    /// The arcs from the nodes marked in `sourceSide` to the others, ascending.
    func cutArcs(sourceSide: [Bool]) -> [Int] {
        var cut: [Int] = []
        sourceSide.withUnsafeBufferPointer { sourceSide in
            tails.withUnsafeBufferPointer { tails in
                heads.withUnsafeBufferPointer { heads in
                    for arc in 0..<tails.count where sourceSide[Int(tails[arc])] && !sourceSide[Int(heads[arc])] {
                        cut.append(arc)
                    }
                }
            }
        }
        return cut
    }

    /// A second, finer solve when the first one's bracket `[value, Σ cap(cut)]` is
    /// wider than ``QuantizedMaxFlow/relativeGapTarget``; `nil` if not needed or not
    /// helpful.
    ///
    /// The refinement solves the graph extended by a new source `s'` and one arc
    /// `s' → source` of capacity `U = Σ cap(cut) × (1 + 2^−20) > F*`. Its maximum flow
    /// is `min(U, F*) = F*`, the arc is never saturated (so the minimum cut is the same
    /// kind of cut of the original graph), and the flow bound that fixes the scale
    /// drops from the source's capacity to `U`.
    private func refined(_ first: QuantizedMaxFlow, algorithm: MaxFlowAlgorithm) -> QuantizedMaxFlow? {
        let fixed = first.capacities
        guard !fixed.isUnbounded else { return nil }
        let value = Double(first.value) * fixed.resolution
        let cutCapacity = first.cutArcs.reduce(0.0) { $0 + capacities[$1] }
        guard cutCapacity - value > QuantizedMaxFlow.relativeGapTarget * value else { return nil }
        let outflowCap = cutCapacity * (1 + 0x1p-20)
        let firstBound = Double(fixed.sourceCapacityBound) * fixed.resolution
        guard outflowCap.isFinite, outflowCap < firstBound / 2 else { return nil }

        let source = fixed.source, sink = fixed.sink
        let superSource = nodeCount
        var extendedCapacities = capacities
        for arc in 0..<arcCount where heads[arc] == source { extendedCapacities[arc] = 0 }
        var extended = FlowGraph(
            nodeCount: nodeCount + 1, tails: tails, heads: heads, capacities: extendedCapacities)
        extended.addArc(from: superSource, to: source, capacity: outflowCap)
        let second = extended.solveFixedPoint(from: superSource, to: sink, algorithm: algorithm)
        let arcFlows = Array(second.arcFlows.prefix(arcCount))
        var secondValue: Int64 = 0
        for arc in 0..<arcCount where tails[arc] == source { secondValue += arcFlows[arc] }
        let sourceSide = Array(second.sourceSide.prefix(nodeCount))
        return QuantizedMaxFlow(
            capacities: second.capacities.prefix(arcCount: arcCount, source: source, sink: sink),
            value: secondValue,
            arcFlows: arcFlows,
            sourceSide: sourceSide,
            cutArcs: cutArcs(sourceSide: sourceSide),
            refinements: 1)
    }
}

/// A maximum flow in quanta of the fixed-point problem (see `FixedPointCapacities`).
struct QuantizedMaxFlow: Sendable {
    /// The widest acceptable bracket `Σ cap(cut) − value`, relative to the value,
    /// before ``FlowGraph/maxFlow(from:to:algorithm:)`` refines the scale.
    static let relativeGapTarget = 1e-12

    /// The fixed-point problem that was solved.
    var capacities: FixedPointCapacities
    /// The flow value in quanta.
    var value: Int64
    /// The flow on each arc in quanta; `0 <= arcFlows[a] <= capacities.tightened[a]`.
    var arcFlows: [Int64]
    /// Nodes reachable from the source in the residual graph of `quantized`.
    var sourceSide: [Bool]
    /// The arcs from `sourceSide` to the other nodes, ascending: a minimum cut.
    var cutArcs: [Int]
    /// How many refinement solves were needed (0 or 1).
    var refinements: Int

    /// The result in capacity units.
    func result() -> MaxFlowResult {
        let resolution = capacities.resolution
        let doubleFlows = [Double](unsafeUninitializedCapacity: arcFlows.count) { buffer, initializedCount in
            arcFlows.withUnsafeBufferPointer { flows in
                for arc in 0..<flows.count { buffer.initializeElement(at: arc, to: Double(flows[arc]) * resolution) }
            }
            initializedCount = arcFlows.count
        }
        return MaxFlowResult(
            value: capacities.isUnbounded ? .infinity : Double(value) * resolution,
            arcFlows: doubleFlows,
            sourceSide: sourceSide,
            cutArcs: cutArcs,
            resolution: resolution)
    }
}

extension QuantizedMaxFlow {
    /// The first broken property of a maximum flow, or `nil`: every arc's flow within
    /// `0 ... tightened capacity`, conservation (exact, in quanta) at every node but the
    /// terminals, the value leaving the source arriving at the sink, every cut arc saturated at
    /// its quantized capacity and every arc back across the cut empty (so the cut proves the
    /// value maximal).
    /// - Complexity: O(V + E).
    func violation(in graph: FlowGraph, source: Int, sink: Int) -> String? {
        let tightened = capacities.tightened
        var balance = [Int64](repeating: 0, count: graph.nodeCount)
        for arc in 0..<graph.arcCount {
            let flow = arcFlows[arc]
            if flow < 0 || flow > tightened[arc] { return "arc \(arc) carries \(flow) quanta outside 0...\(tightened[arc])" }
            balance[graph.tail(of: arc)] -= flow
            balance[graph.head(of: arc)] += flow
        }
        for node in 0..<graph.nodeCount where node != source && node != sink && balance[node] != 0 {
            return "node \(node) is out of balance by \(balance[node]) quanta"
        }
        if balance[sink] != value { return "the sink receives \(balance[sink]) quanta, the value is \(value)" }
        if !sourceSide[source] || sourceSide[sink] { return "the cut does not separate the source from the sink" }
        for arc in cutArcs where arcFlows[arc] != capacities.quantized[arc] {
            return "cut arc \(arc) carries \(arcFlows[arc]) of \(capacities.quantized[arc]) quanta"
        }
        for arc in 0..<graph.arcCount where !sourceSide[graph.tail(of: arc)] && sourceSide[graph.head(of: arc)] && arcFlows[arc] != 0 {
            return "arc \(arc) carries flow back across the cut"
        }
        return nil
    }
}
