import LayerFlow

/// SplitMix64: a tiny seedable generator, so every benchmark graph is reproducible
/// from `(computeNodes, seed)` on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A Helix-shaped flow network: `N` compute nodes, each split into `in → out`, a
/// complete mesh of network arcs `out_i → in_j` (i ≠ j), and an arc from the source
/// into and from every node to the sink.
///
/// Nodes: source 0, sink 1, `in_i = 2 + 2i`, `out_i = 3 + 2i`. Arcs (N² + 2N of
/// them), in this order: per node `in_i → out_i`, `source → in_i`, `out_i → sink`;
/// then the mesh, row by row. Capacities (tokens/s, uniform, with fractions):
///
/// | arcs | range |
/// |---|---|
/// | `in_i → out_i` (compute) | 500 … 25,000 |
/// | `out_i → in_j` (network) | 1,000 … 100,000 |
/// | `source → in_i`, `out_i → sink` | 0 … 20,000 |
///
/// Source and sink capacities of the same order as the node capacities make most
/// flow cross the mesh (a node with a wide entry and a narrow exit hands its work
/// on), which is what makes these instances work for a max-flow solver.
public struct HelixShapedGraph: Sendable {
    public let computeNodes: Int
    public let seed: UInt64
    public let graph: FlowGraph
    public let source: Int
    public let sink: Int

    /// The default seed of the published benchmark numbers.
    public static let defaultSeed: UInt64 = 20_250_401

    /// The sizes of the published benchmark table.
    public static let standardSizes = [24, 100, 300, 1000]

    public init(computeNodes: Int, seed: UInt64 = HelixShapedGraph.defaultSeed) {
        precondition(computeNodes >= 1)
        var random = SplitMix64(seed: seed ^ UInt64(computeNodes))
        let nodeCount = 2 + 2 * computeNodes
        var graph = FlowGraph(nodeCount: nodeCount, arcCapacityHint: computeNodes * computeNodes + 2 * computeNodes)
        let source = 0, sink = 1
        for node in 0..<computeNodes {
            let input = 2 + 2 * node, output = 3 + 2 * node
            graph.addArc(from: input, to: output, capacity: Double.random(in: 500...25_000, using: &random))
            graph.addArc(from: source, to: input, capacity: Double.random(in: 0...20_000, using: &random))
            graph.addArc(from: output, to: sink, capacity: Double.random(in: 0...20_000, using: &random))
        }
        for from in 0..<computeNodes {
            for to in 0..<computeNodes where to != from {
                graph.addArc(from: 3 + 2 * from, to: 2 + 2 * to, capacity: Double.random(in: 1_000...100_000, using: &random))
            }
        }
        self.computeNodes = computeNodes
        self.seed = seed
        self.graph = graph
        self.source = source
        self.sink = sink
    }
}
