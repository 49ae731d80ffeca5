import LayerFlow
import LayerFlowTestSupport
import Testing

@Suite struct GeoStagePlannerTests {
    /// On a generated 3-region cluster the network-aware plan is valid, its throughput is its max
    /// flow, each region holds one contiguous segment, and it beats every baseline by ≥ 1.3×.
    @Test(arguments: [UInt64(3)])
    func beatsTheBaselinesOnAGeneratedCluster(seed: UInt64) throws {
        let cluster = try GeoFixtures.helixShaped(seed: seed)
        let regions = RegionInference(cluster: cluster)
        let planner = try #require(GeoStagePlanner(cluster: cluster, regions: regions, rule: .strict))
        let plan = try #require(planner.bestPlan(maxStages: nil, budget: .unlimited))
        let placement = Placement(cluster: cluster, rangesByNodeIndex: plan.ranges)
        try placement.validate(for: cluster)
        #expect(abs(cluster.throughput(ranges: plan.ranges) - plan.throughput) <= 1e-9 * plan.throughput)
        for region in regions.regions {
            let held = region.compactMap { plan.ranges[$0] }
            guard let low = held.map(\.start).min(), let high = held.map(\.end).max() else { continue }
            // The region's ranges tile [low, high) without gaps (one segment of the layer axis).
            #expect(Set(held.flatMap { Array($0.start..<$0.end) }) == Set(low..<high))
        }
        let baseline = BaselineMethod.allCases.map {
            cluster.throughput(ranges: $0.placement(for: cluster).rangesByNodeIndex(in: cluster))
        }.max() ?? 0
        #expect(plan.throughput >= 1.3 * baseline, "plan \(plan.throughput), best baseline \(baseline)")
    }

    @Test func crossingShapesCarryTheTarget() throws {
        let cluster = try GeoFixtures.helixShaped(seed: 1)
        let planner = try #require(GeoStagePlanner(cluster: cluster, regions: RegionInference(cluster: cluster), rule: .strict))
        let shapes = try #require(planner.crossingShapes([0, 1], target: 1700, extra: 0))
        let c = planner.slowest[0][1]
        #expect(c > 0)
        for shape in shapes[0] { #expect(Double(shape.exit * shape.entry) * c >= 1700) }
        #expect(shapes[0].contains { $0.exit == 1 })
        #expect(GeoStagePlanner.orderings(count: 3).count == 15)
    }

    /// When the nodes cannot hold the model, the bisection ends (without a budget) with no plan.
    @Test func endsWithoutAPlanWhenNothingCanBeServed() throws {
        let fixture = try ClusterFixtures.small()
        var model = fixture.model
        model.layerCount = 40
        let cluster = try ClusterGenerator.geoDistributed(
            name: "too-small", model: model, gpuTypes: fixture.gpuTypes,
            regions: [["big": 2], ["small": 2], ["big": 2]], seed: 1)
        let regions = RegionInference(cluster: cluster)
        #expect(regions.regions.count == 3)
        let planner = try #require(GeoStagePlanner(cluster: cluster, regions: regions, rule: .strict))
        #expect(planner.bestPlan(maxStages: nil, budget: .unlimited) == nil)
    }
}
