import LayerFlow
import Testing

/// A router keyed by node ids reads routes and reservations by id, not by position.
@Suite("Scheduling: routes and reservations by node id")
struct SchedulingIdentifierTests {
    @Test func routesAndReservationsNameTheirNodes() throws {
        let (cluster, placement) = try SchedulingFixtures.single24Plan()
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        let route = try #require(scheduler.route(for: Request(id: 7, promptTokens: 300, expectedOutputTokens: 100)).route)
        let ids = route.nodeIDs(in: cluster)
        #expect(ids == route.hops.map { cluster.nodes[$0.node].id })
        #expect(route.links(in: cluster).count == route.hops.count + 1)
        #expect(route.links(in: cluster).first?.from == .coordinator && route.links(in: cluster).last?.to == .coordinator)
        let snapshot = scheduler.snapshot()
        for id in ids { #expect(snapshot.reservedTokensByNodeID[id] == 400) }
        #expect(snapshot.reservedTokensByNodeID.values.reduce(0, +) == 400 * ids.count)
        _ = try scheduler.complete(7)
        #expect(scheduler.snapshot().reservedTokensByNodeID.values.allSatisfy { $0 == 0 })
    }
}
