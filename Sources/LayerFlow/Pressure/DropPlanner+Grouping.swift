extension DropPlanner {
    /// The replicas of one class in an order that follows fast links: start at the member with the
    /// fastest link to another member, then always go on along the fastest link to a member not yet
    /// visited (to the next unvisited member in cluster order when there is none). Consecutive runs
    /// of this chain become the groups, so members of a group are joined by the fastest links.
    /// - Complexity: O(E log E + N) for the N members and E links among them.
    func linkOrderedChain(_ members: [Int]) -> [Int] {
        var position = [Int: Int]()
        for (slot, node) in members.enumerated() { position[node] = slot }
        var adjacency = [[(bandwidth: Double, to: Int)]](repeating: [], count: members.count)
        for (index, ends) in cluster.linkEnds.enumerated() {
            guard let from = position[ends.from], let to = position[ends.to] else { continue }
            adjacency[from].append((transferBandwidth(link: index), to))
        }
        for slot in adjacency.indices { adjacency[slot].sort { ($0.bandwidth, -$0.to) > ($1.bandwidth, -$1.to) } }
        var start = 0
        for slot in adjacency.indices where (adjacency[slot].first?.bandwidth ?? -1) > (adjacency[start].first?.bandwidth ?? -1) {
            start = slot
        }
        var visited = [Bool](repeating: false, count: members.count)
        var cursor = [Int](repeating: 0, count: members.count)
        var chain: [Int] = []
        chain.reserveCapacity(members.count)
        var nextUnvisited = 0
        var current = start
        while true {
            visited[current] = true
            chain.append(members[current])
            if chain.count == members.count { break }
            while cursor[current] < adjacency[current].count, visited[adjacency[current][cursor[current]].to] { cursor[current] += 1 }
            if cursor[current] < adjacency[current].count {
                current = adjacency[current][cursor[current]].to
            } else {
                while visited[nextUnvisited] { nextUnvisited += 1 }
                current = nextUnvisited
            }
        }
        return chain
    }

    /// Bytes per second a bulk transfer over link `index` reaches: the link, the sender's NIC out
    /// and the receiver's NIC in, whichever is slowest (under the cluster's bandwidth convention).
    func transferBandwidth(link index: Int) -> Double {
        let ends = cluster.linkEnds[index]
        var bandwidth = cluster.links[index].bandwidthBytesPerSecond
        if ends.from != Cluster.coordinatorIndex { bandwidth = min(bandwidth, cluster.gpuType(ofNodeAt: ends.from).nicOutBytesPerSecond) }
        if ends.to != Cluster.coordinatorIndex { bandwidth = min(bandwidth, cluster.gpuType(ofNodeAt: ends.to).nicInBytesPerSecond) }
        return bandwidth * cluster.bandwidthConvention.bandwidthMultiplier
    }

    /// KV tokens in flight on the node at `index` holding `range`: the option's figure, else full.
    func inFlightTokens(nodeAt index: Int, range: LayerRange, memory: PressureMemory) -> Int {
        options.inFlightKVTokens[cluster.nodes[index].id] ?? memory.tokens(nodeAt: index, layers: range.count)
    }

    /// Fuses `members` (in pipeline order) over their class's range. Each keeps a contiguous part,
    /// the counts chosen so the slowest member is as fast as possible (`PipelineSplit`, exact),
    /// each count capped so that the member's kept layers and the KV the whole group has in flight
    /// for them fit its memory.
    /// - Throws: `PressureError.unsplittableGroup` when no such split exists.
    /// - Complexity: O(log(g·m) · g · m²) for g members and an m-layer range.
    func fusedGroup(_ members: [Int], replicaClass: ReplicaClass, memory: PressureMemory) throws(PressureError) -> DropPlan.Group {
        let range = replicaClass.range
        let inFlight = members.reduce(0) { $0 + inFlightTokens(nodeAt: $1, range: range, memory: memory) }
        let perLayer = cluster.model.parameterBytesPerLayer + Double(inFlight) * memory.kvBytesPerTokenPerLayer
        let capacities: [[Double]] = members.map { node in
            let fitting = perLayer > 0 ? Int(min((memory.usableBytes(nodeAt: node) / perLayer).rounded(.down), Double(range.count))) : range.count
            return cluster.capacityProfile(nodeAt: node, holding: fitting)
        }
        guard let split = PipelineSplit.balancedLayerCounts(capacities: capacities, layerCount: range.count) else {
            throw .unsplittableGroup(field: "placement[\(range.start), \(range.end))", members: members.map { cluster.nodes[$0].id })
        }
        var start = range.start
        var groupMembers: [DropPlan.Group.Member] = []
        for (node, count) in zip(members, split.counts) {
            let kept = LayerRange(start, start + count)
            start += count
            groupMembers.append(DropPlan.Group.Member(
                node: cluster.nodes[node].id, heldBefore: range, kept: kept,
                kvTokensAfter: memory.tokens(nodeAt: node, layers: count)))
        }
        var bandwidths: [Double] = []
        for (from, to) in zip(members, members.dropFirst()) {
            bandwidths.append(linkIndex(from: from, to: to).map { cluster.links[$0].bandwidthBytesPerSecond } ?? 0)
        }
        let copies = members.count - 1
        return DropPlan.Group(
            members: groupMembers, range: range, donatedCopies: copies, addedKVTokens: copies * replicaClass.tokensPerCopy,
            kvTokensBefore: members.reduce(0) { $0 + memory.tokens(nodeAt: $1, layers: range.count) },
            pipelineKVTokensAfter: groupMembers.map(\.kvTokensAfter).min() ?? 0,
            linkBandwidthsBytesPerSecond: bandwidths, extraHops: copies)
    }

    /// The link from node `from` to node `to` (positions), if any.
    /// - Complexity: O(1) expected.
    func linkIndex(from: Int, to: Int) -> Int? {
        linkLookup[LinkEnds(from: from, to: to)]
    }
}
