import LayerFlow
import Testing

/// Bad input is refused with a typed error naming the field.
@Suite struct PressureErrorTests {
    @Test func aDemandOfZeroOrLessNamesTheDemand() throws {
        let (cluster, placement) = try PressureFixtures.replicas()
        let planner = DropPlanner(cluster: cluster, placement: placement)
        for tokens in [0, -5] {
            #expect(throws: PressureError.invalidOption(field: "extraKVTokens", value: Double(tokens), requirement: "> 0")) {
                try planner.plan(for: .global(tokens: tokens))
            }
        }
        #expect(throws: PressureError.self) { try planner.plan(for: .perReplica(tokens: 0)) }
    }

    @Test func aPlacementWithoutReplicatedRangesIsRefused() throws {
        let (cluster, _) = try PressureFixtures.replicas(count: 4)
        let pipeline = Placement([
            "gpu-0": LayerRange(0, 8), "gpu-1": LayerRange(8, 16), "gpu-2": LayerRange(16, 24), "gpu-3": LayerRange(24, 32),
        ])
        #expect(throws: PressureError.noReplicatedRanges(field: "placement")) {
            try DropPlanner(cluster: cluster, placement: pipeline).plan(for: .global(tokens: 10))
        }
    }

    @Test func memoryThatDoesNotFitTheModelNamesTheMemoryField() throws {
        let (cluster, placement) = try PressureFixtures.replicas(vramBytes: 20 * PressureFixtures.gib)
        var options = DropOptions()
        options.usableMemoryFraction = 0.5
        let error = #expect(throws: PressureError.self) {
            try DropPlanner(cluster: cluster, placement: placement, options: options).plan(for: .global(tokens: 10))
        }
        guard case .memoryDoesNotFit(let field, _, let parameters, let usable) = error else {
            Issue.record("expected memoryDoesNotFit, got \(String(describing: error))")
            return
        }
        #expect(field == "gpuTypes[0].vramBytes")
        #expect(parameters == 16 * PressureFixtures.gib && usable == 10 * PressureFixtures.gib)
        #expect(error?.description.contains("gpuTypes[0].vramBytes") == true)
    }

    @Test func aModelWithoutKVBytesNamesTheField() throws {
        let (cluster, placement) = try PressureFixtures.replicas(kvBytes: nil)
        #expect(throws: PressureError.missingKVBytes(field: "model.kvCacheBytesPerTokenPerLayer")) {
            try DropPlanner(cluster: cluster, placement: placement).plan(for: .global(tokens: 10))
        }
    }

    @Test func outOfRangeOptionsNameTheOption() throws {
        let (cluster, placement) = try PressureFixtures.replicas()
        var degree = DropOptions()
        degree.maxPipelineDegree = 1
        #expect(throws: PressureError.invalidOption(field: "maxPipelineDegree", value: 1, requirement: ">= 2")) {
            try DropPlanner(cluster: cluster, placement: placement, options: degree).plan(for: .global(tokens: 10))
        }
        var loss = DropOptions()
        loss.maxThroughputLoss = 1
        let error = #expect(throws: PressureError.self) {
            try DropPlanner(cluster: cluster, placement: placement, options: loss).plan(for: .global(tokens: 10))
        }
        #expect(error?.isOptionError == true)
        #expect(error?.description.hasPrefix("maxThroughputLoss:") == true)
    }

    @Test func aFusionThatCostsTooMuchThroughputIsRefused() throws {
        // Flat tables: a node is as fast with 32 layers as with 16, so fusing two halves throughput.
        let (base, placement) = try PressureFixtures.replicas(count: 2)
        var type = base.gpuTypes[0]
        type.throughputTokensPerSecondByLayerCount = [Double](repeating: 1000, count: 32)
        let cluster = try Cluster(name: "flat", model: base.model, gpuTypes: [type], nodes: base.nodes, links: base.links)
        let error = #expect(throws: PressureError.self) {
            try DropPlanner(cluster: cluster, placement: placement).plan(for: .global(tokens: 10))
        }
        guard case .throughputBelowBound(let field, let before, let after, _) = error else {
            Issue.record("expected throughputBelowBound, got \(String(describing: error))")
            return
        }
        #expect(field == "maxThroughputLoss")
        #expect(before == 2000 && after == 1000)
    }
}
