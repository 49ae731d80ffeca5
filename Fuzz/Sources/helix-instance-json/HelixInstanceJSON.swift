import Foundation
import FuzzSupport
import LayerFlow

/// Helix instance files (`helix-instance/1`): the decoder, the cluster of each link set under each
/// bandwidth convention, and the reference placements checked against it, solved, rendered,
/// exported and scheduled (as `--placement` files are, with a cluster file).
@_cdecl("LLVMFuzzerTestOneInput")
public func helixInstanceJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = FuzzInput.data(start, count)
    guard let instance = try? HelixInstance.decode(data) else { return 0 }
    let references = (try? instance.referencePlacements) ?? []
    for linkSet in HelixInstance.LinkSet.allCases {
        for convention in BandwidthConvention.allCases {
            guard let cluster = try? instance.cluster(convention: convention, linkSet: linkSet) else { continue }
            FuzzCluster.exercise(cluster)
            for reference in references where reference.linkSet == linkSet {
                if let placement = reference.placement {
                    FuzzCluster.exercise(cluster, placement: placement)
                    FuzzPlan.exercise(cluster: cluster, placement: placement, rule: .strict)
                }
            }
        }
    }
    do {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let again = try HelixInstance.decode(try encoder.encode(instance))
        fuzzCheck(again == instance, "Helix instance round trip changed it")
    } catch {
        fatalError("a decoded Helix instance did not round-trip: \(error)")
    }
    return 0
}
