import LayerFlow
import LayerFlowSimulator
import LayerFlowTestSupport
import Testing

/// The analytic serving estimate: hand-computed terms on one node, its monotonicity, its typed
/// errors, and its agreement with the simulator where the model is exact (one query at a time).
struct ServingEstimateTests {
    static func workload(_ arrivals: ServingWorkload.Arrivals) -> ServingWorkload {
        ServingWorkload(arrivals: arrivals, meanInputTokens: 10, meanOutputTokens: 2)
    }

    @Test func kvLimitedConcurrencyIsTheFeedMarkOfTheTightestLayer() throws {
        let cluster = try HandComputedLatencyTests.cluster()
        let evaluation = try cluster.evaluate(Placement(["n": LayerRange(0, 2)]))
        let estimate = try cluster.estimateServing(evaluation, workload: Self.workload(.closedLoop(feedHighWaterMark: 0.8)))
        // 10,000 token·layer slots over 2 layers: 5,000 tokens per layer; each request reserves 10 + 240.
        #expect(abs(estimate.kvLimitedRequests - 0.8 * 5_000 / 250) < 1e-9)
        #expect(estimate.realizedTokensPerSecond > 0)
    }

    /// At a trickle of load the round trip is the links plus one sweep of single-decode batches.
    @Test func idleRoundTripIsTheHandComputedSweepAndLinks() throws {
        let cluster = try HandComputedLatencyTests.cluster()
        let evaluation = try cluster.evaluate(Placement(["n": LayerRange(0, 2)]))
        let estimate = try cluster.estimateServing(evaluation, workload: Self.workload(.offered(tokensPerSecond: 1e-6)))
        // Links: 0.01 s each way plus 2 bytes at 1e6 B/s; sweep: 2 layers × 2 × 0.5 ms (one decode).
        let expected = 0.02 + 4e-6 + 0.002
        #expect(abs(estimate.timePerOutputTokenSeconds - expected) < 1e-6)
        #expect(estimate.limit == .offeredLoad)
    }

    @Test func estimateAgreesWithTheSimulatorOnOneQuery() async throws {
        let cluster = try HandComputedLatencyTests.cluster()
        let plan = SimulationPlan(cluster: cluster, placement: Placement(["n": LayerRange(0, 2)]))
        let workload = Workload.online(OnlineWorkload(arrivals: [Arrival(timeSeconds: 0, shape: RequestShape(inputTokens: 10, outputTokens: 2))], windowSeconds: 100))
        let report = try await Simulator(plan: plan, workload: workload, options: .helixOnline).run()
        let estimate = try cluster.estimateServing(try cluster.evaluate(plan.placement), workload: Self.workload(.offered(tokensPerSecond: 1e-6)))
        #expect(relativeDifference(estimate.timePerOutputTokenSeconds, report.decodeLatencySeconds.mean) < 0.01)
        #expect(relativeDifference(estimate.timeToFirstTokenSeconds, report.promptLatencySeconds.mean) < 0.01)
    }

    @Test func latencyRisesWithLoadAndOverloadIsReported() throws {
        let cluster = try SimulatorFixtures.single24()
        let evaluation = try cluster.evaluate(SimulatorFixtures.stageAligned24(cluster))
        var previous = 0.0
        for load in [50.0, 200, 400, 600] {
            let estimate = try cluster.estimateServing(
                evaluation, workload: ServingWorkload(arrivals: .offered(tokensPerSecond: load), meanInputTokens: 760, meanOutputTokens: 230))
            #expect(estimate.timePerOutputTokenSeconds >= previous, "load \(load)")
            previous = estimate.timePerOutputTokenSeconds
        }
        let overloaded = try cluster.estimateServing(
            evaluation, workload: ServingWorkload(arrivals: .offered(tokensPerSecond: 3 * evaluation.throughputTokensPerSecond), meanInputTokens: 760, meanOutputTokens: 230))
        #expect(overloaded.limit == .overloaded)
    }

    @Test func aGPUTypeWithoutAProfileAndABadWorkloadAreTypedErrors() throws {
        let cluster = try HandComputedLatencyTests.cluster()
        let evaluation = try cluster.evaluate(Placement(["n": LayerRange(0, 2)]))
        #expect(throws: ServingEstimateError.invalidWorkload(field: "meanOutputTokens", reason: "0.0 must be ≥ 1")) {
            try cluster.estimateServing(evaluation, workload: ServingWorkload(meanInputTokens: 10, meanOutputTokens: 0))
        }
        var type = cluster.gpuTypes[0]
        type.serving = nil
        let bare = try Cluster(
            name: "bare", model: cluster.model, gpuTypes: [type], nodes: cluster.nodes, links: cluster.links,
            coordinator: cluster.coordinator, bandwidthConvention: cluster.bandwidthConvention)
        #expect(throws: ServingEstimateError.missingServingProfile(gpuType: "G")) {
            try bare.estimateServing(try bare.evaluate(Placement(["n": LayerRange(0, 2)])), workload: Self.workload(.closedLoop(feedHighWaterMark: 0.8)))
        }
    }
}
