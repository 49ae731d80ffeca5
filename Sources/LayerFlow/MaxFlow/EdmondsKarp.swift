/// Edmonds–Karp: repeatedly augment along a shortest residual path from the source
/// to the sink, found by breadth-first search, until none exists.
///
/// It shares nothing with ``PushRelabel`` but the ``ResidualNetwork`` and the
/// fixed-point capacities, which makes it the independent reference the tests
/// compare push-relabel against. Each augmentation saturates at least one entry and
/// shortest-path lengths never decrease, so there are at most O(V E) augmentations
/// whatever the capacities (no dependence on the 2^62-quantum integer range).
///
/// Invariant: the network always holds a feasible flow (residuals in
/// `0 ... capacity`, conservation at every node but the terminals); each
/// augmentation raises the value by the path's bottleneck.
///
/// - Complexity: O(V E²).
enum EdmondsKarp {
    /// Solves the maximum-flow problem on `network` in place and returns the number of
    /// augmenting paths used.
    static func solve(_ network: borrowing ResidualNetwork, source: Int, sink: Int) -> Int {
        let nodeCount = network.nodeCount
        let first = network.firstEntry
        let entries = network.entries
        /// The entry through which BFS reached each node; -1 unreached, -2 the source.
        var parentEntry = [Int32](repeating: -1, count: nodeCount)
        var queue = [Int32](repeating: 0, count: nodeCount)
        var augmentations = 0
        while true {
            for node in 0..<nodeCount { parentEntry[node] = -1 }
            parentEntry[source] = -2
            queue[0] = Int32(truncatingIfNeeded: source)
            var queueHead = 0
            var queueTail = 1
            search: while queueHead < queueTail {
                let node = Int(queue[queueHead])
                queueHead += 1
                for index in Int(first[node])..<Int(first[node + 1]) {
                    let head = Int(entries[index].head)
                    if parentEntry[head] == -1 && entries[index].residual > 0 {
                        parentEntry[head] = Int32(truncatingIfNeeded: index)
                        if head == sink { break search }
                        queue[queueTail] = Int32(truncatingIfNeeded: head)
                        queueTail += 1
                    }
                }
            }
            guard parentEntry[sink] >= 0 else { return augmentations }

            // The bottleneck along the path, walking back from the sink; the tail of
            // an entry is the head of its mate.
            var bottleneck = Int64.max
            var node = sink
            while node != source {
                let index = Int(parentEntry[node])
                bottleneck = min(bottleneck, entries[index].residual)
                node = Int(entries[Int(entries[index].mate)].head)
            }
            node = sink
            while node != source {
                let index = Int(parentEntry[node])
                let mate = Int(entries[index].mate)
                entries[index].residual -= bottleneck
                entries[mate].residual += bottleneck
                node = Int(entries[mate].head)
            }
            augmentations += 1
        }
    }
}
