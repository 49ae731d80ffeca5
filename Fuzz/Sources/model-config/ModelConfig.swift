import Foundation
import FuzzSupport
import LayerFlow

/// Hugging Face `config.json` files (`--model path/config.json`): the reader, the derived model,
/// and a small quick cluster of it with estimated throughput tables, as `layerflow plan` builds.
@_cdecl("LLVMFuzzerTestOneInput")
public func modelConfig(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = FuzzInput.data(start, count)
    guard let config = try? ModelConfig.decode(data, source: "config.json") else { return 0 }
    let spec = config.modelSpec
    fuzzCheck(spec.layerCount == config.numHiddenLayers, "the model lost its layer count")
    let description = QuickCluster(model: config, regions: [Composition.region])
    if let cluster = try? description.cluster() {
        FuzzCluster.exercise(cluster)
    }
    return 0
}

enum Composition {
    static let region = QuickCluster.Region(
        name: "local",
        members: [
            ThroughputEstimator.Member(gpu: try! GPUCatalog.spec(named: "A100-80GB"), count: 1),
            ThroughputEstimator.Member(gpu: try! GPUCatalog.spec(named: "T4"), count: 2),
        ])
}
