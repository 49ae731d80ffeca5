import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// Joins, stragglers, hysteresis, no change, budgets, and a seeded property over small clusters.
@Suite struct ReplanBehaviourTests {
    @Test func noHealthChangeGivesTheIdenticalPlacement() throws {
        let (cluster, placement) = try ReplanFixtures.single24Plan()
        let result = try Replanner(previous: cluster, placement: placement).replan(on: cluster)
        #expect(result.placement == placement)
        #expect(result.decision == .unchanged && result.movedLayers == 0)
        #expect(result.transition.steps.map(\.action) == [.switch])
    }

    @Test(arguments: ["A100", "L4", "T4"])
    func aJoinedNodeMovesNoOtherNodesLayers(type: String) throws {
        let (cluster, placement) = try ReplanFixtures.single24Plan()
        let changed = try cluster.addingNode(id: "new", type: type)
        let result = try Replanner(previous: cluster, placement: placement).replan(on: changed)
        for (id, range) in placement.ranges { #expect(result.placement[id] == range, "node \(id)") }
        #expect(result.budgetedMovedLayers == 0)
        #expect(result.throughputTokensPerSecond >= result.survivingThroughputTokensPerSecond)
        if result.placement["new"] != nil { #expect(result.decision == .extended) }
    }

    @Test func stragglersAreRebalancedPastTheThreshold() async throws {
        let (cluster, placement) = try ReplanFixtures.single24Plan()
        let evaluation = try cluster.evaluate(placement)
        var changed = cluster
        for node in evaluation.bottleneck.nodes { changed = try changed.deratingNode(node, factor: 0.5) }
        let cut = try #require(evaluation.bottleneck.nodes.first)
        let end = try #require(placement[cut]).end
        let next = placement.ranges.first { $0.value.start == end }?.key ?? Endpoint.coordinatorID
        changed = try changed.deratingLink(between: cut, and: next, bandwidthFactor: 0.1)
        let result = try Replanner(previous: cluster, placement: placement, options: ReplanOptions(maxMovedLayers: 80)).replan(on: changed)
        let old = try changed.evaluate(placement).throughputTokensPerSecond
        #expect(result.decision == .rebalanced)
        #expect(result.throughputTokensPerSecond >= 1.3 * old)
        let scratch = try await ReplanFixtures.fromScratch(changed)
        #expect(result.throughputTokensPerSecond >= 0.98 * scratch)
    }

    @Test func excludedNodesHoldNoLayers() throws {
        let (cluster, placement) = try ReplanFixtures.single24Plan()
        let health = ClusterHealth(nodes: ["6": NodeHealth(usable: false), "9": NodeHealth(throughputFactor: 0.1)])
        let topology = try health.virtualTopology(of: cluster)
        let result = try Replanner(previous: cluster, placement: placement).replan(on: topology.cluster)
        #expect(result.placement["6"] == nil && result.placement["9"] == nil)
        #expect(ReplanFixtures.covers(result.placement, layers: cluster.model.layerCount))
        #expect(topology.decisions.map(\.action) == [.excluded, .excluded])
    }

    @Test func aSmallGainBelowTheThresholdChangesNothing() throws {
        let (cluster, placement) = try ReplanFixtures.single24Plan()
        let node = try #require(try cluster.evaluate(placement).bottleneck.nodes.first)
        let changed = try cluster.deratingNode(node, factor: 0.9)
        let result = try Replanner(previous: cluster, placement: placement).replan(on: changed)
        #expect(result.placement == placement && result.decision == .unchanged)
        let eager = try Replanner(previous: cluster, placement: placement, options: ReplanOptions(gainThreshold: 1))
            .replan(on: changed)
        #expect(eager.throughputTokensPerSecond >= result.throughputTokensPerSecond)
    }

    @Test func aBudgetTooSmallToRestoreCoverageIsRefusedWithWhatItNeeds() throws {
        let (cluster, placement) = try ReplanFixtures.single24Plan()
        let changed = try cluster.removingNodes(["6"])
        #expect(throws: ReplanError.self) {
            try Replanner(previous: cluster, placement: placement, options: ReplanOptions(maxMovedLayers: 1)).replan(on: changed)
        }
        #expect(throws: ReplanError.invalidOption(field: "maxMovedLayers", reason: "-1 must be ≥ 0")) {
            try Replanner(previous: cluster, placement: placement, options: ReplanOptions(maxMovedLayers: -1)).replan(on: changed)
        }
    }

    /// Seeded property: on random small clusters and their best stage-aligned plans, a failed node's
    /// re-plan covers every layer, stays in budget and reports its own max flow (or says why not).
    @Test func randomFailuresKeepCoverageAndBudget() throws {
        var random = SeededGenerator(seed: 12)
        for _ in 0..<40 {
            let nodes = Int.random(in: 3...7, using: &random)
            let cluster = try ClusterFixtures.small(nodeCount: nodes, layers: Int.random(in: 4...12, using: &random))
            guard let plan = StageAlignedPlanner(cluster: cluster)?.bestPlan() else { continue }
            let placement = Placement(cluster: cluster, rangesByNodeIndex: plan.ranges)
            let failed = cluster.nodes[Int.random(in: 0..<nodes, using: &random)].id
            let changed = try cluster.removingNodes([failed])
            do {
                let result = try Replanner(previous: cluster, placement: placement).replan(on: changed)
                #expect(ReplanFixtures.covers(result.placement, layers: cluster.model.layerCount))
                #expect(result.budgetedMovedLayers <= result.budget)
                #expect(try changed.evaluate(result.placement).throughputTokensPerSecond == result.throughputTokensPerSecond)
                #expect(result.transition.keepsCoverage)
            } catch let error as ReplanError {
                switch error {
                case .coverageImpossible, .invalidOption(field: "maxMovedLayers", _): break
                default: Issue.record("unexpected \(error)")
                }
            }
        }
    }
}
