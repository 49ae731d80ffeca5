/// Highest-label push-relabel with global relabelling and the gap heuristic, on a
/// ``ResidualNetwork`` with integer capacities.
///
/// ## Algorithm
///
/// A *preflow* is an assignment of flow that respects capacities and leaves every
/// node except the source with `excess = inflow − outflow >= 0`. Each node carries a
/// *label* `d(v)`, kept *valid*: `d(u) <= d(v) + 1` for every residual entry `u → v`,
/// and `d(target) = 0`. So `d(v)` is a lower bound on the residual distance from `v`
/// to the target, and a node with `d(v) >= n` (*dead*) cannot reach it.
///
/// A node is *active* if it is live (`d(v) < n`), not the target, and has positive
/// excess. The solver repeatedly takes an active node of the highest label and
/// *discharges* it: it pushes excess along *admissible* entries (positive residual,
/// `d(u) = d(v) + 1`), scanning from the node's *current-entry* pointer; when no
/// admissible entry is left it *relabels* the node to `1 + min d` over its residual
/// entries. Two heuristics keep labels tight:
///
/// - **Global relabelling**: a breadth-first search backwards from the target sets
///   every label to the exact residual distance (dead if unreachable). It runs at
///   the start of each phase and again whenever the work spent in relabels since the
///   last one (12 per relabel plus the entries it scans, as in Cherkassky–Goldberg)
///   exceeds `12 n + entries`. The search stops once every node has a label.
/// - **Gap**: if relabelling `v` empties the bucket of its old label `d`, no node
///   above `d` can reach the target any more; all of them (and `v`) become dead.
///
/// Nodes of each label live in a *bucket*: a stack of active nodes and a doubly
/// linked list of inactive ones. Invariant, between discharges: every live node
/// other than the target is in exactly one bucket list, the one of its label, and
/// in the active stack iff its excess is positive. No active node has a label above
/// `maxActive`; no live node a label above `maxLabel`.
///
/// ## Two phases
///
/// 1. *Minimum cut*: saturate the source's arcs, then run the loop above with the
///    sink as target and the source excluded (its label is `n`). When no active node
///    is left, the sink's excess is the maximum flow value; the nodes still holding
///    excess are dead, on the source side of a minimum cut.
/// 2. *Flow*: run the same loop with the **source** as target and the sink excluded.
///    Every node with excess has a residual path back to the source (along the flow
///    that brought the excess), so the loop returns all of it, and the preflow
///    becomes a flow: conservation holds at every node but the terminals. The flow
///    value does not change (no excess can reach the sink from the source side).
///    Skipped when phase 1 left no excess anywhere but at the terminals.
///
/// - Complexity: O(V² √E) for highest-label selection, per phase. Memory O(V) beyond
///   the network.
struct PushRelabel: ~Copyable {
    /// Counts of the operations performed; for profiling and tests.
    struct Statistics: Sendable, Equatable {
        var pushes = 0
        var relabels = 0
        var globalRelabels = 0
        var gaps = 0
    }

    /// Solves the maximum-flow problem on `network` in place: on return, its reverse
    /// residuals hold a maximum flow from `source` to `sink`.
    static func solve(_ network: borrowing ResidualNetwork, source: Int, sink: Int) -> Statistics {
        let source32 = Int32(truncatingIfNeeded: source), sink32 = Int32(truncatingIfNeeded: sink)
        var solver = PushRelabel(network: network)
        solver.saturateArcs(leaving: source32)
        solver.runPhase(target: sink32, excluded: source32)
        if solver.hasExcess(besides: source32, sink32) {
            solver.runPhase(target: source32, excluded: sink32)
        }
        return solver.statistics
    }

    // MARK: Storage

    private let nodeCount: Int
    /// The label of dead nodes, `n`; live labels are `0 ..< n`.
    private let dead: Int32
    private let first: UnsafeMutablePointer<Int32>
    private let entries: UnsafeMutablePointer<ResidualEntry>
    private let entryCount: Int

