/// The integer (fixed-point) capacities a maximum-flow computation runs on.
///
/// Push-relabel on floating-point capacities can loop or drift: `0.1 + 0.2 − 0.3`
/// is not zero, so an excess that should vanish survives as `5.5e-17` and keeps a
/// node active. LayerFlow therefore solves an *integer* problem that it derives from
/// a ``FlowGraph`` in four steps, all exact:
///
/// 1. **Effective capacities.** Self-loops, arcs into the source and arcs out of the
///    sink get capacity 0: no minimum cut contains them, so the maximum flow does
///    not change. A `+infinity` capacity is replaced by
///    ``infiniteCapacitySubstitute`` (twice the sum of all finite capacities), which
///    exceeds every cut made of finite arcs: when the maximum flow is finite, no
///    minimum cut contains a substituted arc and the value is unchanged. When the
///    sink is reachable from the source through infinite arcs alone, the flow is
///    unbounded and ``isUnbounded`` is `true`.
/// 2. **Scale.** An estimate `B` of the largest possible flow value is computed:
///    each source arc `s → v` can carry at most the total capacity leaving `v`
///    (conservation at `v`), so `B = Σ min(cap(s → v), out(v))`. The scale is the
///    power of two `2^k` with `B · 2^k < 2^62`; ``resolution`` is `2^−k`.
/// 3. **Quantization.** ``quantized``[a] = ⌊capacity(a) · 2^k⌋, clamped to `2^62`.
///    Multiplying by a power of two is exact in `Double`, so the only rounding is the
///    floor, which loses less than one quantum per arc.
/// 4. **Tightening** (in integers, exactly). Every feasible flow satisfies
///    `f(u → v) <= Σ out-capacity of v` when `v` is not the sink (flow into `v` must
///    leave it) and `f(u → v) <= Σ in-capacity of u` when `u` is not the source. So
///    ``tightened``[a] = min(quantized[a], outQ(head), inQ(tail)) leaves the set of
///    feasible flows unchanged. The solvers run on ``tightened``; the minimum cut is
///    read off ``quantized``.
///
/// ## Why no integer overflows
///
/// ``sourceCapacityBound`` = Σ tightened capacities of the source arcs is at most
/// `2^62` (the scale is halved until it is). Push-relabel only creates excess by
/// saturating the source arcs, so every node's excess, the flow value, and every
/// residual capacity stay `<= 2^62 < Int64.max`. An arc clamped at `2^62` cannot be
/// in a minimum cut, because the cut `{source}` already costs at most `2^62`.
///
/// ## Why the result is exact to 1e-9
///
/// The integer flow, divided by the scale, is feasible for the real capacities
/// (quantization only rounds down), so `value <= F*` (the exact maximum flow). Let
/// `C` be the minimum cut the solver reports (it is a minimum cut of the integer
/// problem). Then `value = Σ_{a∈C} ⌊cap(a)·2^k⌋ / 2^k >= Σ_{a∈C} cap(a) − |C|·2^−k
/// >= F* − |C|·2^−k`. So
///
///     value <= F* <= value + |C| · resolution.
///
/// The bracket is even sharper in practice: `F* <= Σ_{a∈C} cap(a)`, which the
/// caller can evaluate from ``MaxFlowResult/cutArcs``.
///
/// On Helix-shaped graphs (node capacities up to ~25,000 tokens/s, 24 compute
/// nodes) the tightened bound `B` is below `2^20`, so `resolution = 2^−42 ≈ 2.3e-13`
/// and a cut of 600 arcs is off by less than `1.4e-10` tokens/s: below `1e-12`
/// relative for flows of a few hundred tokens/s. Only when `B` dwarfs the flow (a
/// huge source capacity behind a tiny bottleneck) is the bracket wide; then
/// ``FlowGraph/maxFlow(from:to:algorithm:)`` solves once more with the source's
/// outflow capped at the cut capacity, which brings the resolution down to about
/// `F* · 2^−61`.
///
/// The scale is a normal `Double`, at most `2^1023`: full precision therefore needs
/// a flow bound `B` above about `2^−961 ≈ 1e-289` capacity units.
@_spi(Benchmarks) public struct FixedPointCapacities: Sendable, Equatable {
    /// The largest capacity (and flow bound) in quanta: `2^62`.
    public static let maximumQuanta: Int64 = 1 << 62

