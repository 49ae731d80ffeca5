import Foundation
import FuzzSupport
import LayerFlow

/// Plan files (`layerflow-plan/1`, what `schedule`, `render`, `export` and `simulate` read) and
/// placement files (`{"<node id>": [start, end]}` or any object with one under `placement`).
/// A plan that reads has a placement valid for its cluster: its flow network is built and solved,
/// and it is rendered, exported and scheduled as the commands that read plans do.
@_cdecl("LLVMFuzzerTestOneInput")
public func planJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = FuzzInput.data(start, count)
    if let document = try? PlanDocument.decode(data) {
        fuzzCheck((try? document.placement.validate(for: document.clusterDefinition)) != nil, "a decoded plan's placement is invalid")
        FuzzCluster.exercise(document.clusterDefinition, placement: document.placement, rule: document.rule)
        FuzzPlan.exercise(cluster: document.clusterDefinition, placement: document.placement, rule: document.rule)
        do {
            let again = try PlanDocument.decode(try document.encoded())
            fuzzCheck(again.placement == document.placement, "plan round trip changed the placement")
            fuzzCheck(again.clusterDefinition == document.clusterDefinition, "plan round trip changed the cluster")
        } catch {
            fatalError("a decoded plan did not round-trip: \(error)")
        }
    }
    if let placement = try? PlacementFile.decode(data) {
        do {
            fuzzCheck(try PlacementFile.decode(try PlacementFile.encode(placement)) == placement, "placement round trip")
        } catch {
            fatalError("a decoded placement did not round-trip: \(error)")
        }
    }
    return 0
}