    private let label: UnsafeMutablePointer<Int32>
    private let excess: UnsafeMutablePointer<Int64>
    /// Current-entry pointer: entries before it in the node's range are not admissible.
    private let current: UnsafeMutablePointer<Int32>
    /// Bucket list links (`-1` ends a list).
    private let next: UnsafeMutablePointer<Int32>
    private let previous: UnsafeMutablePointer<Int32>
    /// Per label: top of the stack of active nodes, head of the list of inactive ones.
    private let activeHead: UnsafeMutablePointer<Int32>
    private let inactiveHead: UnsafeMutablePointer<Int32>
    /// Breadth-first-search queue of the global relabelling.
    private let queue: UnsafeMutablePointer<Int32>

    private var target: Int32 = 0
    private var excluded: Int32 = 0
    private var maxActive: Int32 = 0
    private var maxLabel: Int32 = 0
    private var workSinceUpdate = 0
    private let updateThreshold: Int
    private(set) var statistics = Statistics()

    private init(network: borrowing ResidualNetwork) {
        let count = max(network.nodeCount, 1)
        nodeCount = network.nodeCount
        dead = Int32(network.nodeCount)
        first = network.firstEntry.baseAddress!
        entries = network.entries.baseAddress!
        entryCount = network.entryCount
        label = .allocate(capacity: count)
        excess = .allocate(capacity: count)
        current = .allocate(capacity: count)
        next = .allocate(capacity: count)
        previous = .allocate(capacity: count)
        activeHead = .allocate(capacity: count)
        inactiveHead = .allocate(capacity: count)
        queue = .allocate(capacity: count)
        excess.initialize(repeating: 0, count: count)
        label.initialize(repeating: Int32(network.nodeCount), count: count)
        current.initialize(repeating: 0, count: count)
        next.initialize(repeating: -1, count: count)
        previous.initialize(repeating: -1, count: count)
        activeHead.initialize(repeating: -1, count: count)
        inactiveHead.initialize(repeating: -1, count: count)
        queue.initialize(repeating: 0, count: count)
        updateThreshold = 12 * network.nodeCount + network.entryCount
    }

    deinit {
        label.deallocate()
        excess.deallocate()
        current.deallocate()
        next.deallocate()
        previous.deallocate()
        activeHead.deallocate()
        inactiveHead.deallocate()
        queue.deallocate()
    }

    // MARK: Phases

    /// Pushes every residual capacity leaving `source` to its heads (the initial preflow).
    private mutating func saturateArcs(leaving source: Int32) {
        for index in Int(first[Int(source)])..<Int(first[Int(source) + 1]) {
            let residual = entries[index].residual
            guard residual > 0 else { continue }
            entries[index].residual = 0
            entries[Int(entries[index].mate)].residual += residual
            excess[Int(entries[index].head)] += residual
            statistics.pushes += 1
        }
    }

    /// Whether any node other than the two given holds excess (phase 2 has work).
    private func hasExcess(besides first: Int32, _ second: Int32) -> Bool {
        for node in 0..<nodeCount where excess[node] > 0 && node != Int(first) && node != Int(second) {
            return true
        }
        return false
    }

    /// Discharges active nodes, highest label first, until none is left.
    private mutating func runPhase(target: Int32, excluded: Int32) {
        self.target = target
        self.excluded = excluded
        globalRelabel()
        checkInvariant(bucketViolation(), "push-relabel buckets after a global relabel")
        while maxActive > 0 {
            let node = activeHead[Int(maxActive)]
            if node < 0 {
                maxActive -= 1
                continue
            }
            activeHead[Int(maxActive)] = next[Int(node)]
            discharge(node)
            if workSinceUpdate > updateThreshold {
                globalRelabel()
                checkInvariant(bucketViolation(), "push-relabel buckets after a global relabel")
            }
        }
        checkInvariant(bucketViolation(), "push-relabel buckets at the end of a phase")
    }

