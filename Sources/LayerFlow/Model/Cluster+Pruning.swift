extension Cluster {
    /// The cluster with only each node's best links, by Helix's pruning rule (`prune_cluster` in
    /// `simulator/initial_layout/fake_cluster_generator.py` of `Thesys-lab/Helix-ASPLOS25`, run
    /// before its MILP when `enable_pruning` is set).
    ///
    /// Three independent selections, each over candidates sorted by bandwidth, fastest first:
    ///
    /// - **Coordinator → node links** (Helix's source links) are ranked among themselves: the
    ///   first `minKeep` are kept, and of the candidates at ranks `minKeep..<maxKeep` those with
    ///   bandwidth **strictly above** the threshold.
    /// - **Node → coordinator links** (sink links): the same, but ranks `minKeep..<maxKeep` are
    ///   kept when the bandwidth is **at least** the threshold (Helix uses `>` for source links and
    ///   `>=` for the others).
    /// - **Node ↔ node links** are ranked per node, over the node's *undirected* neighbours (Helix's
    ///   `Link-i-j` is one undirected link): each node selects its first `minKeep`, and of ranks
    ///   `minKeep..<maxKeep` those with bandwidth at least the threshold. The kept pairs are the
    ///   **union** of all nodes' selections, and a kept pair keeps both directions. So every node
    ///   keeps at least `min(minKeep, neighbours)` neighbours, all of its own selection is its
    ///   fastest, but a node can end with *more* than `maxKeep` neighbours when faster nodes chose
    ///   it (`maxKeep` bounds what a node selects, not its degree).
    ///
    /// Ties in bandwidth are broken as Helix's descending tuple sort does: source and sink links by
    /// the larger node position first; node pairs by the name `"Link-<lo>-<hi>"` (positions in
    /// `nodes`, lo < hi) compared as a string, larger first. For clusters imported from Helix's files
    /// positions are Helix's indices, so the result is exactly Helix's `pruned_cluster.ini`.
    ///
    /// Generalisations (Helix only accepts complete graphs with symmetric links): only existing links
    /// are candidates; a node pair's bandwidth is the larger of its two directions' bandwidths, and
    /// keeping a pair keeps whichever directions exist. Negative counts act as 0, and
    /// `maxKeep < minKeep` as `maxKeep == minKeep` (Helix asserts `minKeep <= maxKeep`). Links keep
    /// their order, latency and bandwidth; nothing else changes.
    ///
    /// - Parameters:
    ///   - minKeep: links each node (and the coordinator, in each direction) keeps unconditionally.
    ///   - maxKeep: most links each of them selects.
    ///   - keepBandwidthThreshold: in **bits per second**, the unit Helix writes (`1 * mbps` = 1e6):
    ///     a link's bandwidth is compared as `8 · bandwidthBytesPerSecond`, whatever the cluster's
    ///     bandwidth convention, so the value of a Helix args file can be passed unchanged.
    /// - Returns: the pruned cluster (same nodes, types, model, coordinator and convention).
    /// - Complexity: O(n² log n + links) for n nodes: one sort of each node's neighbours.
    public func pruned(minKeep: Int, maxKeep: Int, keepBandwidthThreshold: Double) -> Cluster {
        let minimum = Swift.max(minKeep, 0)
        let maximum = Swift.max(maxKeep, minimum)
        let coordinatorIndex = Cluster.coordinatorIndex
        func bitsPerSecond(_ link: Int) -> Double { links[link].bandwidthBytesPerSecond * 8 }

        /// Ranks candidates (fastest first, larger `tieKey` first on equal bandwidth), keeps the
        /// first `minimum` and those of ranks `minimum..<maximum` that pass `qualifies`.
        func select<Key: Comparable>(
            _ candidates: [(bandwidth: Double, tieKey: Key, item: Int)], qualifies: (Double) -> Bool
        ) -> [Int] {
            let ranked = candidates.sorted { ($0.bandwidth, $0.tieKey) > ($1.bandwidth, $1.tieKey) }
            var kept: [Int] = []
            for (rank, candidate) in ranked.enumerated() where rank < maximum {
                if rank < minimum || qualifies(candidate.bandwidth) { kept.append(candidate.item) }
            }
            return kept
        }

        var keep = [Bool](repeating: false, count: links.count)
        // Coordinator links, one selection per direction.
        var sourceCandidates: [(bandwidth: Double, tieKey: Int, item: Int)] = []
        var sinkCandidates: [(bandwidth: Double, tieKey: Int, item: Int)] = []
        // Node pairs: bandwidth of each undirected pair and the links that make it up.
        var pairLinks: [Pair: [Int]] = [:]
        var pairBandwidth: [Pair: Double] = [:]
        for (index, ends) in linkEnds.enumerated() {
            if ends.from == coordinatorIndex {
                sourceCandidates.append((bitsPerSecond(index), ends.to, index))
            } else if ends.to == coordinatorIndex {
                sinkCandidates.append((bitsPerSecond(index), ends.from, index))
            } else {
                let pair = Pair(ends.from, ends.to)
                pairLinks[pair, default: []].append(index)
                pairBandwidth[pair] = Swift.max(pairBandwidth[pair] ?? -.infinity, bitsPerSecond(index))
            }
        }
        for index in select(sourceCandidates, qualifies: { $0 > keepBandwidthThreshold }) { keep[index] = true }
        for index in select(sinkCandidates, qualifies: { $0 >= keepBandwidthThreshold }) { keep[index] = true }

        var neighbourPairs = [[Pair]](repeating: [], count: nodes.count)
        for pair in pairLinks.keys.sorted(by: { ($0.low, $0.high) < ($1.low, $1.high) }) {
            neighbourPairs[pair.low].append(pair)
            neighbourPairs[pair.high].append(pair)
        }
        var keptPairs = Set<Pair>()
        for pairs in neighbourPairs {
            let candidates = pairs.enumerated().map { offset, pair in
                (bandwidth: pairBandwidth[pair] ?? 0, tieKey: pair.helixName, item: offset)
            }
            for offset in select(candidates, qualifies: { $0 >= keepBandwidthThreshold }) {
                keptPairs.insert(pairs[offset])
            }
        }
        for pair in keptPairs {
            for index in pairLinks[pair] ?? [] { keep[index] = true }
        }

        let keptLinks = links.indices.filter { keep[$0] }.map { links[$0] }
        // A subset of a valid cluster's links is valid, so this cannot fail; fall back to self anyway.
        return (try? Cluster(
            name: name, model: model, gpuTypes: gpuTypes, nodes: nodes, links: keptLinks,
            coordinator: coordinator, bandwidthConvention: bandwidthConvention)) ?? self
    }
}

/// An unordered pair of node positions, as Helix's undirected `Link-<lo>-<hi>`.
private struct Pair: Hashable {
    let low: Int
    let high: Int

    init(_ a: Int, _ b: Int) {
        low = Swift.min(a, b)
        high = Swift.max(a, b)
    }

    /// Helix's section name, whose descending string order breaks bandwidth ties.
    var helixName: String { "Link-\(low)-\(high)" }
}
