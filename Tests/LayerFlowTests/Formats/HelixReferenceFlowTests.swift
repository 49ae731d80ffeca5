import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// Every reference max flow in every shared Helix instance, reproduced to 1e-9 relative.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason))
struct HelixReferenceFlowTests {
    static let tolerance = 1e-9

    @Test(arguments: SharedData.instanceNames)
    func referenceMaxFlowsReproduce(file: String) throws {
        let instance = try SharedData.instance(file)
        let full = try instance.cluster()
        let pruned = instance.prunedLinks == nil ? nil : try instance.cluster(linkSet: .prunedLinks)
        var checked = 0
        for reference in try instance.referencePlacements {
            guard let placement = reference.placement else { continue }
            let cluster = reference.linkSet == .links ? full : try #require(pruned)
            if let expected = reference.maxFlow {
                let value = try cluster.evaluate(placement, rule: .strict).throughputTokensPerSecond
                #expect(relativeDifference(value, expected) <= Self.tolerance, "\(file) \(reference.method) strict: \(value) vs \(expected)")
                checked += 1
            }
            if let expected = reference.maxFlowPartialInference {
                let value = try cluster.evaluate(placement, rule: .partialInference).throughputTokensPerSecond
                #expect(relativeDifference(value, expected) <= Self.tolerance, "\(file) \(reference.method) partial: \(value) vs \(expected)")
                checked += 1
            }
            if let expected = reference.maxFlowOnFullLinks {
                let value = try full.evaluate(placement, rule: .strict).throughputTokensPerSecond
                #expect(relativeDifference(value, expected) <= Self.tolerance, "\(file) \(reference.method) full links: \(value) vs \(expected)")
                checked += 1
            }
        }
        #expect(checked > 0, "\(file) has no reference flows to check")
    }

    @Test(arguments: SharedData.instanceNames)
    func computeUpperBoundReproduces(file: String) throws {
        let instance = try SharedData.instance(file)
        let expected = try #require(instance.computeUpperBound)
        let value = try instance.cluster().computeUpperBoundTokensPerSecond
        #expect(relativeDifference(value, expected) <= Self.tolerance)
    }

    @Test(arguments: SharedData.instanceNames)
    func bestKnownFlowIsBelowComputeBound(file: String) throws {
        let instance = try SharedData.instance(file)
        let best = try #require(instance.bestKnown?["maxFlow"]?.doubleValue)
        let bound = try instance.cluster().computeUpperBoundTokensPerSecond
        #expect(best <= bound * (1 + 1e-12))
    }
}