    /// The first broken bucket invariant (see the type's documentation), or `nil`: every live
    /// node but the target in exactly one list, the one of its label; in the active stack iff
    /// its excess is positive; no active label above `maxActive`, no live label above
    /// `maxLabel`; inactive lists doubly linked both ways.
    /// - Complexity: O(V).
    private func bucketViolation() -> String? {
        var listed = [Bool](repeating: false, count: nodeCount)
        for level in 0..<nodeCount {
            var node = activeHead[level]
            while node >= 0 {
                let index = Int(node)
                if listed[index] { return "node \(node) is in two lists (or a list has a cycle)" }
                listed[index] = true
                if label[index] != Int32(level) { return "active node \(node) has label \(label[index]), listed at \(level)" }
                if excess[index] <= 0 { return "active node \(node) has no excess" }
                if level > Int(maxActive) { return "active node \(node) at label \(level) is above maxActive \(maxActive)" }
                node = next[index]
            }
            var before: Int32 = -1
            node = inactiveHead[level]
            while node >= 0 {
                let index = Int(node)
                if listed[index] { return "node \(node) is in two lists (or a list has a cycle)" }
                listed[index] = true
                if label[index] != Int32(level) { return "inactive node \(node) has label \(label[index]), listed at \(level)" }
                if excess[index] != 0 { return "inactive node \(node) holds excess \(excess[index])" }
                if previous[index] != before { return "inactive node \(node): its back link is \(previous[index]), not \(before)" }
                if level > Int(maxLabel) { return "node \(node) at label \(level) is above maxLabel \(maxLabel)" }
                before = node
                node = next[index]
            }
        }
        for node in 0..<nodeCount where node != Int(target) && label[node] != dead && !listed[node] {
            return "live node \(node) (label \(label[node])) is in no list"
        }
        return nil
    }

    // MARK: Discharge

    /// Pushes the excess of active node `node` away, relabelling it as needed, until
    /// its excess is zero or it is dead.
    ///
    /// On entry `node` is in no bucket list; on exit it is in its inactive list if
    /// live (a dead node keeps its excess for the next phase).
    @inline(__always)
    private mutating func discharge(_ node: Int32) {
        let nodeIndex = Int(node)
        let begin = Int(first[nodeIndex])
        let end = Int(first[nodeIndex + 1])
        var nodeLabel = label[nodeIndex]
        var remaining = excess[nodeIndex]
        var index = Int(current[nodeIndex])
        var pushes = 0
        while true {
            // Push along admissible entries, from the current one on.
            let wanted = nodeLabel - 1
            while index < end {
                let residual = entries[index].residual
                if residual > 0 {
                    let head = entries[index].head
                    let headIndex = Int(head)
                    if label[headIndex] == wanted {
                        let delta = remaining < residual ? remaining : residual
                        entries[index].residual = residual - delta
                        entries[Int(entries[index].mate)].residual += delta
                        if excess[headIndex] == 0 && head != target {
                            removeInactive(head, label: wanted)
                            pushActive(head, label: wanted)
                        }
                        excess[headIndex] += delta
                        remaining -= delta
                        pushes += 1
                        if remaining == 0 { break }
                    }
                }
                index += 1
            }
            if remaining == 0 { break }

            // Relabel: no admissible entry is left.
            statistics.relabels += 1
            workSinceUpdate += 12 + (end - begin)
            var minimumLabel = dead
            var minimumIndex = end
            for candidate in begin..<end where entries[candidate].residual > 0 {
                let headLabel = label[Int(entries[candidate].head)]
                if headLabel < minimumLabel {
                    minimumLabel = headLabel
                    minimumIndex = candidate
                    if headLabel == nodeLabel { break }  // cannot do better than d + 1
                }
            }
            if activeHead[Int(nodeLabel)] < 0 && inactiveHead[Int(nodeLabel)] < 0 {
                // `node` was alone at its label: a gap.
                removeNodes(above: nodeLabel)
                label[nodeIndex] = dead
                excess[nodeIndex] = remaining
                statistics.pushes += pushes
                return
            }
            if minimumLabel + 1 >= dead {
                label[nodeIndex] = dead
                excess[nodeIndex] = remaining
                statistics.pushes += pushes
                return
            }
            nodeLabel = minimumLabel + 1
            label[nodeIndex] = nodeLabel
            if nodeLabel > maxLabel { maxLabel = nodeLabel }
            index = minimumIndex
        }
        excess[nodeIndex] = 0
        current[nodeIndex] = Int32(truncatingIfNeeded: index)
        insertInactive(node, label: nodeLabel)
        statistics.pushes += pushes
    }

