import LayerFlow
import LayerFlowSimulator
import Testing

/// One node holding both layers of a 2-layer model serves one query; every latency is worked out
/// by hand from the profile, the link and Helix's overheads.
struct HandComputedLatencyTests {
    // Prompt curve: 1 ms per layer at 100 tokens (so 0.1 ms at 10); decode: 0.5 ms at 1 sequence.
    static let profile = ServingProfile(
        promptLayerTimes: [.init(batch: 0, milliseconds: 0), .init(batch: 100, milliseconds: 1)],
        decodeLayerTimes: [.init(batch: 0, milliseconds: 0), .init(batch: 2, milliseconds: 1)],
        batchLimitsByLayerCount: [
            .init(promptMaxRequests: 1, promptMaxTokens: 2048, decodeMaxSequences: 8, decodeMaxContextTokens: 8000),
            .init(promptMaxRequests: 1, promptMaxTokens: 2048, decodeMaxSequences: 8, decodeMaxContextTokens: 8000),
        ],
        diskBytesPerSecond: 1e9)

    static func cluster() throws -> Cluster {
        let gpu = GPUType(
            name: "G", vramBytes: 16e9, nicInBytesPerSecond: 1e10, nicOutBytesPerSecond: 1e10, maxLayers: 2,
            throughputTokensPerSecondByLayerCount: [100, 50], kvCacheTokenLayersByLayerCount: [10_000, 10_000],
            serving: profile)
        return try Cluster(
            name: "one", model: ModelSpec(name: "m", layerCount: 2, parameterBytesPerLayer: 1.5e9, activationBytesPerToken: 1000, tokenBytes: 2),
            gpuTypes: [gpu], nodes: [ComputeNode(id: "n", type: "G")],
            links: [
                Link(from: .coordinator, to: .node("n"), bandwidthBytesPerSecond: 1e6, latencySeconds: 0.01),
                Link(from: .node("n"), to: .coordinator, bandwidthBytesPerSecond: 1e6, latencySeconds: 0.01),
            ],
            coordinator: Coordinator(nicInBytesPerSecond: 1e10, nicOutBytesPerSecond: 1e10),
            bandwidthConvention: .physical)
    }

    @Test func promptAndDecodeLatenciesMatchTheHandComputation() async throws {
        let plan = SimulationPlan(cluster: try Self.cluster(), placement: Placement(["n": LayerRange(0, 2)]))
        let workload = Workload.online(OnlineWorkload(arrivals: [Arrival(timeSeconds: 0, shape: RequestShape(inputTokens: 10, outputTokens: 2))], windowSeconds: 100))
        let report = try await Simulator(plan: plan, workload: workload, options: .helixOnline).run()

        // Loading: 2 layers × 1.5e9 B at 1e9 B/s = 3 s → serving starts at ceil(3) + 1 = 4 s.
        #expect(report.loadSeconds == 4)
        let overheadPerToken = 1000.0 * (1 / 4e9 + 1 / 5e9)  // first-layer CPU work per received token
        // Prompt: in 0.01 + 10·2/1e6; layer 1: 0.1 ms + 10 tokens of overhead; layer 2: 0.1 ms; out 0.01 + 10·2/1e6.
        let prompt = (0.01 + 20 / 1e6) + (0.0001 + 10 * overheadPerToken) + 0.0001 + (0.01 + 20 / 1e6)
        // Decode: 1 token each way; one decode per batch costs 2 × 0.5 ms per layer.
        let decode = (0.01 + 2 / 1e6) + (0.001 + overheadPerToken) + 0.001 + (0.01 + 2 / 1e6)
        #expect(abs(report.promptLatencySeconds.mean - prompt) < 1e-12)
        #expect(abs(report.decodeLatencySeconds.mean - decode) < 1e-12)
        #expect(report.decodeLatencySeconds.count == 2)
        #expect(abs(report.totalTimeUsageSeconds - (4 + prompt + 2 * decode)) < 1e-9)
        // Tokens: 10 prompt + 2 decoded, over the whole run from t = 0.
        #expect(abs(report.totalTimeUsageTokensPerSecond - 12 / (4 + prompt + 2 * decode)) < 1e-9)
        #expect(report.completedRequests == 1)
        // KV peak: 10 prompt tokens + 2 decodes on each of 2 layers, freed at the end.
        #expect(report.nodes[0].kvPeakTokenLayers == 24)
        #expect(report.nodes[0].kvInUseAtEndTokenLayers == 0)
    }

    /// Layer times of 1e308 ms put events ~1e305 s apart: the run must still end at once (the
    /// time series stops at its bucket limit instead of sampling its way there).
    @Test func absurdLayerTimesStillEnd() async throws {
        var cluster = try Self.cluster()
        var types = cluster.gpuTypes
        types[0].serving?.promptLayerTimes = [.init(batch: 0, milliseconds: 0), .init(batch: 100, milliseconds: 1e308)]
        types[0].serving?.decodeLayerTimes = [.init(batch: 0, milliseconds: 0), .init(batch: 2, milliseconds: 1e308)]
        cluster = try Cluster(
            name: cluster.name, model: cluster.model, gpuTypes: types, nodes: cluster.nodes, links: cluster.links,
            coordinator: cluster.coordinator, bandwidthConvention: cluster.bandwidthConvention)
        let plan = SimulationPlan(cluster: cluster, placement: Placement(["n": LayerRange(0, 2)]))
        let workload = Workload.online(OnlineWorkload(
            arrivals: [Arrival(timeSeconds: 0, shape: RequestShape(inputTokens: 50, outputTokens: 2))], windowSeconds: 10))
        let report = try await Simulator(plan: plan, workload: workload, options: .helixOnline).run()
        #expect(report.issuedRequests == 1)
        #expect(report.completedRequests + report.inFlightRequests == 1)
        #expect(report.timeSeries.count <= 100_000)
    }
}
