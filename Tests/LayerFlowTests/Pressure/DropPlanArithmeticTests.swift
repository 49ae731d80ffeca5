import LayerFlow
import Testing

/// The exact arithmetic on eight identical full replicas (`PressureFixtures`).
@Suite struct DropPlanArithmeticTests {
    @Test func eachReplicaHoldsItsFreeMemoryInTokens() throws {
        let (cluster, placement) = try PressureFixtures.replicas()
        let capacity = try KVAwareCapacity(placement: placement, cluster: cluster)
        // (23 − 16) GiB ÷ (32 · 4 KiB) = 57,344 tokens per replica.
        #expect(capacity.nodes.count == 8)
        #expect(capacity.nodeTokens.values.allSatisfy { $0 == 57_344 })
        #expect(capacity.nodeTokens.values.reduce(0, +) == 458_752)
        #expect(capacity.pipelineTokens(["gpu-0"]) == 57_344)
    }

    @Test func threeHundredThousandTokensFuseThreePairs() throws {
        let (cluster, placement) = try PressureFixtures.replicas()
        let plan = try DropPlanner(cluster: cluster, placement: placement).plan(for: .global(tokens: 300_000))
        #expect(plan.groups.map(\.members.count) == [2, 2, 2])
        #expect(plan.untouched.count == 2)
        #expect(plan.donatedCopies == 3)
        #expect(plan.addedKVTokens == 393_216)
        #expect(plan.groups.allSatisfy { $0.addedKVTokens == 131_072 })
        #expect(plan.pipelineDegree == 2)
        // A 2-stage pipeline of 16-layer members holds (23 − 8) GiB ÷ (16 · 4 KiB) = 245,760 tokens.
        #expect(plan.groups.allSatisfy { $0.pipelineKVTokensAfter == 245_760 && $0.kvTokensBefore == 114_688 })
        #expect(plan.throughputAfterTokensPerSecond >= 0.95 * plan.throughputBeforeTokensPerSecond)
        #expect(plan.throughputBeforeTokensPerSecond > 0)
        try expectCoversEveryLayerWithinMemory(plan, cluster: cluster)
    }

    @Test func sixHundredThousandTokensAtDegreeFourFuseThreeThreeTwo() throws {
        let (cluster, placement) = try PressureFixtures.replicas()
        var options = DropOptions()
        options.maxPipelineDegree = 4
        let plan = try DropPlanner(cluster: cluster, placement: placement, options: options).plan(for: .global(tokens: 600_000))
        #expect(plan.donatedCopies == 5)
        #expect(plan.groups.map(\.members.count).sorted(by: >) == [3, 3, 2])
        #expect(plan.addedKVTokens == 655_360)
        #expect(plan.pipelineDegree == 3)
        #expect(plan.untouched.isEmpty)
        try expectCoversEveryLayerWithinMemory(plan, cluster: cluster)
    }

    @Test func sixHundredThousandTokensAtDegreeTwoIsInfeasible() throws {
        let (cluster, placement) = try PressureFixtures.replicas()
        var options = DropOptions()
        options.maxPipelineDegree = 2
        #expect(throws: PressureError.demandExceedsCapacity(
            field: "extraKVTokens", requested: 600_000, maxAchievable: 524_288, maxPipelineDegree: 2)) {
            try DropPlanner(cluster: cluster, placement: placement, options: options).plan(for: .global(tokens: 600_000))
        }
    }

    @Test func perReplicaDemandScalesByTheReplicaCount() throws {
        let (cluster, placement) = try PressureFixtures.replicas()
        let plan = try DropPlanner(cluster: cluster, placement: placement).plan(for: .perReplica(tokens: 37_500))
        #expect(plan.demandTokens == 300_000)
        #expect(plan.donatedCopies == 3)
    }

    @Test func restoringGivesBackTheOriginalPlacementExactly() throws {
        let (cluster, placement) = try PressureFixtures.replicas()
        for (demand, degree) in [(300_000, 4), (600_000, 4), (1, 2), (458_752, 8)] {
            var options = DropOptions()
            options.maxPipelineDegree = degree
            let plan = try DropPlanner(cluster: cluster, placement: placement, options: options).plan(for: .global(tokens: demand))
            #expect(plan.placementAfter != placement)
            #expect(try plan.restore.apply(to: plan.placementAfter) == placement, "demand \(demand), degree \(degree)")
        }
    }

    @Test func aPairRestoresEightGiBPerMemberInAThirdOfASecond() throws {
        let (cluster, placement) = try PressureFixtures.replicas()
        let plan = try DropPlanner(cluster: cluster, placement: placement).plan(for: .global(tokens: 100_000))
        #expect(plan.groups.count == 1)
        let members = Set(plan.groups[0].members.map(\.node))
        let restored = plan.restore.members.filter { members.contains($0.node) }
        #expect(restored.count == 2)
        for member in restored {
            #expect(member.bytes == 8 * PressureFixtures.gib)
            #expect(member.restoredRange == LayerRange(0, 32))
            // 8 GiB at min(50 GB/s link, 25 GB/s NICs) = 0.3436 s.
            #expect(abs(member.seconds - 8 * PressureFixtures.gib / 25e9) < 1e-12)
            #expect(member.seconds > 0.34 && member.seconds < 0.35)
        }
        #expect(plan.restore.steps.allSatisfy { members.contains($0.peer) && $0.peer != $0.node })
        // The in-flight KV of a full member, for the 16 layers it gives away: 57,344 · 16 · 4 KiB.
        #expect(plan.kvMoves.count == 2)
        #expect(plan.kvMoves.allSatisfy { $0.tokens == 57_344 && $0.bytes == 57_344 * 16 * 4096 })
        #expect(plan.extraHopsPerToken > 0 && plan.extraHopsPerToken < 1)
    }

    /// Every pipeline of the placement after covers all 32 layers and no node is over memory.
    private func expectCoversEveryLayerWithinMemory(_ plan: DropPlan, cluster: Cluster) throws {
        for group in plan.groups {
            var next = 0
            for member in group.members {
                #expect(member.kept.start == next)
                next = member.kept.end
                #expect(plan.placementAfter[member.node] == member.kept)
            }
            #expect(next == 32)
        }
        // Memory after: parameters plus KV for the tokens of the pipeline's capacity.
        let capacity = try KVAwareCapacity(placement: plan.placementAfter, cluster: cluster)
        for (node, range) in plan.placementAfter.ranges {
            let used = Double(range.count) * cluster.model.parameterBytesPerLayer
                + Double(capacity.nodeTokens[node] ?? 0) * Double(range.count) * 4096
            #expect(used <= 23 * PressureFixtures.gib)
        }
    }
}
