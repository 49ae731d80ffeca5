import LayerFlow
import PropertyBased
import Synchronization
import Testing

/// Every route the scheduler hands out, live or in a table, is a valid route of the plan, on
/// random clusters and placements under both contiguity rules, with KV pressure and completions.
@Suite("Scheduling: route validity on random plans")
struct SchedulingRouteValidityPropertyTests {
    @Test(arguments: ContiguityRule.allCases)
    func everyRouteIsValid(rule: ContiguityRule) async throws {
        let servedPlans = Atomic<Int>(0)
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            guard let (cluster, placement) = try? SchedulingFixtures.randomPlan(seed: seed) else {
                Issue.record("seed \(seed): fixture cluster invalid")
                return
            }
            let context = "seed \(seed), \(rule)"
            let scheduler: Scheduler
            do {
                scheduler = try Scheduler(cluster: cluster, placement: placement, rule: rule, options: SchedulerOptions(highWaterMark: 0.9))
            } catch {
                // Only a plan without flow may be refused.
                #expect((error as? SchedulingError) == .planServesNothing, "\(context): \(error)")
                let value = (try? cluster.evaluate(placement, rule: rule))?.throughputTokensPerSecond
                #expect(value == 0, "\(context): refused a plan with flow \(String(describing: value))")
                return
            }
            servedPlans.add(1, ordering: .relaxed)
            var random = SeededGenerator(seed: seed ^ 0x5EED)
            var inFlight: [Int] = []
            var routed = 0
            func check(_ route: Route, _ what: String) {
                routed += 1
                if let problem = SchedulingFixtures.violation(of: route, cluster: cluster, placement: placement, rule: rule) {
                    Issue.record("\(context), \(what): \(problem): \(route.description(in: cluster))")
                }
            }
            for id in 0..<200 {
                let request = Request(id: id, promptTokens: Int.random(in: 1...4000, using: &random),
                                      expectedOutputTokens: Int.random(in: 0...2000, using: &random))
                switch scheduler.route(for: request) {
                case .routed(let route):
                    check(route, "request \(id)")
                    inFlight.append(id)
                case .queued, .rejected:
                    break
                }
                if !inFlight.isEmpty, Int.random(in: 0..<3, using: &random) == 0 {
                    let done = inFlight.remove(at: Int.random(in: 0..<inFlight.count, using: &random))
                    for admission in (try? scheduler.complete(done)) ?? [] {
                        check(admission.route, "admitted request \(admission.request.id)")
                        inFlight.append(admission.request.id)
                    }
                }
            }
            let table = scheduler.table(for: (0..<50).map { Request(id: $0, promptTokens: 100 * ($0 + 1), expectedOutputTokens: 50) })
            for index in table.entries.indices {
                if let route = table.route(ofEntryAt: index) { check(route, "table entry \(index)") }
            }
            // A plan with flow routes a one-token request whatever its KV figures.
            if case .rejected(let reason) = scheduler.route(for: Request(id: 10_000, promptTokens: 1, expectedOutputTokens: 0)),
               scheduler.largestAdmissibleFootprintTokens ?? 1 >= 1 {
                Issue.record("\(context): a one-token request was rejected: \(reason)")
            }
            #expect(routed > 0 || scheduler.largestAdmissibleFootprintTokens ?? 1 < 1, "\(context): nothing routed")
        }
        // The generator must exercise plans that serve something, not only refusals.
        #expect(servedPlans.load(ordering: .relaxed) >= 60, "only \(servedPlans.load(ordering: .relaxed)) of 300 plans serve anything")
    }
}
