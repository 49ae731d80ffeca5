import LayerFlow
import LayerFlowTestSupport
import Testing

@Suite(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason))
struct LayerCoverageFormulationTests {
    /// A plan encoded as a solution is feasible for the model, its objective is the plan's max flow,
    /// and decoding it gives a placement with the same max flow.
    @Test(arguments: SharedData.instanceNames)
    func bestStageAlignedPlanEncodesAsAFeasibleSolution(file: String) throws {
        let cluster = try SharedData.instance(file).cluster()
        let plan = try #require(StageAlignedPlanner(cluster: cluster)?.bestPlan())
        let throughput = cluster.throughput(ranges: plan.ranges)
        for maxStages in [nil, plan.stages] as [Int?] {
            let formulation = LayerCoverageFormulation(
                cluster: cluster, options: .init(upperBound: WorkBound(cluster: cluster).upperBound(), maxStages: maxStages))
            let values = try #require(formulation.values(for: plan.ranges, cluster: cluster))
            #expect(formulation.model.maxViolation(values) <= 1e-6 * max(1, throughput))
            #expect(relativeDifference(formulation.model.objectiveValue(values), throughput) <= 1e-9)
            let decoded = formulation.ranges(from: values, nodeCount: cluster.nodes.count)
            #expect(relativeDifference(cluster.throughput(ranges: decoded), throughput) <= 1e-12)
        }
    }

    /// The l4 optimum (six nodes holding 10 layers at 252.6498 tokens/s each) meets its own value
    /// but not a target a millionth above it: the cardinality cover rows cut it off.
    @Test func aTargetAboveThePlanCutsOffItsSolution() throws {
        let cluster = try SharedData.instance("helix-single24-l4-llama30b.json").cluster()
        let plan = try #require(StageAlignedPlanner(cluster: cluster)?.bestPlan())
        for (target, feasible) in [(plan.stageCapacity, true), (plan.stageCapacity * (1 + 1e-6), false)] {
            let formulation = LayerCoverageFormulation(cluster: cluster, options: .init(target: target, coverageOnly: true))
            let values = try #require(formulation.values(for: plan.ranges, cluster: cluster))
            let violation = formulation.model.maxViolation(values)
            #expect(feasible ? violation <= 1e-9 * target : violation > 1e-9 * target, "target \(target): violation \(violation)")
        }
    }
}
