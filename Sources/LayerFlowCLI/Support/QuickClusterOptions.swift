import ArgumentParser
import Foundation
import LayerFlow

/// `--model`, `--gpus`, `--network`, `--regions`, `--wan`: a cluster from a model name and a GPU
/// list, with estimated throughput tables (see `QuickCluster`), for commands that otherwise read a
/// cluster file.
struct QuickClusterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Model: a catalog name (see `layerflow catalog`) or a Hugging Face config.json path.", valueName: "name"))
    var model: String?

    @Option(help: ArgumentHelp("GPUs of a one-region cluster, e.g. 4xA100,8xL4,12xT4.", valueName: "list"))
    var gpus: String?

    @Option(help: ArgumentHelp("Link speed inside a region, e.g. 1Gbps or 400Mbps (default 10Gbps).", valueName: "speed"))
    var network: String?

    @Option(help: ArgumentHelp("GPUs by region instead of --gpus, e.g. \"us:4xA100,8xL4;eu:12xT4\".", valueName: "regions"))
    var regions: String?

    @Option(help: ArgumentHelp("Link speed between regions, e.g. 100Mbps (default 100Mbps).", valueName: "speed"))
    var wan: String?

    /// Whether any of these options was given.
    var isGiven: Bool { model != nil || gpus != nil || regions != nil }

    /// The cluster described, or nil when neither --model nor --gpus/--regions is given.
    /// - Throws: `ValidationError` (exit 64, usage) when only one of the model and the GPUs is given,
    ///   for an unknown name, bad syntax or a model that fits no GPU; `CommandError` 65 for a
    ///   config.json whose contents are wrong, 66 for one that cannot be read.
    func cluster() throws -> Cluster? {
        guard isGiven else { return nil }
        guard let model else { throw ValidationError("--gpus/--regions need --model NAME") }
        guard gpus != nil || regions != nil else { throw ValidationError("--model needs --gpus LIST (or --regions)") }
        do {
            return try QuickCluster.parse(model: model, gpus: gpus, regions: regions, network: network, wan: wan).cluster()
        } catch let error as CatalogError {
            switch error {
            case .missingConfigField, .invalidConfigField:
                // The file's contents are wrong, not the command line (the message names the file).
                throw CommandError.badData(error.description)
            default:
                throw ValidationError(DisplayText.escaped(error.description))
            }
        } catch let error as FormatError {
            if case .unreadableFile = error { throw CommandError.unreadable(error.description) }
            throw CommandError.badData("--model \(model): \(error)")
        } catch let error as EstimationError {
            throw ValidationError(error.description)
        }
    }
}
