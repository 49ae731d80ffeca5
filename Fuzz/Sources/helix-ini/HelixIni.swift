import Foundation
import FuzzSupport
import LayerFlow

/// Helix's `.ini` files as `layerflow import-helix` reads them. An input of one file is read as a
/// cluster topology, a machine-profile file and a placement solution. An input of several (files
/// are separated by `#%%` lines) is a topology, profiles and optionally a solution, imported
/// together: with the tables of a small fixed cluster and with estimated tables; the solution's
/// placement is checked against the imported cluster, solved, rendered, exported and scheduled.
@_cdecl("LLVMFuzzerTestOneInput")
public func helixIni(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let files = FuzzInput.files(FuzzInput.text(start, count))
    if files.count == 1 {
        let file = files[0]
        _ = try? HelixIniDocument.parse(file, file: "fuzz.ini")
        _ = try? HelixIniTopology.parse(file, file: "cluster.ini")
        _ = try? HelixIniMachineProfiles.parse(file, file: "machine_profiles.ini")
        _ = try? HelixIniSolution.parse(file, file: "solution.ini")
        return 0
    }
    guard let topology = try? HelixIniTopology.parse(files[0], file: "cluster.ini"),
          let profiles = try? HelixIniMachineProfiles.parse(files[1], file: "machine_profiles.ini")
    else { return 0 }
    let solution = files.count >= 3 ? try? HelixIniSolution.parse(files[2], file: "solution.ini") : nil
    for tables in [HelixIniImport.Tables.cluster(TableSource.cluster), .estimated(TableSource.model, ThroughputEstimator())] {
        guard let cluster = try? HelixIniImport.cluster(topology: topology, profiles: profiles, tables: tables, name: "fuzz")
        else { continue }
        let placement = try? solution?.placement(for: cluster, file: "solution.ini")
        FuzzCluster.exercise(cluster, placement: placement)
        if let placement { FuzzPlan.exercise(cluster: cluster, placement: placement, rule: .strict) }
        FuzzCluster.roundTrip(cluster)
    }
    return 0
}

/// Tables for the machine types Helix's example clusters use.
enum TableSource {
    static let model: ModelConfig = try! ModelCatalog.entry(named: "llama-1-30b").config

    static let cluster: Cluster = {
        let spec = ModelSpec(
            name: "fuzz", layerCount: 8, parameterBytesPerLayer: 1e9, activationBytesPerToken: 16384, tokenBytes: 2)
        let types = ["A100", "L4", "L4x2", "T4", "T4x2", "T4x4", "V100"].enumerated().map { index, name in
            GPUType(
                name: name, vramBytes: 40e9, nicInBytesPerSecond: 1.25e9, nicOutBytesPerSecond: 1.25e9,
                maxLayers: 4, throughputTokensPerSecondByLayerCount: (1...4).map { Double(100 * (index + 1) / $0) })
        }
        return try! Cluster(
            name: "tables", model: spec, gpuTypes: types, nodes: [ComputeNode(id: "0", type: "A100")], links: [])
    }()
}
