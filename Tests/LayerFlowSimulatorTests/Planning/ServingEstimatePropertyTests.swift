import LayerFlow
import LayerFlowSimulator
import LayerFlowTestSupport
import PropertyBased
import Testing

/// The serving estimate on random workloads over the bundled single24 plan: its figures are finite
/// where the load is sustained, latency never falls as the offered load rises, the KV-limited
/// population is proportional to the feed mark, and a sustained load's throughput is the load.
@Suite("Serving estimate on random workloads")
struct ServingEstimatePropertyTests {
    static let cluster = try! SimulatorFixtures.single24()
    static let evaluation = try! cluster.evaluate(SimulatorFixtures.stageAligned24(cluster))

    @Test func latencyRisesWithLoadAndSustainedLoadsAreServed() async {
        await propertyCheck(
            count: 200, input: Gen.double(in: 1...2_048), Gen.double(in: 1...1_000), Gen.double(in: 1...1_500), Gen.double(in: 1.01...3)
        ) { input, output, load, factor in
            let context = "input \(input), output \(output), load \(load)"
            func estimate(_ tokens: Double) throws -> ServingEstimate {
                try Self.cluster.estimateServing(
                    Self.evaluation, workload: ServingWorkload(arrivals: .offered(tokensPerSecond: tokens), meanInputTokens: input, meanOutputTokens: output))
            }
            do {
                let low = try estimate(load), high = try estimate(load * factor)
                if low.limit == .offeredLoad {
                    #expect(low.timePerOutputTokenSeconds.isFinite && low.timeToFirstTokenSeconds.isFinite, "\(context)")
                    #expect(abs(low.realizedTokensPerSecond - load) <= 1e-9 * load, "\(context)")
                }
                if low.timePerOutputTokenSeconds.isFinite && high.timePerOutputTokenSeconds.isFinite {
                    // Each sweep is a fixed point solved to 1e-9 relative; a round trip sums ~24 of them.
                    #expect(high.timePerOutputTokenSeconds >= low.timePerOutputTokenSeconds * (1 - 1e-7), "\(context)")
                }
                // A load the estimate cannot sustain stays unsustained above it.
                if low.limit == .overloaded { #expect(high.limit == .overloaded, "\(context)") }
            } catch {
                Issue.record("\(context): \(error)")
            }
        }
    }

    @Test func theKVLimitedPopulationIsProportionalToTheFeedMark() async {
        await propertyCheck(count: 100, input: Gen.double(in: 1...2_048), Gen.double(in: 0.05...0.5)) { input, mark in
            func population(_ feed: Double) throws -> Double {
                try Self.cluster.estimateServing(
                    Self.evaluation,
                    workload: ServingWorkload(arrivals: .closedLoop(feedHighWaterMark: feed), meanInputTokens: input, meanOutputTokens: 100, nodeHighWaterMark: 1)
                ).kvLimitedRequests
            }
            do {
                let single = try population(mark), double = try population(2 * mark)
                #expect(abs(double - 2 * single) <= 1e-9 * double, "input \(input), mark \(mark)")
            } catch {
                Issue.record("input \(input), mark \(mark): \(error)")
            }
        }
    }
}
