/// A maximum flow and a minimum cut of a ``FlowGraph``, as computed by
/// ``FlowGraph/maxFlow(from:to:algorithm:)``.
///
/// All quantities are in the graph's capacity units (tokens/s in LayerFlow).
/// The solver works on integer multiples of ``resolution`` (see
/// `FixedPointCapacities`), so:
///
/// - every entry of ``arcFlows`` is an integer multiple of ``resolution`` and
///   satisfies `0 <= arcFlows[a] <= capacity(of: a)`;
/// - flow is conserved exactly (in integers) at every node other than the source
///   and the sink; the `Double` sums can differ by rounding only;
/// - ``value`` equals the flow out of the source minus the flow into it, and
///   equals the capacity of ``cutArcs`` up to at most `cutArcs.count` resolutions:
///   `0 <= Σ capacity(cutArcs) − value < cutArcs.count × resolution`;
/// - hence the exact (real-number) maximum flow `F*` satisfies
///   `value <= F* <= value + cutArcs.count × resolution`.
public struct MaxFlowResult: Sendable, Equatable {
    /// The flow value: total flow leaving the source minus flow entering it.
    ///
    /// `+infinity` if the sink is reachable from the source through arcs of
    /// capacity `+infinity` alone (the flow is unbounded).
    public var value: Double
    /// The flow on each arc, indexed by arc index (insertion order).
    public var arcFlows: [Double]
    /// The source side `S` of a minimum cut: `true` for exactly the nodes reachable
    /// from the source in the final residual graph.
    ///
    /// This is the smallest source side of any minimum cut, so it does not depend
    /// on which maximum flow was found (nor on the algorithm).
    public var sourceSide: [Bool]
    /// The arcs from `S` to its complement, in ascending order. Each is saturated
    /// (its flow is its capacity rounded down to a multiple of ``resolution``), and
    /// every arc from the complement back into `S` carries no flow.
    public var cutArcs: [Int]
    /// The fixed-point quantum the solver used, in capacity units: a power of two,
    /// `1 / FixedPointCapacities.scale`.
    public var resolution: Double

    /// Creates a result from its parts.
    public init(value: Double, arcFlows: [Double], sourceSide: [Bool], cutArcs: [Int], resolution: Double) {
        self.value = value
        self.arcFlows = arcFlows
        self.sourceSide = sourceSide
        self.cutArcs = cutArcs
        self.resolution = resolution
    }
}
