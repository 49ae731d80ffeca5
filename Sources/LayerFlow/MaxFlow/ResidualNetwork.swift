/// One direction of an arc in a ``ResidualNetwork``.
///
/// 16 bytes, so that the push loop finds the head, the residual capacity and the
/// paired entry in one cache line.
struct ResidualEntry {
    /// The node this direction points to.
    var head: Int32
    /// The index of the paired entry: the other direction of the same arc.
    var mate: Int32
    /// The residual capacity in quanta: how much more flow can be sent this way.
    var residual: Int64
}

/// The residual network of a fixed-point problem, in forward-star (CSR) form.
///
/// Each arc `a = u → v` of the graph that has a positive quantized capacity is
/// stored as two entries: a *forward* entry in `u`'s range, with residual
/// `tightened[a] − f(a)`, and a *reverse* entry in `v`'s range, with residual
/// `f(a)`. The entries of node `v` are `firstEntry[v] ..< firstEntry[v + 1]`.
///
/// Invariants (checked by ``checkInvariants(graph:capacityOf:)`` in debug builds, after every
/// solve; see `checkInvariant`):
/// - `entries[entries[e].mate].mate == e`, and the mate of an entry in `u`'s range
///   has head `u`;
/// - for every stored arc, forward residual + reverse residual = its capacity, and
///   both are `>= 0`; so the flow is `0 <= f(a) <= capacity`.
///
/// Owns its memory (it is `~Copyable`); solvers work on it in place through raw
/// pointers.
struct ResidualNetwork: ~Copyable {
    let nodeCount: Int
    /// The number of entries in use: twice the number of stored arcs.
    let entryCount: Int
    /// `nodeCount + 1` offsets into ``entries``.
    let firstEntry: UnsafeMutableBufferPointer<Int32>
    /// All entries, grouped by the node they leave (the first ``entryCount`` are in
    /// use; the buffer is never empty, so its base address is never `nil`).
    let entries: UnsafeMutableBufferPointer<ResidualEntry>
    /// For each arc of the graph, the index of its forward entry, or `-1` if the arc
    /// is not stored (zero quantized capacity, which includes self-loops: it never
    /// carries flow).
    let forwardEntry: [Int32]

