import Foundation
@testable import LayerFlow
import Testing

/// `layerflow schedule` summaries that do not grow with the requests: lazy request sequences and
/// traffic counted as they stream past (a billion requests took 8.2 GB).
struct StreamingScheduleTests {
    /// The streamed traffic of a lazy request sequence is that of the table of the same requests.
    @Test(arguments: [0 as UInt64, 3, 7])
    func streamedTrafficEqualsTheTables(seed: UInt64) throws {
        let (cluster, placement) = try SchedulingFixtures.single24MixedStagePlan()
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        let lazy = RequestLengths.SyntheticRequests(count: 5_000, seed: seed)
        let requests = RequestLengths.synthetic(count: 5_000, seed: seed)
        #expect(Array(lazy) == requests)
        #expect(scheduler.traffic(for: lazy) == SchedulingTraffic(scheduler.table(for: requests), nodes: scheduler.nodes))
        // Requests past the route capacity and invalid lengths are counted the same way.
        let odd = [Request(id: 0, promptTokens: 0, expectedOutputTokens: 1), Request(id: 1, promptTokens: 1 << 40, expectedOutputTokens: 1)]
            + requests.prefix(10)
        #expect(scheduler.traffic(for: odd) == SchedulingTraffic(scheduler.table(for: odd), nodes: scheduler.nodes))
    }

    @Test func repeatedCSVRowsAreMadeLazily() throws {
        let rows = try RequestLengths.parseCSVRows("prompt,output\n10,5\n20,0\n")
        let repeated = RequestLengths.RepeatedRequests(rows: rows, count: 5)
        #expect(Array(repeated) == (try RequestLengths.parseCSV("prompt,output\n10,5\n20,0\n", count: 5)))
        #expect(Array(repeated).map(\.promptTokens) == [10, 20, 10, 20, 10])
        // A billion requests cost nothing until iterated.
        #expect(RequestLengths.RepeatedRequests(rows: rows, count: 1_000_000_000).underestimatedCount == 1_000_000_000)
    }
}
