import Foundation
import LayerFlow
import Testing

/// The failure bar on single24's optimal plan: every single-node failure re-plans keeping
/// coverage (and the transition never drops a held layer), moving at most the failed node's layers
/// plus 10 % of the model. The throughput against a from-scratch plan is checked on one failure of
/// each GPU type here (a from-scratch plan takes seconds in a debug build); the full 24-case table
/// is scripts/replan-experiments.py in docs/Guides/Replanning.md.
@Suite struct SingleFailureTests {
    @Test func everySingleNodeFailureKeepsCoverageWithinTheMoveBound() throws {
        let (cluster, placement) = try ReplanFixtures.single24Plan()
        let layers = cluster.model.layerCount
        for node in cluster.nodes {
            let changed = try cluster.removingNodes([node.id])
            let result = try Replanner(previous: cluster, placement: placement).replan(on: changed)
            let failedLayers = placement[node.id]?.count ?? 0
            #expect(result.decision == .repaired, "node \(node.id)")
            #expect(ReplanFixtures.covers(result.placement, layers: layers), "node \(node.id)")
            #expect(result.transition.keepsCoverage, "node \(node.id)")
            #expect(result.movedLayers <= failedLayers + Int((Double(layers) * 0.1).rounded(.up)), "node \(node.id)")
            #expect(try changed.evaluate(result.placement).throughputTokensPerSecond == result.throughputTokensPerSecond)
            #expect(result.placement.ranges.keys.allSatisfy { $0 != node.id })
        }
    }

    @Test(arguments: ["1", "11", "6"])
    func throughputWithinFivePercentOfFromScratch(failed: String) async throws {
        let (cluster, placement) = try ReplanFixtures.single24Plan()
        let changed = try cluster.removingNodes([failed])
        let result = try Replanner(previous: cluster, placement: placement).replan(on: changed)
        let scratch = try await ReplanFixtures.fromScratch(changed)
        #expect(result.throughputTokensPerSecond >= 0.95 * scratch)
    }

    @Test func transitionLoadsThenSwitchesThenUnloads() throws {
        let (cluster, placement) = try ReplanFixtures.single24Plan()
        let changed = try cluster.removingNodes(["1"])
        let result = try Replanner(previous: cluster, placement: placement).replan(on: changed)
        let actions = result.transition.steps.map(\.action)
        let switchAt = try #require(actions.firstIndex(of: .switch))
        #expect(actions[..<switchAt].allSatisfy { $0 == .load })
        #expect(actions[(switchAt + 1)...].allSatisfy { $0 == .unload })
        #expect(result.transition.steps[switchAt].throughputDuringTokensPerSecond == result.throughputTokensPerSecond)
        let loadedBytes = result.transition.steps.filter { $0.action == .load }.reduce(0) { $0 + $1.bytes }
        #expect(loadedBytes == Double(result.movedLayers) * cluster.model.parameterBytesPerLayer)
        #expect(result.transition.movedBytes == loadedBytes)
        #expect(result.transition.seconds > 0)
    }
}
