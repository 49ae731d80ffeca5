import LayerFlow
import LayerFlowTestSupport
import Testing

/// The exact stage-aligned program on the bundled examples (always) and every shared instance.
@Suite struct StageAlignedPlannerTests {
    @Test(arguments: ["helix-single24-llama70b", "helix-cluster10-llama30b"])
    func bestStageAlignedPlanOfABundledExample(name: String) throws {
        try Self.check(try BundledExamples.cluster(name), name: name)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason), arguments: SharedData.instanceNames)
    func bestStageAlignedPlanIsValidAndBounded(file: String) throws {
        try Self.check(try SharedData.instance(file).cluster(), name: file)
    }

    static func check(_ cluster: Cluster, name file: String) throws {
        let planner = try #require(StageAlignedPlanner(cluster: cluster))
        let result = try #require(planner.bestPlan())
        let placement = Placement(cluster: cluster, rangesByNodeIndex: result.ranges)
        try placement.validate(for: cluster)
        let flow = try cluster.evaluate(placement).throughputTokensPerSecond
        // Links never bind in these single-region instances: max flow equals the weakest stage.
        #expect(relativeDifference(flow, result.stageCapacity) < 1e-9)
        let bound = WorkBound(cluster: cluster).upperBound()
        #expect(flow <= bound * (1 + 1e-12))
        print("\(file): stage-aligned \(flow) in \(result.stages) stages; work bound \(bound); compute bound \(cluster.computeUpperBoundTokensPerSecond)")
        for stages in [12, 16] {
            if let limited = planner.bestPlan(maxStages: stages) {
                let bounded = WorkBound(cluster: cluster).upperBound(maxStages: stages)
                print("  ≤\(stages) stages: \(limited.stageCapacity) in \(limited.stages) stages; bound \(bounded)")
                #expect(limited.stages <= stages)
                #expect(limited.stageCapacity <= bounded * (1 + 1e-12))
            }
        }
    }
}
