import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// `HelixSimData`: reading Helix's simulator inputs (`../shared/sim-data` layout) and attaching them.
struct HelixSimDataTests {
    static let profiles = """
        gpu,phase,batch_tokens,layer_time_ms
        G,prompt,0,0
        G,prompt,500,4.5
        G,prompt,250,2
        G,decode,0,0
        G,decode,2,1.4
        G,decode,4,1.5

        """
    static let settings = """
        gpu,layers_on_node,max_layers_on_node,vllm_num_blocks,kv_capacity_token_layers,prompt_max_requests,prompt_max_tokens,decode_max_tokens,decode_max_context_tokens
        G,2,2,4,128,1,2048,200,200000
        G,1,2,10,160,3,6144,300,300000
        """

    static func parse(profiles: String = profiles, settings: String = settings) throws -> HelixSimData {
        try HelixSimData.parse(
            layerTimeProfiles: profiles, gpuLayerSettings: settings, profilesFile: "p.csv", settingsFile: "s.csv")
    }

    static func failure(profiles: String = profiles, settings: String = settings) -> HelixSimDataError? {
        do {
            _ = try parse(profiles: profiles, settings: settings)
            return nil
        } catch {
            return error as? HelixSimDataError
        }
    }

    @Test func parsesCurvesLimitsAndKVInLayerOrder() throws {
        let data = try Self.parse()
        let gpu = try #require(data["G"])
        #expect(data.gpus.map(\.name) == ["G"])
        #expect(gpu.maxLayers == 2)
        #expect(gpu.serving.promptLayerTimes == [.init(batch: 0, milliseconds: 0), .init(batch: 250, milliseconds: 2), .init(batch: 500, milliseconds: 4.5)])
        #expect(gpu.serving.decodeLayerTimes.map(\.milliseconds) == [0, 1.4, 1.5])
        #expect(gpu.serving.batchLimitsByLayerCount == [
            .init(promptMaxRequests: 3, promptMaxTokens: 6144, decodeMaxSequences: 300, decodeMaxContextTokens: 300000),
            .init(promptMaxRequests: 1, promptMaxTokens: 2048, decodeMaxSequences: 200, decodeMaxContextTokens: 200000),
        ])
        #expect(gpu.kvCacheTokenLayersByLayerCount == [160, 128])
        #expect(gpu.serving.diskBytesPerSecond == 1e9)
        #expect(data["H"] == nil)
    }

    @Test func toleratesAByteOrderMarkCRLFAndSpaces() throws {
        let profiles = "\u{FEFF}" + Self.profiles.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: ",", with: " , ")
        let settings = "\u{FEFF}" + Self.settings.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n\r\n"
        #expect(try Self.parse(profiles: profiles, settings: settings) == Self.parse())
    }

    @Test func rowErrorsNameLineAndColumn() {
        #expect(Self.failure(profiles: Self.profiles.replacingOccurrences(of: "G,decode,2,1.4", with: "G,decode,2"))
            == .fieldCount(file: "p.csv", line: 6, column: 4, expected: 4, found: 3))
        #expect(Self.failure(profiles: Self.profiles.replacingOccurrences(of: "G,decode,2,1.4", with: "G,decode,2,1.4,9"))
            == .fieldCount(file: "p.csv", line: 6, column: 5, expected: 4, found: 5))
        #expect(Self.failure(profiles: Self.profiles.replacingOccurrences(of: "G,prompt,250,2", with: "G,prompt,2.5e2,2"))
            == .invalidValue(file: "p.csv", line: 4, column: 3, name: "batch_tokens", value: "2.5e2", expected: "an integer >= 0"))
        #expect(Self.failure(profiles: Self.profiles.replacingOccurrences(of: "G,decode,4,1.5", with: "G,decode,4,-1.5"))
            == .invalidValue(file: "p.csv", line: 7, column: 4, name: "layer_time_ms", value: "-1.5", expected: "a finite number >= 0"))
        #expect(Self.failure(profiles: Self.profiles.replacingOccurrences(of: "G,prompt,250", with: "G,prefill,250"))
            == .invalidValue(file: "p.csv", line: 4, column: 2, name: "phase", value: "prefill", expected: "prompt or decode"))
        #expect(Self.failure(profiles: Self.profiles.replacingOccurrences(of: "G,decode,4,1.5", with: "G,decode,2,1.5"))
            == .duplicateRow(file: "p.csv", line: 7, column: 3, key: "G decode batch 2", firstLine: 6))
        #expect(Self.failure(settings: Self.settings.replacingOccurrences(of: "G,1,2,10,160,3", with: "G,1,2,10,160,0"))
            == .invalidValue(file: "s.csv", line: 3, column: 6, name: "prompt_max_requests", value: "0", expected: "an integer >= 1"))
        #expect(Self.failure(settings: Self.settings.replacingOccurrences(of: "G,1,2,10", with: "G,2,2,10"))
            == .duplicateRow(file: "s.csv", line: 3, column: 2, key: "G with 2 layers", firstLine: 2))
        #expect(Self.failure(settings: Self.settings.replacingOccurrences(of: "G,1,2,10", with: "G,3,2,10"))
            == .invalidValue(file: "s.csv", line: 3, column: 2, name: "layers_on_node", value: "3", expected: "at most max_layers_on_node = 2"))
        #expect(Self.failure(profiles: "gpu,phase,batch,layer_time_ms\n") == .missingColumn(file: "p.csv", column: "batch_tokens"))
        #expect(Self.failure(profiles: "\n\r\n") == .missingColumn(file: "p.csv", column: ""))
        #expect(HelixSimDataError.fieldCount(file: "p.csv", line: 6, column: 4, expected: 4, found: 3).description
            == "p.csv:6:4: 3 fields, expected 4 as in the header")
    }

    @Test func contradictoryFiguresAreRefused() {
        #expect(Self.failure(settings: Self.settings.replacingOccurrences(of: "G,1,2,10", with: "G,1,3,10"))
            == .inconsistent(file: "s.csv", line: 3, column: 3, message: "max_layers_on_node of 'G' is 3 here but 2 on earlier rows"))
        let kv = Self.failure(settings: Self.settings.replacingOccurrences(of: "10,160", with: "10,161"))
        #expect(kv == .inconsistent(
            file: "s.csv", line: 3, column: 5, message: "kv_capacity_token_layers 161 is not 16 × vllm_num_blocks × layers = 160"))
        #expect(Self.failure(settings: Self.settings.replacingOccurrences(of: "\nG,1,2,10,160,3,6144,300,300000", with: ""))
            == .incompleteGPU(file: "s.csv", gpu: "G", missing: "row for 1 layers"))
        #expect(Self.failure(profiles: Self.profiles.replacingOccurrences(of: "G,decode", with: "H,decode"))
            == .incompleteGPU(file: "s.csv", gpu: "H", missing: "settings rows"))
        #expect(Self.failure(profiles: Self.profiles + "H,prompt,0,0\n", settings: Self.settings + "\nH,1,1,1,16,1,1,1,1")
            == .incompleteGPU(file: "p.csv", gpu: "H", missing: "decode curve"))
        // Without vllm_num_blocks the capacity is taken as given.
        let noBlocks = Self.settings
            .replacingOccurrences(of: "vllm_num_blocks,", with: "").replacingOccurrences(of: ",4,128,", with: ",129,")
            .replacingOccurrences(of: ",10,160,", with: ",160,")
        #expect(Self.failure(settings: noBlocks) == nil)
    }

    @Test func curvesBreakingTheProfileRulesAreClusterErrors() {
        #expect(throws: ClusterError.invalidServingProfile(
            gpuType: "G", field: "promptLayerTimes[0].batch", value: 250, rule: .curveStartsAtZero)) {
            try Self.parse(profiles: Self.profiles.replacingOccurrences(of: "G,prompt,0,0\n", with: ""))
        }
    }

    @Test func attachingNeedsAProfileAndTheSameLayerCountForEveryType() throws {
        let data = try Self.parse(
            profiles: Self.profiles.replacingOccurrences(of: "G,", with: "small,"),
            settings: Self.settings.replacingOccurrences(of: "G,", with: "small,"))
        let cluster = try ClusterFixtures.small()
        #expect(throws: HelixSimDataError.noProfile(gpuType: "big", available: ["small"])) { try data.attach(to: cluster) }
        #expect(HelixSimDataError.noProfile(gpuType: "big", available: ["small"]).description
            == "GPU type 'big' has no serving profile in the data; profiled: small")

        var types = cluster.gpuTypes
        types.removeFirst()
        let onlySmall = try Cluster(
            name: cluster.name, model: cluster.model, gpuTypes: types, nodes: cluster.nodes.filter { $0.type == "small" },
            links: cluster.links.filter { link in ![link.from, link.to].contains { $0.nodeID.map { ["n0", "n2"].contains($0) } ?? false } },
            coordinator: cluster.coordinator, bandwidthConvention: cluster.bandwidthConvention)
        #expect(throws: HelixSimDataError.layerCountMismatch(gpuType: "small", maxLayers: 4, profiledLayers: 2)) {
            try data.attach(to: onlySmall)
        }
    }

    // MARK: - The shared sim-data files

    static let simData = SharedData.directory.appendingPathComponent("sim-data")
    static let simDataAvailable = FileManager.default.fileExists(
        atPath: simData.appendingPathComponent("llama2_70b_layer_time_profiles.csv").path)
    static let simDataMissing: Comment = "../shared/sim-data is not beside the package (set LAYERFLOW_SHARED to point at it)"

    @Test(.enabled(if: simDataAvailable, simDataMissing))
    func readsHelixsLLaMA70BFigures() throws {
        let data = try HelixSimData.load(directory: Self.simData)
        #expect(data.gpus.map(\.name) == ["A100", "L4", "T4"])
        #expect(data.gpus.map(\.maxLayers) == [12, 7, 4])
        #expect(data.gpus.map(\.serving.promptLayerTimes.count) == [46, 31, 31])
        #expect(data.gpus.map(\.serving.decodeLayerTimes.count) == [62, 47, 47])
        let a100 = try #require(data["A100"])
        #expect(a100.serving.promptLayerTimes.last?.batch == 11250)
        #expect(a100.serving.decodeLayerTimes.last?.batch == 800)
        // Helix's decode row at 100 is above the one at 120; the import keeps it.
        let decode = Dictionary(uniqueKeysWithValues: a100.serving.decodeLayerTimes.map { ($0.batch, $0.milliseconds) })
        #expect(decode[100] == 2.5 && decode[120] == 2)
        #expect(a100.serving.batchLimitsByLayerCount.map(\.decodeMaxSequences).suffix(3) == [450, 380, 300])
        #expect(a100.serving.batchLimitsByLayerCount.allSatisfy { $0.promptMaxRequests == 3 && $0.promptMaxTokens == 6144 })
        #expect(a100.kvCacheTokenLayersByLayerCount.first == 7973216)
        #expect(try #require(data["T4"]).kvCacheTokenLayersByLayerCount.last == 1124224)
        for gpu in data.gpus {
            let limits = gpu.serving.batchLimitsByLayerCount
            #expect(limits.allSatisfy { $0.decodeMaxContextTokens == 1000 * $0.decodeMaxSequences && $0.promptMaxTokens == 2048 * $0.promptMaxRequests })
            // Every batch the limits allow can be looked up (Helix asserts beyond the last point).
            #expect((gpu.serving.promptLayerTimes.last?.batch ?? 0) >= limits.map(\.promptMaxTokens).max() ?? .max)
            #expect((gpu.serving.decodeLayerTimes.last?.batch ?? 0) >= limits.map(\.decodeMaxSequences).max() ?? .max)
        }
    }

    /// Helix's static throughput model (`get_typical_token_throughput`) on the imported curves and
    /// the file's typical batches gives back its `typical_throughput_tokens_per_s`: the figures are
    /// the ones Helix computes with.
    @Test(.enabled(if: simDataAvailable, simDataMissing))
    func theCurvesGiveBackHelixsTypicalThroughput() throws {
        let data = try HelixSimData.load(directory: Self.simData)
        let text = String(decoding: try Data(contentsOf: Self.simData.appendingPathComponent("llama2_70b_gpu_layer_settings.csv")), as: UTF8.self)
        let table = try CSVTable.parse(text, file: "settings")
        let columns = try ["gpu", "layers_on_node", "typical_prompt_requests", "typical_prompt_tokens", "typical_decode_tokens",
                           "typical_throughput_tokens_per_s"].map(table.column)
        #expect(table.rows.count == 23)
        for row in table.rows {
            let f = columns.map { row.fields[$0] }
            let serving = try #require(data[f[0]]).serving
            let (k, requests, prompt, decode, expected) = (
                try #require(Double(f[1])), try #require(Double(f[2])), try #require(Double(f[3])), try #require(Double(f[4])),
                try #require(Double(f[5])))
            let scale = requests >= 1 ? 1 : 1 / requests
            let promptSeconds = try #require(ServingProfile.interpolate(serving.promptLayerTimes, at: (prompt * scale).rounded(.towardZero))) / 1000
            let decodeSeconds = try #require(ServingProfile.interpolate(serving.decodeLayerTimes, at: decode)) / 1000
            let throughput = scale * (prompt + decode) / (k * (promptSeconds + decodeSeconds * scale))
            #expect(relativeDifference(throughput, expected) < 1e-9, "\(f[0]) k=\(f[1]): \(throughput) vs \(expected)")
        }
    }
}
