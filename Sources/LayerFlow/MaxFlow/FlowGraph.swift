/// A directed graph with non-negative `Double` capacities, built by adding arcs.
///
/// Nodes are the integers `0 ..< nodeCount`; arcs are numbered `0, 1, 2, …` in the
/// order they are added. Parallel arcs (several arcs with the same tail and head)
/// and self-loops are allowed. A self-loop can never carry flow between distinct
/// nodes, so every maximum flow reports `0` on it.
///
/// ```swift
/// var graph = FlowGraph(nodeCount: 4)
/// graph.addArc(from: 0, to: 1, capacity: 3)
/// graph.addArc(from: 0, to: 2, capacity: 2)
/// graph.addArc(from: 1, to: 3, capacity: 2)
/// graph.addArc(from: 2, to: 3, capacity: 3)
/// let result = graph.maxFlow(from: 0, to: 3)   // result.value == 4
/// ```
///
/// Storage is three parallel arrays (tails, heads, capacities), so a graph of a
/// million arcs takes about 16 MB. The solver builds its own compact residual
/// representation from it (see ``FlowGraph/maxFlow(from:to:algorithm:)``).
public struct FlowGraph: Sendable, Equatable {
    /// The number of nodes; valid node indices are `0 ..< nodeCount`.
    public private(set) var nodeCount: Int

    /// Tail of each arc, indexed by arc.
    @usableFromInline internal private(set) var tails: [Int32]
    /// Head of each arc, indexed by arc.
    @usableFromInline internal private(set) var heads: [Int32]
    /// Capacity of each arc, indexed by arc; finite and `>= 0`, or `+infinity`.
    @usableFromInline internal private(set) var capacities: [Double]

    /// The largest node or arc count the solver's 32-bit indices support.
    @usableFromInline internal static let maximumIndexCount = Int(Int32.max) / 2

    /// Creates a graph with `nodeCount` nodes and no arcs.
    ///
    /// - Parameters:
    ///   - nodeCount: The number of nodes, `>= 0`.
    ///   - arcCapacityHint: How many arcs you expect to add; storage for that
    ///     many is reserved up front. Purely a performance hint.
    public init(nodeCount: Int, arcCapacityHint: Int = 0) {
        precondition(nodeCount >= 0, "FlowGraph: nodeCount must be >= 0, got \(nodeCount)")
        precondition(
            nodeCount <= Self.maximumIndexCount,
            "FlowGraph: nodeCount \(nodeCount) exceeds the supported maximum \(Self.maximumIndexCount)")
        self.nodeCount = nodeCount
        self.tails = []
        self.heads = []
        self.capacities = []
        let hint = max(0, min(arcCapacityHint, Self.maximumIndexCount))
        tails.reserveCapacity(hint)
        heads.reserveCapacity(hint)
        capacities.reserveCapacity(hint)
    }

    /// Creates a graph from its arc arrays, which must be valid (same length, node
    /// indices in range, capacities `>= 0` or `+infinity`).
    internal init(nodeCount: Int, tails: [Int32], heads: [Int32], capacities: [Double]) {
        precondition(tails.count == heads.count && heads.count == capacities.count)
        self.nodeCount = nodeCount
        self.tails = tails
        self.heads = heads
        self.capacities = capacities
    }

    /// The number of arcs added so far.
    @inlinable
    public var arcCount: Int { tails.count }

    /// Adds the arc `tail → head` and returns its index.
    ///
    /// Arc indices are `0, 1, 2, …` in insertion order; ``MaxFlowResult/arcFlows``
    /// is indexed the same way.
    ///
    /// - Parameters:
    ///   - tail: The node the arc leaves, in `0 ..< nodeCount`.
    ///   - head: The node the arc enters, in `0 ..< nodeCount`. May equal `tail`
    ///     (a self-loop, which never carries flow).
    ///   - capacity: A finite value `>= 0`, or `+infinity` for an arc without a
    ///     limit. NaN and negative values are programmer errors (precondition):
    ///     validate user data before building the graph. How the solver treats
    ///     `+infinity` is described in `FixedPointCapacities`.
    /// - Returns: The index of the new arc.
    /// - Complexity: Amortized O(1).
    @discardableResult
    public mutating func addArc(from tail: Int, to head: Int, capacity: Double) -> Int {
        precondition(tail >= 0 && tail < nodeCount, "FlowGraph.addArc: tail \(tail) is not a node (nodeCount \(nodeCount))")
        precondition(head >= 0 && head < nodeCount, "FlowGraph.addArc: head \(head) is not a node (nodeCount \(nodeCount))")
        precondition(
            capacity >= 0 && (capacity.isFinite || capacity == .infinity),
            "FlowGraph.addArc: capacity must be >= 0 and not NaN, got \(capacity)")
        precondition(tails.count < Self.maximumIndexCount, "FlowGraph.addArc: too many arcs")
        tails.append(Int32(truncatingIfNeeded: tail))
        heads.append(Int32(truncatingIfNeeded: head))
        capacities.append(capacity)
        return tails.count - 1
    }

    /// The node arc `arc` leaves.
    @inlinable
    public func tail(of arc: Int) -> Int { Int(tails[arc]) }

    /// The node arc `arc` enters.
    @inlinable
    public func head(of arc: Int) -> Int { Int(heads[arc]) }

    /// The capacity arc `arc` was added with.
    @inlinable
    public func capacity(of arc: Int) -> Double { capacities[arc] }
}
