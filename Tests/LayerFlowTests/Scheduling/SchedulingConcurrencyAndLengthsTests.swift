import Foundation
import LayerFlow
import Testing

/// The scheduler under concurrent callers, and request-length inputs.
@Suite("Scheduling: concurrency and request lengths")
struct SchedulingConcurrencyAndLengthsTests {
    /// Eight tasks route and complete at once under KV pressure: no route is lost, every
    /// reservation is released, and no node's reservation ever passes its high-water limit.
    @Test func concurrentRoutingKeepsTheBooksBalanced() async throws {
        let (cluster, placement) = try SchedulingFixtures.single24Plan()
        let scheduler = try Scheduler(cluster: cluster, placement: placement, rule: .strict)
        let limits = scheduler.nodes.map { $0.kvLimitTokens ?? .max }
        let requests = RequestLengths.synthetic(count: 16_000, seed: 21).map {
            Request(id: $0.id, promptTokens: $0.promptTokens * 20, expectedOutputTokens: $0.expectedOutputTokens)
        }
        let outcomes = await withTaskGroup(of: (routed: Int, waited: Int, rejected: Int, overLimit: Bool).self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var counts = (routed: 0, waited: 0, rejected: 0, overLimit: false)
                    var mine: [Int] = []
                    for request in requests where request.id % 8 == worker {
                        switch scheduler.route(for: request) {
                        case .routed: counts.routed += 1; mine.append(request.id)
                        case .queued: counts.waited += 1; mine.append(request.id)
                        case .rejected: counts.rejected += 1
                        }
                        if mine.count > 4 {
                            _ = try? scheduler.complete(mine.removeFirst())
                        }
                        if request.id % 64 == worker {
                            let reserved = scheduler.snapshot().reservedTokens
                            if zip(reserved, limits).contains(where: { $0 > $1 }) { counts.overLimit = true }
                        }
                    }
                    for id in mine { _ = try? scheduler.complete(id) }
                    return counts
                }
            }
            var total = (routed: 0, waited: 0, rejected: 0, overLimit: false)
            for await counts in group {
                total.routed += counts.routed
                total.waited += counts.waited
                total.rejected += counts.rejected
                total.overLimit = total.overLimit || counts.overLimit
            }
            return total
        }
        #expect(outcomes.routed + outcomes.waited + outcomes.rejected == requests.count)
        #expect(!outcomes.overLimit)
        let snapshot = scheduler.snapshot()
        #expect(snapshot.inFlight == 0 && snapshot.queued == 0, "\(snapshot.inFlight) in flight, \(snapshot.queued) queued")
        #expect(snapshot.reservedTokens.allSatisfy { $0 == 0 })
    }

    @Test func syntheticLengthsAreSeededAndShapedLikeTheAzureTrace() {
        let requests = RequestLengths.synthetic(count: 50_000, seed: 1)
        #expect(requests == RequestLengths.synthetic(count: 50_000, seed: 1))
        #expect(requests != RequestLengths.synthetic(count: 50_000, seed: 2))
        #expect(requests.map(\.id) == Array(0..<50_000))
        let prompts = requests.map { Double($0.promptTokens) }
        let outputs = requests.map { Double($0.expectedOutputTokens) }
        #expect(prompts.allSatisfy { $0 >= 1 && $0 <= 2048 } && outputs.allSatisfy { $0 >= 1 && $0 <= 1000 })
        // The trace's means are 763 prompt and 232 output tokens.
        #expect(abs(prompts.reduce(0, +) / 50_000 - 763) < 60)
        #expect(abs(outputs.reduce(0, +) / 50_000 - 232) < 30)
    }

    @Test func csvLengthsAcceptHelixHeadersAndRepeatRows() throws {
        let requests = try RequestLengths.parseCSV("index,input_tokens,output_tokens\r\n0,374,44\r\n\r\n1,396,109\r\n", count: 5)
        #expect(requests.map(\.promptTokens) == [374, 396, 374, 396, 374])
        #expect(requests.map(\.expectedOutputTokens) == [44, 109, 44, 109, 44])
        #expect(requests.map(\.id) == [0, 1, 2, 3, 4])
        #expect(try RequestLengths.parseCSV("Prompt, Output\n5, 0\n").first == Request(id: 0, promptTokens: 5, expectedOutputTokens: 0))
    }

    @Test(arguments: [
        ("prompt,output\n10,5\n10\n", RequestLengthsError.malformedRow(line: 3, column: nil, message: "1 fields, the header has 2")),
        ("prompt,output\n10,5\nten,5\n", .malformedRow(line: 3, column: "prompt", message: "'ten' is not a whole number")),
        ("prompt,output\n0,5\n", .malformedRow(line: 2, column: "prompt", message: "0 is outside 1...2147483647")),
        ("prompt,output\n5,-1\n", .malformedRow(line: 2, column: "output", message: "-1 is outside 0...2147483647")),
        ("prompt,tokens\n5,1\n", .missingColumn(line: 1, expected: "output (or output_tokens, expected_output_tokens)")),
        ("prompt,output\n", .noRows),
        ("", .noRows),
    ])
    func malformedCSVIsRefusedNamingTheLine(text: String, expected: RequestLengthsError) {
        #expect(throws: expected) { try RequestLengths.parseCSV(text) }
    }
}
