import LayerFlow
import Testing

/// The KV-limited max flow: memory pressure shows up as lower throughput.
@Suite struct KVLimitedFlowTests {
    @Test func kvBindsBelowComputeAndFusionLiftsTheBound() throws {
        let (cluster, placement) = try PressureFixtures.replicas()
        // 1,000 tokens per request for 100 s: ⌊57,344 ÷ 1,000⌋ = 57 requests, 570 tokens/s per replica.
        let workingSet = KVWorkingSet(tokensPerRequest: 1000, secondsPerRequest: 100)
        #expect(try cluster.evaluate(placement).throughputTokensPerSecond == 8000)
        #expect(try cluster.kvLimitedThroughput(placement, workingSet: workingSet) == 4560)
        let plan = try DropPlanner(cluster: cluster, placement: placement).plan(for: .global(tokens: 300_000))
        // Each pair: 245 requests at 16 layers → 2,450 tokens/s of KV, compute 2,000: the pair serves 2,000.
        #expect(try cluster.kvLimitedThroughput(plan.placementAfter, workingSet: workingSet) == 3 * 2000 + 2 * 570)
    }

    @Test func aBadWorkingSetNamesTheField() throws {
        let (cluster, placement) = try PressureFixtures.replicas(count: 2)
        #expect(throws: PressureError.invalidOption(field: "workingSet.tokensPerRequest", value: 0, requirement: "> 0")) {
            try cluster.kvLimitedThroughput(placement, workingSet: KVWorkingSet(tokensPerRequest: 0, secondsPerRequest: 1))
        }
    }
}
