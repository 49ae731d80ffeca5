import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// The bundled examples carry Helix's serving profiles: single24 (LLaMA-2 70B) those of
/// `../shared/sim-data`, cluster10 (LLaMA-1 30B) those of Helix's `model_manager/llama1_30b`.
///
/// `scripts/update-example-serving-profiles.sh` rewrites them: it runs this suite with
/// `LAYERFLOW_UPDATE_EXAMPLES=1`, and with `LAYERFLOW_LLAMA30B_SIM_DATA` pointing at the 30B
/// figures exported by `scripts/helix-model-manager-to-sim-data.py`.
struct ExampleServingProfileTests {
    static let examples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples")
    static let environment = ProcessInfo.processInfo.environment
    static let updating = environment["LAYERFLOW_UPDATE_EXAMPLES"] == "1"
    static let llama30BSimData = environment["LAYERFLOW_LLAMA30B_SIM_DATA"].map { URL(fileURLWithPath: $0) }

    static func load(_ name: String) throws -> Cluster {
        try ClusterFile.load(path: examples.appendingPathComponent(name).path).cluster
    }

    /// Checks (or, when updating, writes) that the example equals itself with `data` attached.
    static func check(_ name: String, carries data: HelixSimData) throws {
        let example = try load(name)
        let expected = try data.attach(to: example)
        if updating {
            var bytes = try NativeClusterFormat.encode(expected)
            bytes.append(UInt8(ascii: "\n"))
            try bytes.write(to: examples.appendingPathComponent(name), options: .atomic)
        }
        #expect(try load(name) == expected, "\(name) does not carry the figures; run scripts/update-example-serving-profiles.sh")
    }

    @Test(.enabled(if: HelixSimDataTests.simDataAvailable, HelixSimDataTests.simDataMissing))
    func single24CarriesExactlyTheSimDataFigures() throws {
        let data = try HelixSimData.load(directory: HelixSimDataTests.simData)
        // The KV capacities the example always had are Helix's kv_capacity_token_layers.
        let example = try Self.load("helix-single24-llama70b.json")
        #expect(example.gpuTypes.map(\.kvCacheTokenLayersByLayerCount) == data.gpus.map(\.kvCacheTokenLayersByLayerCount))
        try Self.check("helix-single24-llama70b.json", carries: data)
    }

    @Test(.enabled(if: llama30BSimData != nil, "set LAYERFLOW_LLAMA30B_SIM_DATA to Helix's exported LLaMA-1 30B figures"))
    func cluster10CarriesExactlyHelixsLLaMA30BFigures() throws {
        let data = try HelixSimData.load(directory: try #require(Self.llama30BSimData), model: "llama1_30b")
        let example = try Self.load("helix-cluster10-llama30b.json")
        #expect(example.gpuTypes.map(\.kvCacheTokenLayersByLayerCount) == data.gpus.map(\.kvCacheTokenLayersByLayerCount))
        try Self.check("helix-cluster10-llama30b.json", carries: data)
    }

    /// Figures read off Helix's `model_manager/llama1_30b/{l4,t4}` (commit 148b733), so the example
    /// is checked even where Helix's repository is not at hand.
    @Test func cluster10CarriesHelixsLLaMA30BFigures() throws {
        let cluster = try Self.load("helix-cluster10-llama30b.json")
        #expect(cluster.gpuTypes.map(\.name) == ["L4", "T4"])
        let l4 = try #require(cluster.gpuTypes[0].serving)
        let t4 = try #require(cluster.gpuTypes[1].serving)
        #expect(l4.promptLayerTimes.count == 40 && l4.promptLayerTimes.last == .init(batch: 9750, milliseconds: 203))
        #expect(l4.promptLayerTimes[1] == .init(batch: 250, milliseconds: 8))
        #expect(l4.decodeLayerTimes.count == 47 && l4.decodeLayerTimes[1] == .init(batch: 2, milliseconds: 4.5))
        #expect(l4.decodeLayerTimes.last == .init(batch: 500, milliseconds: 54))
        #expect(t4.promptLayerTimes.count == 31 && t4.promptLayerTimes.suffix(2).map(\.milliseconds) == [311, 308])
        #expect(t4.decodeLayerTimes.count == 45 && t4.decodeLayerTimes.last == .init(batch: 460, milliseconds: 54))
        #expect(l4.batchLimitsByLayerCount.map(\.decodeMaxSequences) == [360, 340, 210, 150, 110, 80, 60, 50, 40, 30, 25])
        #expect(t4.batchLimitsByLayerCount.map(\.decodeMaxSequences) == [300, 220, 130, 80, 60, 40, 30])
        #expect(l4.batchLimitsByLayerCount.allSatisfy { $0.promptMaxRequests == 3 })
        #expect(t4.batchLimitsByLayerCount.allSatisfy { $0.promptMaxRequests == 1 })
        // The KV capacities are unchanged: 16 × Helix's vllm_num_blocks × k.
        #expect(cluster.gpuTypes[0].kvCacheTokenLayersByLayerCount?.first == Double(16 * 41191))
        #expect(cluster.gpuTypes[1].kvCacheTokenLayersByLayerCount?.last == Double(16 * 1675 * 7))
    }

    @Test func bothExamplesCarryProfilesThatCoverTheirLimits() throws {
        for name in ["helix-single24-llama70b.json", "helix-cluster10-llama30b.json"] {
            for type in try Self.load(name).gpuTypes {
                let profile = try #require(type.serving, "\(name) \(type.name)")
                let limits = profile.batchLimitsByLayerCount
                #expect(limits.count == type.maxLayers)
                #expect(profile.diskBytesPerSecond == HelixSimData.helixDiskBytesPerSecond)
                #expect(limits.allSatisfy { $0.promptMaxTokens == 2048 * $0.promptMaxRequests })
                #expect(limits.allSatisfy { $0.decodeMaxContextTokens == 1000 * $0.decodeMaxSequences })
                #expect((profile.promptLayerTimes.last?.batch ?? 0) >= limits.map(\.promptMaxTokens).max() ?? .max, "\(name) \(type.name)")
                #expect((profile.decodeLayerTimes.last?.batch ?? 0) >= limits.map(\.decodeMaxSequences).max() ?? .max, "\(name) \(type.name)")
            }
        }
    }
}
