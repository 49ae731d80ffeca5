import ArgumentParser
@testable import LayerFlowCLI
import LayerFlow
import Testing

/// The options group `plan` takes instead of a cluster file.
struct QuickClusterOptionsTests {
    @Test func absentOptionsMeanNoCluster() throws {
        #expect(try QuickClusterOptions.parse([]).cluster() == nil)
    }

    @Test func modelAndGPUsMakeAnEstimatedCluster() throws {
        let options = try QuickClusterOptions.parse(["--model", "llama-2-70b", "--gpus", "4xA100,8xL4,12xT4", "--network", "1Gbps"])
        let cluster = try #require(try options.cluster())
        #expect(cluster.nodes.count == 24)
        #expect(cluster.model.name == "LLaMA-2-70B")
        let lan = 1e9 / 8
        #expect(cluster.links.allSatisfy { $0.bandwidthBytesPerSecond == lan })
    }

    @Test func regionsAndWAN() throws {
        let options = try QuickClusterOptions.parse([
            "--model", "llama-3-8b", "--regions", "us:2xH100;eu:2xL40S", "--network", "100Gbps", "--wan", "1Gbps",
        ])
        let cluster = try #require(try options.cluster())
        let regions = Set(cluster.nodes.compactMap(\.region))
        #expect(regions == Set(["us", "eu"]))
        let speeds = Set(cluster.links.map(\.bandwidthBytesPerSecond))
        let expected: Set<Double> = [100e9 / 8, 1e9 / 8]
        #expect(speeds == expected)
    }

    @Test func halfADescriptionIsAUsageError() throws {
        #expect(throws: ValidationError.self) { try QuickClusterOptions.parse(["--gpus", "4xA100"]).cluster() }
        #expect(throws: ValidationError.self) { try QuickClusterOptions.parse(["--model", "llama-2-70b"]).cluster() }
        let error = try #require(throws: ValidationError.self) {
            try QuickClusterOptions.parse(["--model", "llama-2-70b", "--gpus", "4xZ9"]).cluster()
        }
        #expect(error.message.hasPrefix("unknown GPU 'Z9'"))
    }
}
