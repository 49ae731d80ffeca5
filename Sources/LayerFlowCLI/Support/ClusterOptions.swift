import ArgumentParser
import LayerFlow

/// The cluster argument and how to read it, shared by the commands.
struct ClusterOptions: ParsableArguments {
    @Argument(help: "Cluster file: native (layerflow-cluster/1) or Helix instance (helix-instance/1).")
    var cluster: String?

    @Option(help: ArgumentHelp(
        "How bandwidth becomes capacity: 'helix' (bits taken as bytes, as Helix does) or 'physical'. Default: helix for Helix files, the file's own for native files.",
        valueName: "convention"))
    var bandwidthConvention: BandwidthConvention?

    @Flag(help: "For Helix files: use the pruned link set (prunedLinks) instead of the full one.")
    var prunedLinks = false

    func load() throws -> ClusterFile.Loaded {
        guard let cluster else { throw ValidationError("missing CLUSTER: a cluster file (plan also takes --model and --gpus)") }
        var loaded = try inFile(cluster) { try ClusterFile.load(path: cluster, convention: bandwidthConvention) }
        if prunedLinks {
            guard let instance = loaded.helixInstance else {
                throw ValidationError("--pruned-links applies to Helix instance files only")
            }
            loaded.cluster = try inFile(cluster) { try instance.cluster(convention: bandwidthConvention ?? .helix, linkSet: .prunedLinks) }
        }
        return loaded
    }
}

extension BandwidthConvention: ExpressibleByArgument {}
extension PlanOptions.Formulation: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case "layer-coverage", "layerCoverage": self = .layerCoverage
        case "helix": self = .helix
        case "none": self = .none
        default: return nil
        }
    }
}
