/// A cluster from a model name and a GPU list, for users who have GPUs and a model but no
/// throughput tables: `LLaMA-2-70B` on `4xA100,8xL4,12xT4` over `1Gbps`.
///
/// GPUs come from `GPUCatalog`, the model from `ModelCatalog` (or a `config.json`), tables from
/// `ThroughputEstimator`; nodes and a complete mesh of links from `ClusterGenerator.multiRegion`,
/// fast (`networkBytesPerSecond`) inside a region and slow (`wanBytesPerSecond`) between regions,
/// with the coordinator in the first region. Bandwidths are physical (`BandwidthConvention.physical`).
public struct QuickCluster: Sendable, Hashable {
    /// A region and the GPUs in it.
    public struct Region: Sendable, Hashable {
        public var name: String
        public var members: [ThroughputEstimator.Member]

        public init(name: String, members: [ThroughputEstimator.Member]) {
            self.name = name
            self.members = members
        }
    }

    /// The most GPUs a quick cluster may have: its complete mesh of n GPUs has n·(n + 1) links,
    /// at most `InputLimits.maxLinks`.
    public static var largestMesh: Int {
        var n = Int(Double(InputLimits.maxLinks).squareRoot())
        while n * (n + 1) > InputLimits.maxLinks { n -= 1 }
        while (n + 1) * (n + 2) <= InputLimits.maxLinks { n += 1 }
        return min(n, InputLimits.maxNodes)
    }

    /// Region name used when the GPUs are given without regions.
    public static let defaultRegionName = "local"
    /// Link speed inside a region when none is given: 10 Gb/s.
    public static let defaultNetworkBytesPerSecond = 10e9 / 8
    /// Link speed between regions when none is given: 100 Mb/s.
    public static let defaultWANBytesPerSecond = 100e6 / 8

    public var model: ModelConfig
    public var regions: [Region]
    public var networkBytesPerSecond: Double
    public var wanBytesPerSecond: Double

    public init(
        model: ModelConfig, regions: [Region], networkBytesPerSecond: Double = defaultNetworkBytesPerSecond,
        wanBytesPerSecond: Double = defaultWANBytesPerSecond
    ) {
        self.model = model
        self.regions = regions
        self.networkBytesPerSecond = networkBytesPerSecond
        self.wanBytesPerSecond = wanBytesPerSecond
    }

    /// Parses the command-line style description.
    /// - Parameters:
    ///   - model: a catalog model name or a `config.json` path.
    ///   - gpus: `4xA100,8xL4,12xT4` — one region; or nil when `regions` is given.
    ///   - regions: `us:4xA100,8xL4;eu:12xT4` — several regions; or nil when `gpus` is given.
    ///   - network: link speed inside a region, e.g. `1Gbps` (default 10 Gb/s).
    ///   - wan: link speed between regions, e.g. `100Mbps` (default 100 Mb/s).
    /// - Throws: `CatalogError` naming the text that does not parse or the unknown name.
    public static func parse(
        model: String, gpus: String?, regions: String?, network: String? = nil, wan: String? = nil
    ) throws -> QuickCluster {
        let config = try ModelCatalog.config(nameOrPath: model)
        let parsedRegions: [Region]
        switch (gpus, regions) {
        case let (gpus?, nil):
            parsedRegions = [Region(name: defaultRegionName, members: try QuickClusterSyntax.gpuList(gpus, option: "--gpus"))]
        case let (nil, regions?):
            parsedRegions = try QuickClusterSyntax.regions(regions)
        case (nil, nil):
            throw CatalogError.invalidSpecification(option: "--gpus", text: "", expected: "a GPU list such as 4xA100,8xL4 (or --regions)")
        case let (_?, regions?):
            throw CatalogError.invalidSpecification(
                option: "--regions", text: regions, expected: "either --gpus (one region) or --regions, not both")
        }
        // Refuse sizes past the limits here, naming the option, before any node is made.
        do {
            _ = try ClusterGenerator.meshSize(parsedRegions.flatMap { $0.members.map(\.count) })
        } catch {
            let option = gpus != nil ? "--gpus" : "--regions"
            let text = gpus ?? regions ?? ""
            switch error {
            case .limitExceeded(field: "links", let value, let limit):
                throw CatalogError.invalidSpecification(
                    option: option, text: text,
                    expected: "a complete mesh of at most \(limit) links (these GPUs make \(value)), i.e. at most "
                        + "\(Self.largestMesh) GPUs")
            default:
                throw CatalogError.invalidSpecification(
                    option: option, text: text, expected: "at most \(InputLimits.maxNodes) GPUs in all")
            }
        }
        return QuickCluster(
            model: config, regions: parsedRegions,
            networkBytesPerSecond: try network.map { try QuickClusterSyntax.bandwidth($0, option: "--network") }
                ?? defaultNetworkBytesPerSecond,
            wanBytesPerSecond: try wan.map { try QuickClusterSyntax.bandwidth($0, option: "--wan") } ?? defaultWANBytesPerSecond)
    }

    /// Every GPU kind of the cluster with its total count, in order of first appearance.
    public var composition: [ThroughputEstimator.Member] {
        var result: [ThroughputEstimator.Member] = []
        for member in regions.flatMap(\.members) {
            if let index = result.firstIndex(where: { $0.gpu.name == member.gpu.name }) {
                let (sum, overflow) = result[index].count.addingReportingOverflow(member.count)
                result[index].count = overflow ? .max : sum
            } else {
                result.append(member)
            }
        }
        return result
    }

    /// A name such as `LLaMA-2-70B on 4xA100-40GB + 8xL4`.
    public var name: String {
        "\(model.name) on " + composition.map { "\($0.count)x\($0.gpu.name)" }.joined(separator: " + ")
    }

    /// Builds the cluster: estimated GPU types, nodes `<region>-<gpu>-<i>`, complete mesh.
    /// - Throws: `CatalogError.invalidSpecification` for a negative count, `EstimationError` when the
    ///   model does not fit a GPU, `ClusterError` for invalid figures (`.limitExceeded` past
    ///   `InputLimits`, before anything is built).
    /// - Complexity: O(n²) links for n nodes, plus the estimator's O(Σ maxLayers).
    public func cluster(estimator: ThroughputEstimator = ThroughputEstimator()) throws -> Cluster {
        for region in regions {
            for member in region.members where member.count < 0 {
                throw CatalogError.invalidSpecification(
                    option: "--gpus", text: "\(region.name): \(member.count)x\(member.gpu.name)", expected: "a count >= 0")
            }
        }
        _ = try ClusterGenerator.meshSize(regions.flatMap { $0.members.map(\.count) })
        let types = try estimator.gpuTypes(model: model, composition: composition)
        let generatorRegions = regions.map { region in
            var counts: [String: Int] = [:]
            for member in region.members { counts[member.gpu.name, default: 0] += member.count }
            return ClusterGenerator.Region(name: region.name, nodeCounts: counts)
        }
        return try ClusterGenerator.multiRegion(
            name: name, model: model.modelSpec, gpuTypes: types, regions: generatorRegions,
            network: ClusterGenerator.Network(
                intraRegionBandwidthBytesPerSecond: networkBytesPerSecond,
                interRegionBandwidthBytesPerSecond: wanBytesPerSecond),
            bandwidthConvention: .physical)
    }
}