    /// Builds the residual network of the zero flow on `capacities.tightened`.
    ///
    /// - Complexity: O(V + E), a counting sort of the arcs by tail.
    init(graph: FlowGraph, capacities: FixedPointCapacities) {
        let nodeCount = graph.nodeCount
        let arcCount = graph.arcCount
        self.nodeCount = nodeCount
        let first = UnsafeMutableBufferPointer<Int32>.allocate(capacity: nodeCount + 1)
        first.initialize(repeating: 0)
        var forwardEntry = [Int32](repeating: -1, count: arcCount)
        var storedCount = 0
        capacities.residualDegree.withUnsafeBufferPointer { degree in
            for node in 0..<nodeCount {
                first[node + 1] = degree[node]
                storedCount &+= Int(degree[node])
            }
        }
        storedCount /= 2  // each stored arc has two entries
        for node in 0..<nodeCount { first[node + 1] &+= first[node] }
        self.entryCount = 2 * storedCount
        let entries = UnsafeMutableBufferPointer<ResidualEntry>.allocate(capacity: max(2 * storedCount, 1))
        let position = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(nodeCount, 1))
        defer { position.deallocate() }
        for node in 0..<nodeCount { position[node] = first[node] }
        graph.tails.withUnsafeBufferPointer { tails in
            graph.heads.withUnsafeBufferPointer { heads in
                capacities.withTighteningBuffers { quantized, entryLimit, exitLimit in
                    forwardEntry.withUnsafeMutableBufferPointer { forwardEntry in
                        for arc in 0..<arcCount where quantized[arc] > 0 {
                            let tail = tails[arc], head = heads[arc]
                            let forward = position[Int(tail)]
                            position[Int(tail)] = forward &+ 1
                            let reverse = position[Int(head)]
                            position[Int(head)] = reverse &+ 1
                            // The tightened capacity (see FixedPointCapacities.tightened).
                            let capacity = min(quantized[arc], entryLimit[Int(head)], exitLimit[Int(tail)])
                            entries.initializeElement(
                                at: Int(forward), to: ResidualEntry(head: head, mate: reverse, residual: capacity))
                            entries.initializeElement(
                                at: Int(reverse), to: ResidualEntry(head: tail, mate: forward, residual: 0))
                            forwardEntry[arc] = forward
                        }
                    }
                }
            }
        }
        self.firstEntry = first
        self.entries = entries
        self.forwardEntry = forwardEntry
    }

    deinit {
        firstEntry.deallocate()
        entries.deallocate()
    }

    /// The flow on arc `arc` in quanta: the residual of its reverse entry.
    @inline(__always)
    func flow(ofArc arc: Int) -> Int64 {
        let forward = forwardEntry[arc]
        guard forward >= 0 else { return 0 }
        return entries[Int(entries[Int(forward)].mate)].residual
    }

    /// Reads the flow off the network and switches the forward residuals from the
    /// tightened capacities to the quantized ones (`residual += quantized −
    /// tightened`), leaving the flow unchanged.
    ///
    /// The flow is feasible and maximum for both capacity sets (tightening keeps the
    /// feasible set), but only the quantized residual graph yields a cut whose arcs
    /// are saturated at their own capacities.
    ///
    /// - Returns: The flow on every arc in quanta, indexed by arc.
    /// - Complexity: O(E).
    func takeFlowsRelaxingToQuantizedCapacities(
        _ capacities: FixedPointCapacities, graph: FlowGraph
    ) -> [Int64] {
        let arcCount = forwardEntry.count
        return [Int64](unsafeUninitializedCapacity: arcCount) { flows, initializedCount in
            forwardEntry.withUnsafeBufferPointer { forwardEntry in
                graph.tails.withUnsafeBufferPointer { tails in
                    graph.heads.withUnsafeBufferPointer { heads in
                        capacities.withTighteningBuffers { quantized, entryLimit, exitLimit in
                            for arc in 0..<arcCount {
                                let forward = Int(forwardEntry[arc])
                                guard forward >= 0 else {
                                    flows.initializeElement(at: arc, to: 0)
                                    continue
                                }
                                // flow = capacity − forward residual: no visit to the
                                // (scattered) reverse entry.
                                let capacity = quantized[arc]
                                let tightened = min(capacity, entryLimit[Int(heads[arc])], exitLimit[Int(tails[arc])])
                                let residual = entries[forward].residual
                                flows.initializeElement(at: arc, to: tightened &- residual)
                                entries[forward].residual = residual &+ (capacity &- tightened)
                            }
                        }
                    }
                }
            }
            initializedCount = arcCount
        }
    }

    /// The nodes reachable from `source` through entries with positive residual.
    ///
    /// - Complexity: O(V + E).
    func reachable(from source: Int) -> [Bool] {
        var seen = [Bool](repeating: false, count: nodeCount)
        var stack: [Int32] = []
        stack.reserveCapacity(nodeCount)
        stack.append(Int32(truncatingIfNeeded: source))
        seen[source] = true
        while let node = stack.popLast() {
            for index in Int(firstEntry[Int(node)])..<Int(firstEntry[Int(node) + 1]) {
                let entry = entries[index]
                if entry.residual > 0 && !seen[Int(entry.head)] {
                    seen[Int(entry.head)] = true
                    stack.append(entry.head)
                }
            }
        }
        return seen
    }

    /// Checks the structural invariants listed in the type's documentation against
    /// the capacities the network was built with; returns a description of the first
    /// violation, or `nil`.
    ///
    /// `capacityOf` is `tightened` while solving, `quantized` after
    /// ``takeFlowsRelaxingToQuantizedCapacities(_:graph:)``.
    func checkInvariants(graph: FlowGraph, capacityOf capacity: (Int) -> Int64) -> String? {
        for node in 0..<nodeCount {
            for index in Int(firstEntry[node])..<Int(firstEntry[node + 1]) {
                let mate = Int(entries[index].mate)
                guard mate >= 0 && mate < entryCount else { return "entry \(index): mate out of range" }
                if Int(entries[mate].mate) != index { return "entry \(index): mate of mate is not itself" }
                if Int(entries[mate].head) != node { return "entry \(index): mate does not point back to node \(node)" }
                if entries[index].residual < 0 { return "entry \(index): negative residual" }
            }
        }
        for (arc, forward) in forwardEntry.enumerated() where forward >= 0 {
            let forwardEntry = entries[Int(forward)]
            let reverseEntry = entries[Int(forwardEntry.mate)]
            if Int(forwardEntry.head) != graph.head(of: arc) { return "arc \(arc): forward entry has the wrong head" }
            if Int(reverseEntry.head) != graph.tail(of: arc) { return "arc \(arc): reverse entry has the wrong head" }
            if forwardEntry.residual + reverseEntry.residual != capacity(arc) {
                return "arc \(arc): residuals do not add up to the capacity"
            }
        }
        return nil
    }
}
