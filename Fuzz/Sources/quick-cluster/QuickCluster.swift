import Foundation
import FuzzSupport
import LayerFlow

/// The one-line cluster descriptions of `layerflow plan --gpus/--regions/--network/--wan`. The
/// input's lines are, in order, a GPU list, a region list, a network and a WAN bandwidth; each is
/// parsed on its own, then the cluster they describe together is built (with a catalog model), as
/// the command does.
@_cdecl("LLVMFuzzerTestOneInput")
public func quickCluster(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var lines = FuzzInput.text(start, count).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    while lines.count < 4 { lines.append("") }
    let gpus = lines[0], regions = lines[1], network = lines[2], wan = lines[3]
    _ = try? QuickClusterSyntax.gpuList(gpus)
    _ = try? QuickClusterSyntax.regions(regions)
    for text in [network, wan] {
        if let bytesPerSecond = try? QuickClusterSyntax.bandwidth(text) {
            fuzzCheck(bytesPerSecond.isFinite && bytesPerSecond > 0, "bandwidth '\(text)' gave \(bytesPerSecond)")
        }
    }
    // As the command combines them: --gpus or --regions (both is an error), optional speeds.
    let description = try? QuickCluster.parse(
        model: "llama-2-7b", gpus: gpus.isEmpty ? nil : gpus, regions: regions.isEmpty ? nil : regions,
        network: network.isEmpty ? nil : network, wan: wan.isEmpty ? nil : wan)
    // The mesh has n(n + 1) links for n GPUs: within the library's limit
    // (`InputLimits.maxLinks`) but, past a hundred or so GPUs, slower under the sanitizers
    // than libFuzzer's per-input timeout. Larger clusters are parsed and checked, not built here.
    if let description, description.regions.flatMap(\.members).reduce(0.0, { $0 + Double($1.count) }) <= 128,
       let cluster = try? description.cluster() {
        FuzzCluster.exercise(cluster)
    }
    return 0
}