    /// The gap heuristic: every node with a label above `gapLabel` is dead.
    ///
    /// Only inactive nodes can be there: the node being relabelled had the highest
    /// label of any active node.
    private mutating func removeNodes(above gapLabel: Int32) {
        statistics.gaps += 1
        var level = gapLabel + 1
        while level <= maxLabel {
            var node = inactiveHead[Int(level)]
            while node >= 0 {
                label[Int(node)] = dead
                node = next[Int(node)]
            }
            inactiveHead[Int(level)] = -1
            level += 1
        }
        maxLabel = gapLabel - 1
    }

    // MARK: Global relabelling

    /// Sets every label to the exact residual distance to the target (dead if
    /// unreachable) by a breadth-first search along reversed residual entries, and
    /// rebuilds the buckets. The search stops once every node but the excluded one
    /// has a label.
    ///
    /// - Complexity: O(V + E).
    private mutating func globalRelabel() {
        statistics.globalRelabels += 1
        workSinceUpdate = 0
        for node in 0..<nodeCount {
            label[node] = dead
        }
        for level in 0..<nodeCount {
            activeHead[level] = -1
            inactiveHead[level] = -1
        }
        label[Int(target)] = 0
        queue[0] = target
        var queueHead = 0
        var queueTail = 1
        // Every node but the excluded one labelled: nothing left to discover. (On
        // dense networks this skips about half of the scans.)
        let labellable = nodeCount - 1
        search: while queueHead < queueTail {
            let node = Int(queue[queueHead])
            queueHead += 1
            let nextLabel = label[node] + 1
            for index in Int(first[node])..<Int(first[node + 1]) {
                let neighbour = entries[index].head
                // `neighbour → node` has residual iff the mate of this entry does.
                if label[Int(neighbour)] == dead && neighbour != excluded
                    && entries[Int(entries[index].mate)].residual > 0
                {
                    label[Int(neighbour)] = nextLabel
                    queue[queueTail] = neighbour
                    queueTail += 1
                    if queueTail == labellable { break search }
                }
            }
        }
        maxActive = 0
        maxLabel = 0
        for position in 1..<queueTail {
            let node = queue[position]
            let nodeIndex = Int(node)
            let nodeLabel = label[nodeIndex]
            current[nodeIndex] = first[nodeIndex]
            if excess[nodeIndex] > 0 {
                pushActive(node, label: nodeLabel)
            } else {
                insertInactive(node, label: nodeLabel)
            }
            maxLabel = nodeLabel  // breadth-first order: non-decreasing
        }
    }

    // MARK: Buckets

    @inline(__always)
    private mutating func pushActive(_ node: Int32, label level: Int32) {
        next[Int(node)] = activeHead[Int(level)]
        activeHead[Int(level)] = node
        if level > maxActive { maxActive = level }
    }

    @inline(__always)
    private func insertInactive(_ node: Int32, label level: Int32) {
        let head = inactiveHead[Int(level)]
        next[Int(node)] = head
        previous[Int(node)] = -1
        if head >= 0 { previous[Int(head)] = node }
        inactiveHead[Int(level)] = node
    }

    @inline(__always)
    private func removeInactive(_ node: Int32, label level: Int32) {
        let before = previous[Int(node)]
        let after = next[Int(node)]
        if before >= 0 { next[Int(before)] = after } else { inactiveHead[Int(level)] = after }
        if after >= 0 { previous[Int(after)] = before }
    }
}
