import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// The reference max flows of Helix's placements, reproduced to 1e-9 relative on the bundled
/// examples (a fresh clone has no `../shared`; `HelixReferenceFlowTests` checks every shared file).
@Suite struct BundledReferenceFlowTests {
    @Test(arguments: BundledExamples.references)
    func referenceMaxFlowReproduces(_ reference: BundledExamples.Reference) throws {
        let cluster = try BundledExamples.cluster(reference.instance)
        let placement = try BundledExamples.placement(reference)
        let strict = try cluster.evaluate(placement, rule: .strict).throughputTokensPerSecond
        #expect(relativeDifference(strict, reference.maxFlow) <= 1e-9, "\(strict) vs \(reference.maxFlow)")
        if let expected = reference.maxFlowPartialInference {
            let partial = try cluster.evaluate(placement, rule: .partialInference).throughputTokensPerSecond
            #expect(relativeDifference(partial, expected) <= 1e-9, "\(partial) vs \(expected)")
        }
    }

    /// The bundled clusters are Helix's instances: every figure matches where `../shared` is present.
    @Test(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason),
          arguments: ["helix-single24-llama70b", "helix-cluster10-llama30b"])
    func bundledClusterEqualsTheSharedInstance(_ name: String) throws {
        let bundled = try BundledExamples.cluster(name)
        let shared = try SharedData.instance("\(name).json").cluster()
        #expect(bundled.nodes == shared.nodes)
        #expect(bundled.links.count == shared.links.count)
        for (a, b) in zip(bundled.gpuTypes, shared.gpuTypes) {
            #expect(a.name == b.name && a.throughputTokensPerSecondByLayerCount == b.throughputTokensPerSecondByLayerCount)
        }
    }
}