    /// The source node the capacities were derived for.
    public let source: Int
    /// The sink node the capacities were derived for.
    public let sink: Int
    /// Quanta per capacity unit: an exact power of two, `2^k`.
    public let scale: Double
    /// The capacity (after quantization) of each arc, in quanta, indexed by arc:
    /// `⌊effectiveCapacity · scale⌋`, clamped to ``maximumQuanta``. Zero for
    /// self-loops, arcs into the source and arcs out of the sink.
    public let quantized: [Int64]
    /// Σ ``tightened`` over arcs leaving the source; an upper bound on the flow
    /// value in quanta, and at most ``maximumQuanta``.
    public let sourceCapacityBound: Int64
    /// Whether the sink is reachable from the source through arcs of capacity
    /// `+infinity` alone, in which case the maximum flow is unbounded.
    public let isUnbounded: Bool
    /// The finite capacity substituted for `+infinity` before quantization: twice
    /// the sum of the finite capacities (1 if that sum is 0).
    public let infiniteCapacitySubstitute: Double

    /// Per node `v`: the bound on the flow of any arc *entering* `v` — the quantized
    /// capacity leaving `v` (clamped at `2^62`), or `Int64.max` for the sink.
    let entryLimit: [Int64]
    /// Per node `u`: the bound on the flow of any arc *leaving* `u` — the quantized
    /// capacity entering `u` (clamped at `2^62`), or `Int64.max` for the source.
    let exitLimit: [Int64]
    /// Per node: how many arcs with a positive quantized capacity touch it (as tail
    /// or head), i.e. its number of entries in the ``ResidualNetwork``. Counted here
    /// because step 3 already visits every arc.
    let residualDegree: [Int32]
    /// Tails and heads of the arcs, to evaluate ``tightened`` on demand.
    private let tails: [Int32]
    private let heads: [Int32]

    /// The quantum, in capacity units: `1 / scale`, a power of two.
    public var resolution: Double { 1 / scale }

    /// The capacity each solver uses, in quanta, indexed by arc: ``quantized``
    /// tightened by the conservation bounds, `min(quantized[a], out(head), in(tail))`
    /// (see the type's documentation); `tightened[a] <= quantized[a]`.
    ///
    /// - Complexity: O(E): computed on each access. The solvers evaluate the same
    ///   bound arc by arc while building their residual network.
    public var tightened: [Int64] {
        quantized.indices.map { tightenedQuanta(quantized: quantized[$0], tail: tails[$0], head: heads[$0]) }
    }

    /// The tightened capacity of an arc `tail → head` whose quantized capacity is
    /// `quantized`.
    @inline(__always)
    func tightenedQuanta(quantized: Int64, tail: Int32, head: Int32) -> Int64 {
        min(quantized, entryLimit[Int(head)], exitLimit[Int(tail)])
    }

    /// Calls `body` with the buffers that define the tightened capacities: for arc
    /// `a = u → v`, `min(quantized[a], entryLimit[v], exitLimit[u])`.
    @inline(__always)
    func withTighteningBuffers<Result>(
        _ body: (
            _ quantized: UnsafeBufferPointer<Int64>, _ entryLimit: UnsafeBufferPointer<Int64>,
            _ exitLimit: UnsafeBufferPointer<Int64>
        ) -> Result
    ) -> Result {
        quantized.withUnsafeBufferPointer { quantized in
            entryLimit.withUnsafeBufferPointer { entryLimit in
                exitLimit.withUnsafeBufferPointer { exitLimit in body(quantized, entryLimit, exitLimit) }
            }
        }
    }

