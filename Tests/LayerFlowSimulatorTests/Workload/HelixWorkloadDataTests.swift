import Foundation
import LayerFlowSimulator
import LayerFlowTestSupport
import Testing

/// Helix's simulator inputs in `shared/sim-data`, where they are present.
enum SimData {
    static let directory = SharedData.directory.appendingPathComponent("sim-data")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static let files = [
        "azure_conv_lengths.csv", "azure_conv_arrivals_per_3s.csv", "example_offline_length_sequence_seed0.csv",
        "example_online_trace_700tps_seed0.csv",
    ]

    static var isAvailable: Bool { files.allSatisfy { FileManager.default.fileExists(atPath: path($0)) } }

    static let unavailableReason: Comment = "shared/sim-data (Helix's workload files) is not beside the package (set LAYERFLOW_SHARED)"
}

@Suite("Helix's workload files", .enabled(if: SimData.isAvailable, SimData.unavailableReason))
struct HelixWorkloadDataTests {
    /// The README's online example: 1293 queries, 688.49 tokens/s over the 1800-s window.
    @Test func onlineTrace() throws {
        let arrivals = try WorkloadCSV.loadTrace(path: SimData.path("example_online_trace_700tps_seed0.csv"))
        #expect(arrivals.count == 1_293)
        #expect(abs(arrivals.offeredTokensPerSecond(durationSeconds: 1_800) - 688.49) <= 0.01)
        #expect(arrivals.first?.timeSeconds == 21.261714742492536)
        #expect(arrivals.first?.shape == RequestShape(inputTokens: 405, outputTokens: 103))
        #expect(arrivals.allSatisfy { $0.timeSeconds >= 20 && $0.timeSeconds < 1_820 })
    }

    @Test func offlineLengthSequence() throws {
        let shapes = try WorkloadCSV.loadLengths(path: SimData.path("example_offline_length_sequence_seed0.csv"))
        #expect(shapes.count == 20_000)
        #expect(shapes.first == RequestShape(inputTokens: 194, outputTokens: 96))
    }

    @Test func azureConversationLengths() throws {
        let shapes = try WorkloadCSV.loadLengths(path: SimData.path("azure_conv_lengths.csv"))
        #expect(shapes.count == 16_657)
        let meanInput = Double(shapes.reduce(0) { $0 + $1.inputTokens }) / Double(shapes.count)
        let meanOutput = Double(shapes.reduce(0) { $0 + $1.outputTokens }) / Double(shapes.count)
        #expect(abs(meanInput - 763.08) <= 0.01, "\(meanInput)")
        #expect(abs(meanOutput - 232.45) <= 0.01, "\(meanOutput)")
    }

    @Test func arrivalsPer3Seconds() throws {
        let counts = try WorkloadCSV.loadArrivalCounts(path: SimData.path("azure_conv_arrivals_per_3s.csv"))
        #expect(counts.count == 1_200)
        #expect(counts.reduce(0, +) == 16_657)
    }

    /// Helix's generator on its own data: the online example's configuration (700 tokens/s from
    /// t = 20 s for 1800 s) lands near Helix's 1293 queries, and a ten-hour run within 3 % of the
    /// target.
    @Test func azureGenerationFromHelixData() throws {
        let lengths = try WorkloadCSV.loadLengths(path: SimData.path("azure_conv_lengths.csv"))
        let counts = try WorkloadCSV.loadArrivalCounts(path: SimData.path("azure_conv_arrivals_per_3s.csv"))
        let example = ArrivalGenerator(
            process: .azure(countsPer3s: counts), lengths: lengths, offeredTokensPerSecond: 700,
            durationSeconds: 1_800, startSeconds: 20, seed: 0)
        let arrivals = try example.arrivals()
        // λ = 700 / 995.53 request/s over 1800 s: 1265.6 queries on average.
        #expect(abs(Double(arrivals.count) - 1_265.6) < 0.1 * 1_265.6, "\(arrivals.count)")
        #expect(arrivals.allSatisfy { $0.timeSeconds >= 20 && $0.timeSeconds < 1_820 })

        var long = example
        long.durationSeconds = 36_000
        let load = try long.arrivals().offeredTokensPerSecond(durationSeconds: 36_000)
        #expect(abs(load - 700) / 700 < 0.03, "\(load)")
    }
}
