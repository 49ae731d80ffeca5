extension RoutingEngine {
    /// Walks from the coordinator to the coordinator, choosing at each decision point by smooth
    /// weighted round robin over the entries, and leaves the chosen entries in `chosen`.
    ///
    /// Smooth weighted round robin (nginx's; Envoy's EDF scheduler gives the same long-run
    /// shares): every eligible entry's counter grows by its weight, the largest counter wins
    /// (lowest index on ties) and drops by the eligible weights' total. Over n picks an entry of
    /// weight w out of W is chosen n·w/W times up to fewer than the point's out-degree, and picks
    /// of the same entry are spread evenly, not bunched.
    ///
    /// With `masked`, an entry is eligible only if its head is the coordinator or a node from
    /// which some route reaches the coordinator through nodes with room for `footprint` under
    /// their high-water marks; so once the first hop is chosen the walk cannot dead-end. Without
    /// `masked` (no node is that close to its mark), every entry is eligible.
    /// - Returns: false when no eligible first hop exists (nothing was changed).
    /// - Complexity: O(Σ out-degree of the visited points) unmasked, no allocation; O(V + E) masked.
    mutating func walk(footprint: Int, masked: Bool) -> Bool {
        chosen.removeAll(keepingCapacity: true)
        if masked { startMemo() }
        var point = 0
        while true {
            let first = tables.firstEntry[point]
            let end = tables.firstEntry[point + 1]
            var total: Int64 = 0
            var best = -1
            var bestValue = Int64.min
            for entry in first..<end {
                let head = Int(tables.entryHead[entry])
                if masked, head >= 0, !isViable(head, footprint: footprint) { continue }
                let weight = tables.entryWeight[entry]
                current[entry] &+= weight
                total &+= weight
                if current[entry] > bestValue {
                    bestValue = current[entry]
                    best = entry
                }
            }
            guard best >= 0 else { return false }
            current[best] &-= total
            chosen.append(Int32(best))
            let head = Int(tables.entryHead[best])
            if head < 0 { return true }
            point = 1 + head
        }
    }

    /// The route the last successful `walk` chose.
    /// - Complexity: O(hops); one allocation.
    func chosenRoute() -> Route {
        var hops: [Route.Hop] = []
        hops.reserveCapacity(chosen.count - 1)
        var start = 0
        for entry in chosen.dropLast() {
            let node = Int(tables.entryHead[Int(entry)])
            let end = Int(tables.nodeEnd[node])
            hops.append(Route.Hop(node: node, layers: LayerRange(start, end), link: Int(tables.entryLink[Int(entry)])))
            start = end
        }
        return Route(hops: hops, exitLink: Int(tables.entryLink[Int(chosen[chosen.count - 1])]))
    }

    /// Invalidates the viability memo for a new request (an epoch bump, O(1)).
    private mutating func startMemo() {
        if epoch == .max {
            for index in viableStamp.indices { viableStamp[index] = 0 }
            epoch = 0
        }
        epoch += 1
    }

    /// Whether `node` has room for `footprint` and some entry from it leads, through nodes with
    /// room, to the coordinator. Memoised per request; depth-first, at most the route length deep.
    private mutating func isViable(_ node: Int, footprint: Int) -> Bool {
        if viableStamp[node] == epoch { return viableValue[node] }
        var viable = false
        if footprint <= tables.kvLimit[node] - reserved[node] {
            for entry in tables.firstEntry[1 + node]..<tables.firstEntry[2 + node] {
                let head = Int(tables.entryHead[entry])
                if head < 0 || isViable(head, footprint: footprint) {
                    viable = true
                    break
                }
            }
        }
        viableStamp[node] = epoch
        viableValue[node] = viable
        return viable
    }
}