    /// Derives the fixed-point problem for `graph` with the given terminals.
    ///
    /// - Complexity: O(V + E): three passes over the arcs.
    internal init(graph: FlowGraph, source: Int, sink: Int) {
        let nodeCount = graph.nodeCount
        let arcCount = graph.arcCount
        let source32 = Int32(truncatingIfNeeded: source)
        let sink32 = Int32(truncatingIfNeeded: sink)
        // Every element is written by the first pass below (Int64 has no invalid bit
        // patterns, so the array may start uninitialized).
        var quantized = [Int64](unsafeUninitializedCapacity: arcCount) { _, count in count = arcCount }
        var substitute = 1.0
        var scale = 1.0
        var sourceBound: Int64 = 0
        var hasInfinite = false

        // Per-node scratch for step 2: Double out-capacity and count of infinite out-arcs.
        let outSum = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(nodeCount, 1))
        let outInfinite = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(nodeCount, 1))
        // Per-node results of steps 3 and 4, copied into arrays at the end.
        let entryLimit = UnsafeMutableBufferPointer<Int64>.allocate(capacity: nodeCount)
        let exitLimit = UnsafeMutableBufferPointer<Int64>.allocate(capacity: nodeCount)
        let degree = UnsafeMutableBufferPointer<Int32>.allocate(capacity: nodeCount)
        defer {
            outSum.deallocate()
            outInfinite.deallocate()
            entryLimit.deallocate()
            exitLimit.deallocate()
            degree.deallocate()
        }
        entryLimit.initialize(repeating: 0)
        exitLimit.initialize(repeating: 0)
        degree.initialize(repeating: 0)
        outSum.initialize(repeating: 0)
        outInfinite.initialize(repeating: 0)

        graph.tails.withUnsafeBufferPointer { tails in
            graph.heads.withUnsafeBufferPointer { heads in
                graph.capacities.withUnsafeBufferPointer { capacities in
                    // Step 1 and the Double out-capacities of step 2, in one pass. The
                    // effective capacity of each finite arc is parked in `quantized` (as
                    // its bit pattern) for the first round of step 3; infinite ones are
                    // marked with the bit pattern of +infinity and substituted there.
                    var finiteSum = 0.0
                    var infiniteCount = 0
                    var sourceArcs: [Int] = []
                    sourceArcs.reserveCapacity(min(arcCount, 64))
                    quantized.withUnsafeMutableBufferPointer { parked in
                        for arc in 0..<arcCount {
                            let tail = tails[arc], head = heads[arc]
                            if tail == source32 { sourceArcs.append(arc) }
                            let useful = tail != head && head != source32 && tail != sink32
                            let capacity = useful ? capacities[arc] : 0
                            parked[arc] = Int64(bitPattern: capacity.bitPattern)
                            if capacity.isFinite {
                                finiteSum += capacity
                                outSum[Int(tail)] += capacity
                            } else {
                                infiniteCount += 1
                                outInfinite[Int(tail)] += 1
                            }
                        }
                    }
                    hasInfinite = infiniteCount > 0
                    if finiteSum > 0 {
                        let doubled = 2 * finiteSum
                        substitute = doubled.isFinite ? doubled : .greatestFiniteMagnitude
                    }
                    let infiniteSubstitute = substitute
                    /// The effective capacity of an arc (step 1).
                    @inline(__always) func effective(_ arc: Int) -> Double {
                        let tail = tails[arc], head = heads[arc]
                        guard tail != head && head != source32 && tail != sink32 else { return 0 }
                        let capacity = capacities[arc]
                        return capacity.isFinite ? capacity : infiniteSubstitute
                    }

                    // Step 2: estimate the flow bound and pick the scale exponent.
                    var bound = 0.0
                    for arc in sourceArcs {
                        let head = Int(heads[arc])
                        let headOut = outSum[head] + Double(outInfinite[head]) * infiniteSubstitute
                        bound += head == sink ? effective(arc) : min(effective(arc), headOut)
                    }
                    if !bound.isFinite { bound = .greatestFiniteMagnitude }
                    // B · 2^k < 2^(B.exponent + 1 + k) = 2^62 for k = 61 − B.exponent.
                    let lowestExponent = Int(Double.leastNormalMagnitude.exponent)
                    let highestExponent = Int(Double.greatestFiniteMagnitude.exponent)
                    var exponent = bound > 0 ? 61 - Int(bound.exponent) : 0
                    exponent = min(max(exponent, lowestExponent), highestExponent)

                    // Steps 3 and 4, repeated with a halved scale in the rare case that
                    // rounding in the Double estimate let the integer bound exceed 2^62.
                    quantized.withUnsafeMutableBufferPointer { quantized in
                        var firstRound = true
                        while true {
                            // Loop constants as local lets: captured variables would be
                            // reloaded after every store through a buffer.
                            let roundScale = Double(sign: .plus, exponent: exponent, significand: 1)
                            let readParked = firstRound
                            scale = roundScale
                            entryLimit.update(repeating: 0)
                            exitLimit.update(repeating: 0)
                            degree.update(repeating: 0)
                            /// Step 4's per-node sums: the out-capacity of a tail bounds the
                            /// arcs entering it, the in-capacity of a head the arcs leaving it.
                            @inline(__always) func accumulate(_ arc: Int, _ quanta: Int64) {
                                let tail = Int(tails[arc]), head = Int(heads[arc])
                                entryLimit[tail] = Self.clampedAdd(entryLimit[tail], quanta)
                                exitLimit[head] = Self.clampedAdd(exitLimit[head], quanta)
                                let stored: Int32 = quanta > 0 ? 1 : 0
                                degree[tail] &+= stored
                                degree[head] &+= stored
                            }
                            // Step 3, from the parked capacities in the first round. An
                            // infinite capacity becomes the substitute, which is at least
                            // every finite capacity (it is twice their sum).
                            if readParked {
                                for arc in 0..<arcCount {
                                    let parked = Double(bitPattern: UInt64(bitPattern: quantized[arc]))
                                    let quanta = Self.quantize(min(parked, infiniteSubstitute) * roundScale)
                                    quantized[arc] = quanta
                                    accumulate(arc, quanta)
                                }
                            } else {
                                for arc in 0..<arcCount {
                                    let quanta = Self.quantize(effective(arc) * roundScale)
                                    quantized[arc] = quanta
                                    accumulate(arc, quanta)
                                }
                            }
                            entryLimit[sink] = .max
                            exitLimit[source] = .max
                            sourceBound = 0
                            for arc in sourceArcs {
                                let tightened = min(quantized[arc], entryLimit[Int(heads[arc])])
                                sourceBound = Self.saturatingAdd(sourceBound, tightened)
                            }
                            if sourceBound <= Self.maximumQuanta || exponent <= lowestExponent { break }
                            exponent -= 1
                            firstRound = false
                        }
                    }
                }
            }
        }
        precondition(sourceBound <= Self.maximumQuanta, "FixedPointCapacities: capacities too large to quantize")

        self.source = source
        self.sink = sink
        self.scale = scale
        self.quantized = quantized
        self.entryLimit = Array(entryLimit)
        self.exitLimit = Array(exitLimit)
        self.residualDegree = Array(degree)
        self.tails = graph.tails
        self.heads = graph.heads
        self.sourceCapacityBound = sourceBound
        self.infiniteCapacitySubstitute = substitute
        self.isUnbounded = hasInfinite && Self.infinitePathExists(graph: graph, source: source, sink: sink)
    }

    /// The same problem restricted to the first `arcCount` arcs, with the given
    /// terminals: used to drop the auxiliary arc of a refinement solve (see
    /// ``FlowGraph/maxFlow(from:to:algorithm:)``). The auxiliary source node stays
    /// in the per-node limits; no remaining arc touches it.
    internal func prefix(arcCount: Int, source: Int, sink: Int) -> FixedPointCapacities {
        FixedPointCapacities(
            source: source, sink: sink, scale: scale,
            quantized: Array(quantized.prefix(arcCount)),
            entryLimit: entryLimit, exitLimit: exitLimit, residualDegree: residualDegree,
            tails: Array(tails.prefix(arcCount)), heads: Array(heads.prefix(arcCount)),
            sourceCapacityBound: sourceCapacityBound, isUnbounded: isUnbounded,
            infiniteCapacitySubstitute: infiniteCapacitySubstitute)
    }

    private init(
        source: Int, sink: Int, scale: Double, quantized: [Int64], entryLimit: [Int64], exitLimit: [Int64],
        residualDegree: [Int32], tails: [Int32], heads: [Int32], sourceCapacityBound: Int64, isUnbounded: Bool,
        infiniteCapacitySubstitute: Double
    ) {
        self.source = source
        self.sink = sink
        self.scale = scale
        self.quantized = quantized
        self.entryLimit = entryLimit
        self.exitLimit = exitLimit
        self.residualDegree = residualDegree
        self.tails = tails
        self.heads = heads
        self.sourceCapacityBound = sourceCapacityBound
        self.isUnbounded = isUnbounded
        self.infiniteCapacitySubstitute = infiniteCapacitySubstitute
    }

    /// `⌊x⌋` for `x >= 0`, clamped to ``maximumQuanta``.
    @inline(__always)
    static func quantize(_ x: Double) -> Int64 {
        // Truncation is the floor for x >= 0 (and avoids a call to floor()).
        x >= Double(maximumQuanta) ? maximumQuanta : Int64(x)
    }

    /// `min(a + b, maximumQuanta)` without overflow, for `0 <= a, b <= maximumQuanta`.
    ///
    /// Clamping the per-node sums of step 4 at `2^62` changes no tightened capacity,
    /// because every quantized capacity is already at most `2^62`.
    @inline(__always)
    static func clampedAdd(_ a: Int64, _ b: Int64) -> Int64 {
        min(a, maximumQuanta &- b) &+ b  // cannot overflow in that range
    }

    /// `a + b`, or `Int64.max` if that overflows. Both operands are `>= 0`.
    @inline(__always)
    static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// Whether `sink` is reachable from `source` through arcs of infinite capacity
    /// that can carry flow (not self-loops, not into the source, not out of the sink).
    private static func infinitePathExists(graph: FlowGraph, source: Int, sink: Int) -> Bool {
        var adjacency = [[Int]](repeating: [], count: graph.nodeCount)
        for arc in 0..<graph.arcCount where graph.capacities[arc] == .infinity {
            let tail = graph.tail(of: arc), head = graph.head(of: arc)
            if tail != head && head != source && tail != sink { adjacency[tail].append(head) }
        }
        var seen = [Bool](repeating: false, count: graph.nodeCount)
        var stack = [source]
        seen[source] = true
        while let node = stack.popLast() {
            if node == sink { return true }
            for next in adjacency[node] where !seen[next] {
                seen[next] = true
                stack.append(next)
            }
        }
        return false
    }
}

extension FlowGraph {
    /// The fixed-point problem ``maxFlow(from:to:algorithm:)`` solves for these
    /// terminals: scale, quantized and tightened integer capacities.
    ///
    /// Useful to hand the exact same integer problem to another solver, or to
    /// reason about the result at the integer level.
    ///
    /// - Complexity: O(V + E).
    @_spi(Benchmarks) public func fixedPointCapacities(source: Int, sink: Int) -> FixedPointCapacities {
        precondition(source >= 0 && source < nodeCount, "fixedPointCapacities: source \(source) is not a node")
        precondition(sink >= 0 && sink < nodeCount, "fixedPointCapacities: sink \(sink) is not a node")
        precondition(source != sink, "fixedPointCapacities: source and sink must differ")
        return FixedPointCapacities(graph: self, source: source, sink: sink)
    }
}
