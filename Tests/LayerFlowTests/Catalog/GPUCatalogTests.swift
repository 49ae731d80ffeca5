import LayerFlow
import Testing

struct GPUCatalogTests {
    @Test func everyRequiredGPUIsThereWithPlausibleFigures() throws {
        for name in ["A100-40GB", "A100-80GB", "H100", "H200", "L4", "L40S", "T4", "V100", "A10G", "RTX4090", "MI300X"] {
            let spec = try GPUCatalog.spec(named: name)
            #expect(spec.name == name)
            #expect(spec.vramBytes >= 16 * 1_073_741_824)
            #expect(spec.memoryBandwidthBytesPerSecond >= 300e9)
            #expect(spec.denseHalfPrecisionFLOPS >= 65e12)
            #expect(!spec.source.isEmpty)
        }
        #expect(GPUCatalog.all.count == Set(GPUCatalog.all.map(\.name)).count)
    }

    @Test func aliasesIgnoreCaseAndPunctuation() throws {
        #expect(try GPUCatalog.spec(named: "A100").name == "A100-40GB")
        #expect(try GPUCatalog.spec(named: "a100_80gb").name == "A100-80GB")
        #expect(try GPUCatalog.spec(named: "rtx 4090").name == "RTX4090")
        #expect(try GPUCatalog.spec(named: "mi300x").name == "MI300X")
    }

    @Test func gangedServersAddUp() throws {
        let t4 = try GPUCatalog.spec(named: "T4")
        let pair = try GPUCatalog.spec(named: "T4x2")
        #expect(pair.name == "T4x2")
        #expect(pair.vramBytes == 2 * t4.vramBytes)
        #expect(pair.memoryBandwidthBytesPerSecond == 2 * t4.memoryBandwidthBytesPerSecond)
        #expect(pair.typicalNICBytesPerSecond == t4.typicalNICBytesPerSecond)
    }

    @Test func unknownNamesListTheKnownOnes() throws {
        let error = try #require(throws: CatalogError.self) { try GPUCatalog.spec(named: "B200") }
        #expect(error.description.hasPrefix("unknown GPU 'B200'; known: A100-40GB, A100-80GB"))
    }
}
