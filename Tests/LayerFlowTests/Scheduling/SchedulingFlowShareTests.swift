import LayerFlow
import LayerFlowTestSupport
import Testing

/// Long-run traffic follows the max flow: on Helix's single24 plan, over 100,000 routed requests,
/// every node's share of the traffic is within 1 % (relative) of its share of the flow.
///
/// Shares are per-request counts: a node's traffic share is (routed requests that pass through
/// it) / (Σ over nodes of that count), its flow share is (flow on its in→out arc) / (Σ over nodes
/// of those flows). KV limits are non-binding: each request completes before the next arrives.
@Suite("Scheduling: traffic follows the flow")
struct SchedulingFlowShareTests {
    /// Two plans of single24: the optimal stage-aligned one (a 24-node pipeline: one route) and a
    /// mixed one (stages shared by nodes of unequal speed: hundreds of routes).
    @Test(arguments: ["optimal", "mixed"])
    func single24TrafficSharesMatchFlowSharesWithinOnePercent(plan: String) throws {
        let (cluster, placement) = plan == "optimal"
            ? try SchedulingFixtures.single24Plan() : try SchedulingFixtures.single24MixedStagePlan()
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        let requests = RequestLengths.synthetic(count: 100_000, seed: 7)
        var visits = [Int](repeating: 0, count: cluster.nodes.count)
        for request in requests {
            let route = try #require(scheduler.route(for: request).route, "request \(request.id) not routed")
            for hop in route.hops { visits[hop.node] += 1 }
            #expect(try scheduler.complete(request.id).isEmpty)
        }
        let totalVisits = Double(visits.reduce(0, +))
        var worst = 0.0
        for node in scheduler.nodes {
            let trafficShare = Double(visits[node.index]) / totalVisits
            if node.flowShare == 0 {
                #expect(visits[node.index] == 0, "\(node.id) carries no flow but got traffic")
                continue
            }
            let deviation = abs(trafficShare - node.flowShare) / node.flowShare
            worst = max(worst, deviation)
            #expect(deviation <= 0.01, "\(node.id): traffic \(trafficShare) vs flow \(node.flowShare)")
        }
        #expect(scheduler.nodes.filter { $0.flowShare > 0 }.count >= 10, "the plan should use most nodes")
        let routes = Set(scheduler.table(for: Array(requests.prefix(10_000))).routes).count
        if plan == "mixed" {
            // The max flow saturates the single-A100 stages and spreads the rest over a few nodes
            // per stage: several routes with unequal flows.
            #expect(routes >= 3, "the mixed plan should offer several routes, got \(routes)")
            let shares = Set(scheduler.nodes.map(\.flowShare).filter { $0 > 0 })
            #expect(shares.count >= 3, "flows should be unequal: \(shares.sorted())")
        }
        print("single24 (\(plan) plan): \(routes) distinct routes; "
              + "worst relative share deviation over 100,000 requests: \(worst)")
    }

    /// Smooth weighted round robin at one decision point: after n picks every arc's count is
    /// within the out-degree of n · weight / Σ weights, at every prefix, not just at the end.
    @Test func roundRobinCountsStayWithinTheOutDegreeOfTheirTargets() throws {
        let (cluster, placement) = try SchedulingFixtures.single24MixedStagePlan()
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        let coordinator = try #require(scheduler.nextHopTables().first)
        #expect(coordinator.at == .coordinator)
        #expect(coordinator.nextHops.count >= 2, "the first stage should have a choice")
        let totalWeight = Double(coordinator.nextHops.reduce(0) { $0 + $1.weight })
        var counts: [String: Int] = [:]
        for id in 0..<5_000 {
            let route = try #require(scheduler.route(for: Request(id: id, promptTokens: 10, expectedOutputTokens: 10)).route)
            counts[cluster.nodes[route.hops[0].node].id, default: 0] += 1
            _ = try scheduler.complete(id)
            for hop in coordinator.nextHops {
                guard case .node(let node) = hop.to else { continue }
                let expected = Double(id + 1) * Double(hop.weight) / totalWeight
                let deviation = abs(Double(counts[node, default: 0]) - expected)
                if deviation >= Double(max(1, coordinator.nextHops.count)) {
                    Issue.record("after \(id + 1) picks \(node) has \(counts[node, default: 0]), expected \(expected)")
                    return
                }
            }
        }
    }
}

/// The same property on Helix's own placements of single24 (its MILP, Petals, Swarm, … plans:
/// irregular, with nodes of unequal flow sharing a stage), under both rules: 100,000 requests,
/// every flow-carrying node within 1 % (relative) of its flow share.
@Suite("Scheduling: traffic follows the flow on Helix's placements")
struct SchedulingHelixReferenceShareTests {
    @Test(arguments: ContiguityRule.allCases)
    func referencePlacementsTrafficSharesMatchFlowShares(rule: ContiguityRule) throws {
        let cluster = try BundledExamples.cluster("helix-single24-llama70b")
        var checked = 0
        var seen = Set<Placement>()
        for reference in BundledExamples.references where reference.instance == "helix-single24-llama70b" {
            let placement = try BundledExamples.placement(reference)
            guard seen.insert(placement).inserted,
                  let scheduler = try? Scheduler(cluster: cluster, placement: placement, rule: rule) else { continue }
            var visits = [Int](repeating: 0, count: cluster.nodes.count)
            for id in 0..<100_000 {
                let route = try #require(scheduler.route(for: Request(id: id, promptTokens: 700, expectedOutputTokens: 200)).route)
                for hop in route.hops { visits[hop.node] += 1 }
                _ = try scheduler.complete(id)
            }
            let total = Double(visits.reduce(0, +))
            var worst = 0.0
            for node in scheduler.nodes where node.flowShare > 0 {
                let deviation = abs(Double(visits[node.index]) / total - node.flowShare) / node.flowShare
                worst = max(worst, deviation)
                #expect(deviation <= 0.01, "\(reference.method) \(rule) \(node.id): \(Double(visits[node.index]) / total) vs \(node.flowShare)")
            }
            print("\(reference.method) (\(rule)): worst relative share deviation \(worst)")
            checked += 1
        }
        #expect(checked >= 3)
    }
}
