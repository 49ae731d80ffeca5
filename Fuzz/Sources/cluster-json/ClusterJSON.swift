import Foundation
import FuzzSupport
import LayerFlow

/// Cluster files as every command reads them: `ClusterFile.decode` (native `layerflow-cluster/1`
/// or Helix `helix-instance/1`, told apart by their tag), with and without a bandwidth convention
/// override, and the native reader on its own; a cluster that reads must write and read back.
@_cdecl("LLVMFuzzerTestOneInput")
public func clusterJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = FuzzInput.data(start, count)
    for convention in [nil, BandwidthConvention.physical, .helix] {
        if let loaded = try? ClusterFile.decode(data, convention: convention) {
            FuzzCluster.exercise(loaded.cluster)
            if convention == nil { FuzzCluster.roundTrip(loaded.cluster) }
        }
    }
    if let cluster = try? NativeClusterFormat.decode(data) {
        FuzzCluster.exercise(cluster)
    }
    return 0
}
