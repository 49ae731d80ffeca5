import LayerFlow
import Testing

/// The example at the top of docs/Guides/Scheduling.md, as written there.
@Suite("Scheduling: the guide's example")
struct SchedulingGuideExampleTests {
    @Test func guideExampleRoutesCompletesAndExports() throws {
        let (cluster, placement) = try SchedulingFixtures.single24Plan()
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)

        let decision = scheduler.route(for: Request(id: 1, promptTokens: 700, expectedOutputTokens: 200))
        let route = try #require(decision.route)
        print("guide example: \(route.description(in: cluster)); flow \(scheduler.maxFlowTokensPerSecond) tokens/s")
        #expect(route.hops.first?.layers.start == 0 && route.hops.last?.layers.end == 80)
        #expect(scheduler.snapshot().reservedTokens.filter { $0 == 900 }.count == route.hops.count)

        let admitted = try scheduler.complete(1)
        #expect(admitted.isEmpty)

        let table = scheduler.table(for: RequestLengths.synthetic(count: 10_000, seed: 1))
        print("guide example: \(table.routes.count) distinct routes over 10,000 requests; "
              + "\(scheduler.nodes.filter { $0.flowShare > 0 }.count) nodes carry flow; "
              + "largest admissible footprint \(scheduler.largestAdmissibleFootprintTokens ?? -1)")
        #expect(table.counts.routed == 10_000)
        #expect(scheduler.nextHopTables().first?.at == .coordinator)
    }
}
