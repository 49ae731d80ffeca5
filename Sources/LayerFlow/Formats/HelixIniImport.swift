/// Builds a `Cluster` from Helix's own files: a cluster `.ini` (topology), a machine-profile
/// `.ini` (NICs, memory) and throughput tables from elsewhere — Helix's files carry none.
///
/// The result follows Helix's conventions: node ids are Helix's indices (`"0"`, `"1"`, ...), links
/// come in Helix's order, bandwidths are stored physically (bits / 8) under
/// `BandwidthConvention.helix` by default, so capacities are Helix's (bits taken as bytes). With
/// tables from the matching `helix-instance/1` file the cluster equals `HelixInstance.cluster()`.
public enum HelixIniImport {
    /// Where the model and the throughput tables come from.
    public enum Tables: Sendable {
        /// The model and the GPU types (tables, `maxLayers`, KV capacities) of an existing cluster,
        /// e.g. a Helix instance's or a native file's; matched to machine types by name, in that
        /// cluster's type order. Memory and NICs are taken from the machine profiles.
        case cluster(Cluster)
        /// Estimated from the model's configuration and the catalog GPU each machine type names
        /// (`A100` = A100-40GB, `T4x2` = two T4s), with the profile's memory; see `ThroughputEstimator`.
        case estimated(ModelConfig, ThroughputEstimator)
    }

    /// The cluster of a Helix topology with the given profiles and tables.
    /// - Parameters:
    ///   - name: the cluster's name.
    ///   - convention: how bandwidth becomes capacity (default `.helix`, Helix's own numbers).
    /// - Throws: `HelixIniError` (a machine type without a profile or table), `CatalogError` /
    ///   `EstimationError` (estimated tables), `ClusterError` (invalid values).
    /// - Complexity: O(nodes + links + Σ maxLayers).
    package static func cluster(
        topology: HelixIniTopology, profiles: HelixIniMachineProfiles, tables: Tables, name: String,
        convention: BandwidthConvention = .helix
    ) throws -> Cluster {
        // Machine types in use, each with its profile.
        var usedTypes: [String] = []
        for (index, type) in topology.nodeTypes.enumerated() where !usedTypes.contains(type) {
            guard profiles.profile(named: type) != nil else {
                throw HelixIniError.unknownMachineType(
                    file: topology.file, line: topology.nodeTypeLines[index], type: type,
                    known: profiles.profiles.map(\.name))
            }
            usedTypes.append(type)
        }
        let model: ModelSpec
        let gpuTypes: [GPUType]
        switch tables {
        case .cluster(let source):
            model = source.model
            for (index, type) in topology.nodeTypes.enumerated() where !source.gpuTypes.contains(where: { $0.name == type }) {
                throw HelixIniError.unknownMachineType(
                    file: topology.file, line: topology.nodeTypeLines[index], type: type,
                    known: source.gpuTypes.map(\.name))
            }
            gpuTypes = source.gpuTypes.filter { usedTypes.contains($0.name) }.map { type in
                withProfile(type, profiles.profile(named: type.name))
            }
        case let .estimated(config, estimator):
            model = config.modelSpec
            let members = try usedTypes.map { type in
                var gpu = try GPUCatalog.spec(named: type)
                if let profile = profiles.profile(named: type) { gpu.vramBytes = profile.vramBytes }
                gpu.name = type
                return ThroughputEstimator.Member(gpu: gpu, count: topology.nodeTypes.filter { $0 == type }.count)
            }
            gpuTypes = try estimator.gpuTypes(model: config, composition: members).map { type in
                withProfile(type, profiles.profile(named: type.name))
            }
        }
        let nodes = topology.nodeTypes.enumerated().map { ComputeNode(id: String($0.offset), type: $0.element) }
        let links = topology.links.map { link in
            Link(
                from: endpoint(link.from), to: endpoint(link.to),
                bandwidthBytesPerSecond: link.bandwidthBitsPerSecond / 8, latencySeconds: link.latencySeconds)
        }
        let cluster = try Cluster(
            name: name, model: model, gpuTypes: gpuTypes, nodes: nodes, links: links,
            coordinator: Coordinator(
                nicInBytesPerSecond: profiles.sinkInboundBitsPerSecond.map { $0 / 8 },
                nicOutBytesPerSecond: profiles.sourceOutboundBitsPerSecond.map { $0 / 8 }),
            bandwidthConvention: .helix)
        return cluster.with(bandwidthConvention: convention)
    }

    /// `type` with the memory and NICs of its machine profile.
    private static func withProfile(_ type: GPUType, _ profile: HelixIniMachineProfiles.Profile?) -> GPUType {
        guard let profile else { return type }
        var result = type
        result.vramBytes = profile.vramBytes
        result.nicInBytesPerSecond = profile.inboundNICBitsPerSecond / 8
        result.nicOutBytesPerSecond = profile.outboundNICBitsPerSecond / 8
        return result
    }

    private static func endpoint(_ end: HelixInstance.LinkEnd) -> Endpoint {
        switch end {
        case .source, .sink: return .coordinator
        case .node(let index): return .node(String(index))
        }
    }
}
