import Foundation
import LayerFlow
import Testing

/// Offline tables, next-hop tables and their JSON formats.
@Suite("Scheduling: tables and exports")
struct SchedulingTableTests {
    @Test func tableIsDeterministicAndLeavesTheLiveStateAlone() throws {
        let (cluster, placement) = try SchedulingFixtures.single24Plan()
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        let requests = RequestLengths.synthetic(count: 2_000, seed: 3)
        #expect(scheduler.route(for: Request(id: 99_999, promptTokens: 100, expectedOutputTokens: 10)).route != nil)
        let before = scheduler.snapshot()
        let first = scheduler.table(for: requests)
        #expect(scheduler.snapshot() == before, "table(for:) must not reserve or release")
        #expect(scheduler.table(for: requests) == first)
        #expect(first.entries.map(\.request) == requests)
        #expect(first.counts.routed == requests.count)
        #expect(first.routes.count == Set(first.routes).count, "routes are stored once")
        // The live scheduler, fed the same requests one at a time, routes them the same way
        // (its round robin started one request ahead, so compare with a fresh scheduler).
        let fresh = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        for (index, request) in requests.enumerated() {
            #expect(fresh.route(for: request).route == first.route(ofEntryAt: index))
            _ = try fresh.complete(request.id)
        }
    }

    @Test func tableRejectsWhatNoRouteCanHoldAndSaysWhy() throws {
        let (cluster, placement) = try SchedulingFixtures.single24Plan()
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        let largest = try #require(scheduler.largestAdmissibleFootprintTokens)
        let table = scheduler.table(for: [
            Request(id: 0, promptTokens: largest, expectedOutputTokens: 0),
            Request(id: 1, promptTokens: largest, expectedOutputTokens: 1),
            Request(id: 2, promptTokens: 5, expectedOutputTokens: -1),
        ])
        #expect(table.route(ofEntryAt: 0) != nil)
        #expect(table.entries[1].outcome == .rejected(.exceedsRouteCapacity(footprintTokens: largest + 1, largestTokens: largest)))
        #expect(table.entries[2].outcome == .rejected(.invalidRequest(field: "expectedOutputTokens", value: -1)))
    }

    @Test func nextHopSharesFollowTheFlowAndConserveIt() throws {
        let (cluster, placement) = try SchedulingFixtures.single24Plan()
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        let tables = scheduler.nextHopTables()
        let nodes = Dictionary(uniqueKeysWithValues: scheduler.nodes.map { ($0.id, $0) })
        #expect(tables.first?.at == .coordinator)
        #expect(tables.count == 1 + scheduler.nodes.filter { $0.flowTokensPerSecond > 0 }.count)
        var inflow: [String: Double] = [:]
        for table in tables {
            #expect(abs(table.nextHops.reduce(0) { $0 + $1.share } - 1) < 1e-12)
            let outflow = table.nextHops.reduce(0) { $0 + $1.flowTokensPerSecond }
            if case .node(let id) = table.at {
                #expect(relativeGap(outflow, try #require(nodes[id]).flowTokensPerSecond) < 1e-9, "\(id) out ≠ through")
            } else {
                #expect(relativeGap(outflow, scheduler.maxFlowTokensPerSecond) < 1e-9)
            }
            for hop in table.nextHops {
                if let id = hop.to.nodeID { inflow[id, default: 0] += hop.flowTokensPerSecond }
                #expect(cluster.links[hop.link].from == table.at && cluster.links[hop.link].to == hop.to)
            }
        }
        for (id, flow) in inflow { #expect(relativeGap(flow, try #require(nodes[id]).flowTokensPerSecond) < 1e-9, "\(id) in ≠ through") }
    }

    @Test func exportsAreVersionedAndNameNodesAndLinks() throws {
        let (cluster, placement) = try SchedulingFixtures.single24Plan()
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        let table = scheduler.table(for: [
            Request(id: 7, promptTokens: 100, expectedOutputTokens: 20),
            Request(id: 8, promptTokens: 10_000_000, expectedOutputTokens: 0),
        ])
        let tableJSON = try #require(try JSONSerialization.jsonObject(
            with: SchedulingTableDocument(table, cluster: cluster, rule: .strict).encoded()) as? [String: Any])
        #expect(tableJSON["format"] as? String == "layerflow-schedule-table/1")
        let requests = try #require(tableJSON["requests"] as? [[String: Any]])
        #expect(requests.count == 2)
        #expect(requests[0]["id"] as? Int == 7 && requests[0]["route"] as? Int == 0)
        #expect((requests[1]["rejected"] as? [String: Any])?["code"] as? String == "exceeds-route-capacity")
        let routes = try #require(tableJSON["routes"] as? [[String: Any]])
        let hops = try #require(routes.first?["hops"] as? [[String: Any]])
        #expect(hops.first?["layers"] as? [Int] == [0, try #require(table.routes.first).hops[0].layers.end])
        #expect(hops.last?["node"] as? String == cluster.nodes[try #require(table.routes.first?.hops.last).node].id)

        let nextJSON = try #require(try JSONSerialization.jsonObject(with: NextHopTablesDocument(scheduler).encoded()) as? [String: Any])
        #expect(nextJSON["format"] as? String == "layerflow-next-hops/1")
        #expect(nextJSON["algorithm"] as? String == "smooth-weighted-round-robin")
        let first = try #require((nextJSON["tables"] as? [[String: Any]])?.first)
        #expect(first["at"] as? String == "coordinator")
        #expect(first["layers"] == nil)
        let next = try #require(first["next"] as? [[String: Any]])
        #expect(next.allSatisfy { ($0["weight"] as? Int ?? 0) > 0 && $0["link"] is Int && $0["to"] is String })
    }

    @Test func planDocumentBuildsTheSameScheduler() throws {
        let (cluster, placement) = try SchedulingFixtures.single24Plan()
        let evaluation = try cluster.evaluate(placement, rule: .strict)
        let document = PlanDocument(baseline: "stage-aligned", evaluation: evaluation, cluster: cluster, options: PlanOptions())
        let reloaded = try PlanDocument.decode(try document.encoded())
        let fromPlan = try Scheduler(plan: reloaded)
        let direct = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        let requests = RequestLengths.synthetic(count: 300, seed: 5)
        #expect(fromPlan.table(for: requests) == direct.table(for: requests))
        #expect(fromPlan.nodes == direct.nodes)
    }

    private func relativeGap(_ a: Double, _ b: Double) -> Double {
        let scale = max(abs(a), abs(b))
        return scale == 0 ? 0 : abs(a - b) / scale
    }
}
