import LayerFlow
import Testing

/// Drop plans on replicas made of single24's GPU types (A100, L4, T4; catalog figures, LLaMA-3-8B).
@Suite struct HeterogeneousDropTests {
    static func cluster() throws -> Cluster {
        try QuickCluster.parse(model: "llama-3-8b", gpus: "4xA100,8xL4,12xT4", regions: nil).cluster()
    }

    /// Separate per-type pipelines: each A100 a whole replica, L4s in 2-stage pipelines, T4s in
    /// 4-stage ones, so the replicated ranges differ in length (and in tokens per donated copy).
    static func separatePipelines(_ cluster: Cluster) -> Placement {
        var placement = Placement()
        var l4 = 0, t4 = 0
        for node in cluster.nodes {
            if node.type.hasPrefix("A100") {
                placement[node.id] = LayerRange(0, 32)
            } else if node.type == "L4" {
                placement[node.id] = l4 % 2 == 0 ? LayerRange(0, 16) : LayerRange(16, 32)
                l4 += 1
            } else {
                placement[node.id] = LayerRange(t4 % 4 * 8, t4 % 4 * 8 + 8)
                t4 += 1
            }
        }
        return placement
    }

    @Test func aDemandOnTheReplicatedRangesKeepsNinetyPercentOfThroughput() throws {
        let cluster = try Self.cluster()
        let placement = Self.separatePipelines(cluster)
        let options = DropOptions(maxPipelineDegree: 4, maxThroughputLoss: 0.10)
        let planner = DropPlanner(cluster: cluster, placement: placement, options: options)
        let plan = try planner.plan(for: .global(tokens: 150_000))
        #expect(plan.addedKVTokens >= 150_000)
        #expect(plan.throughputAfterTokensPerSecond >= 0.90 * plan.throughputBeforeTokensPerSecond)
        #expect(plan.throughputBeforeTokensPerSecond > 0)
        #expect(Set(plan.groups.map(\.range)).count >= 1)
        #expect(try plan.restore.apply(to: plan.placementAfter) == placement)
    }

    @Test func tooLargeADemandSaysTheLargestAchievableAndThatOneIsMet() throws {
        let cluster = try Self.cluster()
        let placement = Self.separatePipelines(cluster)
        let planner = DropPlanner(cluster: cluster, placement: placement, options: DropOptions(maxPipelineDegree: 2, maxThroughputLoss: 0.5))
        let error = #expect(throws: PressureError.self) { try planner.plan(for: .global(tokens: 50_000_000)) }
        guard case .demandExceedsCapacity(let field, _, let most, let degree) = error else {
            Issue.record("expected demandExceedsCapacity, got \(String(describing: error))")
            return
        }
        #expect(field == "extraKVTokens" && degree == 2 && most > 0)
        let plan = try planner.plan(for: .global(tokens: most))
        #expect(plan.addedKVTokens == most)
        #expect(plan.untouched.isEmpty || plan.groups.allSatisfy { $0.members.count == 2 })
    }

    @Test func aFastAndASlowReplicaSplitTheirLayersBySpeed() throws {
        let cluster = try Self.cluster()
        let a100 = try #require(cluster.nodes.first { $0.type.hasPrefix("A100") }).id
        let t4 = try #require(cluster.nodes.first { $0.type == "T4" }).id
        let placement = Placement([a100: LayerRange(0, 32), t4: LayerRange(0, 32)])
        let plan = try DropPlanner(cluster: cluster, placement: placement, options: DropOptions(maxThroughputLoss: 0.5))
            .plan(for: .global(tokens: 1))
        let members = try #require(plan.groups.first?.members)
        let kept = Dictionary(uniqueKeysWithValues: members.map { ($0.node, $0.kept.count) })
        #expect(kept[a100, default: 0] > kept[t4, default: 0])
        #expect(kept.values.reduce(0, +) == 32)
    }
}
