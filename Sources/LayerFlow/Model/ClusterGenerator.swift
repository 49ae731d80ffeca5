/// Builds synthetic clusters: nodes spread over regions, a complete mesh of directed links that are
/// fast inside a region and slow between regions, and a coordinator in one region. For tests,
/// benchmarks and what-if planning of clusters that do not exist yet.
public enum ClusterGenerator {
    /// One region: how many nodes of each GPU type it has.
    public struct Region: Sendable, Hashable {
        public var name: String
        /// GPU type name → node count.
        public var nodeCounts: [String: Int]

        public init(name: String, nodeCounts: [String: Int]) {
            self.name = name
            self.nodeCounts = nodeCounts
        }
    }

    /// Network figures between and inside regions.
    public struct Network: Sendable, Hashable {
        public var intraRegionBandwidthBytesPerSecond: Double
        public var interRegionBandwidthBytesPerSecond: Double
        public var intraRegionLatencySeconds: Double
        public var interRegionLatencySeconds: Double
        /// Each link's bandwidth is multiplied by a seeded factor in `1 ± jitter` (0: none).
        public var jitter: Double

        public init(
            intraRegionBandwidthBytesPerSecond: Double, interRegionBandwidthBytesPerSecond: Double,
            intraRegionLatencySeconds: Double = 0.0005, interRegionLatencySeconds: Double = 0.03, jitter: Double = 0
        ) {
            self.intraRegionBandwidthBytesPerSecond = intraRegionBandwidthBytesPerSecond
            self.interRegionBandwidthBytesPerSecond = interRegionBandwidthBytesPerSecond
            self.intraRegionLatencySeconds = intraRegionLatencySeconds
            self.interRegionLatencySeconds = interRegionLatencySeconds
            self.jitter = jitter
        }
    }

    /// A cluster with the given regions (nodes named `<region>-<type>-<i>`), a complete mesh, and
    /// the coordinator in `coordinatorRegion` (default: the first region).
    /// - Throws: `ClusterError` if a region names an unknown GPU type or a figure is invalid,
    ///   `.limitExceeded` (before anything is allocated) past `InputLimits.maxNodes` nodes or
    ///   `InputLimits.maxLinks` links (n·(n + 1) for n nodes).
    /// - Complexity: O(n²) links for n nodes.
    public static func multiRegion(
        name: String, model: ModelSpec, gpuTypes: [GPUType], regions: [Region], network: Network,
        coordinatorRegion: String? = nil, bandwidthConvention: BandwidthConvention = .physical, seed: UInt64 = 0
    ) throws -> Cluster {
        let total = try meshSize(regions.flatMap { $0.nodeCounts.values })
        var nodes: [ComputeNode] = []
        nodes.reserveCapacity(total.nodes)
        for region in regions {
            for type in region.nodeCounts.keys.sorted() {
                for i in 0..<(region.nodeCounts[type] ?? 0) {
                    nodes.append(ComputeNode(id: "\(region.name)-\(type)-\(i)", type: type, region: region.name))
                }
            }
        }
        let home = coordinatorRegion ?? regions.first?.name
        var generator = SeededGenerator(seed: seed)
        func bandwidth(_ sameRegion: Bool) -> Double {
            let base = sameRegion ? network.intraRegionBandwidthBytesPerSecond : network.interRegionBandwidthBytesPerSecond
            guard network.jitter > 0 else { return base }
            return base * Double.random(in: (1 - network.jitter)...(1 + network.jitter), using: &generator)
        }
        func latency(_ sameRegion: Bool) -> Double {
            sameRegion ? network.intraRegionLatencySeconds : network.interRegionLatencySeconds
        }
        var links: [Link] = []
        links.reserveCapacity(total.links)
        for node in nodes {
            let local = node.region == home
            links.append(Link(from: .coordinator, to: .node(node.id), bandwidthBytesPerSecond: bandwidth(local), latencySeconds: latency(local)))
            links.append(Link(from: .node(node.id), to: .coordinator, bandwidthBytesPerSecond: bandwidth(local), latencySeconds: latency(local)))
        }
        for from in nodes {
            for to in nodes where to.id != from.id {
                let same = from.region == to.region
                links.append(Link(from: .node(from.id), to: .node(to.id), bandwidthBytesPerSecond: bandwidth(same), latencySeconds: latency(same)))
            }
        }
        return try Cluster(
            name: name, model: model, gpuTypes: gpuTypes, nodes: nodes, links: links,
            bandwidthConvention: bandwidthConvention)
    }

    /// Nodes and links of a complete mesh of nodes in groups of `counts`, checked against
    /// `InputLimits` with overflow-safe arithmetic.
    /// - Throws: `ClusterError.limitExceeded` naming `nodes` or `links`.
    public static func meshSize(_ counts: [Int]) throws(ClusterError) -> (nodes: Int, links: Int) {
        var nodes = 0
        for count in counts {
            let (sum, overflow) = nodes.addingReportingOverflow(max(0, count))
            guard !overflow, sum <= InputLimits.maxNodes else {
                throw .limitExceeded(field: "nodes", value: overflow ? .max : sum, limit: InputLimits.maxNodes)
            }
            nodes = sum
        }
        let links = nodes * (nodes + 1)
        guard links <= InputLimits.maxLinks else {
            throw .limitExceeded(field: "links", value: links, limit: InputLimits.maxLinks)
        }
        return (nodes, links)
    }
}
