/// The regions of a cluster: its nodes' region labels when every node carries one, otherwise
/// groups inferred from the links, so that a geo-distributed cluster whose file names no regions
/// is still planned region by region.
///
/// Inference: node-to-node links are split into *near* and *far* at the widest ratio gap of their
/// sorted bandwidths (and, separately, latencies), when that gap is at least `separation`; regions
/// are the connected components of the near links (a link is near when it is on the fast side of
/// every gap found). Without such a gap the cluster is one region. A pure function of the links.
public struct RegionInference: Sendable, Hashable {
    /// Node positions of each region, ascending; regions ordered by their first node.
    public let regions: [[Int]]
    /// The region of each node, by node position.
    public let regionOfNode: [Int]
    /// True when the regions are the nodes' own labels.
    public let fromLabels: Bool

    /// The smallest ratio between consecutive sorted bandwidths (or latencies) that separates
    /// near links from far ones: a WAN is slower than a data centre's network by far more than
    /// the spread of links inside either.
    public static let separation = 4.0

    /// - Complexity: O(links · log(links) + nodes · α(nodes)).
    public init(cluster: Cluster) {
        let n = cluster.nodes.count
        if n > 0, cluster.nodes.allSatisfy({ $0.region != nil }) {
            self.init(keys: cluster.nodes.map { $0.region ?? "" }, fromLabels: true)
            return
        }
        var bandwidths: [Double] = []
        var latencies: [Double] = []
        for (index, ends) in cluster.linkEnds.enumerated()
        where ends.from != Cluster.coordinatorIndex && ends.to != Cluster.coordinatorIndex {
            bandwidths.append(cluster.links[index].bandwidthBytesPerSecond)
            latencies.append(cluster.links[index].latencySeconds)
        }
        let slowBelow = Self.gapThreshold(bandwidths)
        let farAbove = Self.gapThreshold(latencies)
        var parent = Array(0..<n)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for (index, ends) in cluster.linkEnds.enumerated()
        where ends.from != Cluster.coordinatorIndex && ends.to != Cluster.coordinatorIndex {
            let link = cluster.links[index]
            if let slowBelow, link.bandwidthBytesPerSecond < slowBelow { continue }
            if let farAbove, link.latencySeconds > farAbove { continue }
            parent[root(ends.from)] = root(ends.to)
        }
        self.init(keys: (0..<n).map { root($0) }, fromLabels: false)
    }

    init<Key: Hashable>(keys: [Key], fromLabels: Bool) {
        var index: [Key: Int] = [:]
        var regions: [[Int]] = []
        var regionOfNode: [Int] = []
        for (node, key) in keys.enumerated() {
            let region = index[key] ?? regions.count
            if region == regions.count {
                index[key] = region
                regions.append([])
            }
            regions[region].append(node)
            regionOfNode.append(region)
        }
        self.regions = regions
        self.regionOfNode = regionOfNode
        self.fromLabels = fromLabels
    }

    /// The geometric middle of the widest ratio gap between consecutive sorted positive values, when
    /// that gap is at least `separation`; nil otherwise (no two clearly separate groups).
    /// - Complexity: O(v log v).
    package static func gapThreshold(_ values: [Double]) -> Double? {
        let sorted = Array(Set(values.filter { $0 > 0 })).sorted()
        var best: (ratio: Double, threshold: Double)?
        for (low, high) in zip(sorted, sorted.dropFirst()) where high / low >= separation {
            if high / low > best?.ratio ?? 0 { best = (high / low, (low * high).squareRoot()) }
        }
        return best?.threshold
    }

    /// "3 regions inferred: 4 A100 | 8 T4, 2 L4 | 6 L4, 4 T4" (or "from labels"); nil for one region.
    public func summary(of cluster: Cluster) -> String? {
        guard regions.count > 1 else { return nil }
        let parts = regions.map { members -> String in
            var counts: [String: Int] = [:]
            var order: [String] = []
            for node in members {
                let type = cluster.nodes[node].type
                if counts[type] == nil { order.append(type) }
                counts[type, default: 0] += 1
            }
            return order.map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", ")
        }
        return "\(regions.count) regions \(fromLabels ? "from labels" : "inferred"): " + parts.joined(separator: " | ")
    }

    /// `cluster` with every unlabelled node labelled by its inferred region (`region-1`, …), so that
    /// planners that group nodes by type and region (`NodeClasses.forModeling`) see the regions.
    /// Returns `cluster` itself when the labels are already there or there is one region.
    public func labeling(_ cluster: Cluster) -> Cluster {
        guard !fromLabels, regions.count > 1 else { return cluster }
        var nodes = cluster.nodes
        for node in nodes.indices where nodes[node].region == nil {
            nodes[node].region = "region-\(regionOfNode[node] + 1)"
        }
        // Same ids, types and links as a valid cluster: the initialiser cannot fail.
        return (try? Cluster(
            name: cluster.name, model: cluster.model, gpuTypes: cluster.gpuTypes, nodes: nodes, links: cluster.links,
            coordinator: cluster.coordinator, bandwidthConvention: cluster.bandwidthConvention)) ?? cluster
    }
}
