import Foundation
import LayerFlowTestSupport
import Testing

@Suite(.serialized)
struct CatalogCommandTests {
    @Test func listsGPUsAndModels() throws {
        let result = try CLIRunner.run(["catalog"])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["A100-40GB", "H100", "MI300X", "RTX4090", "LLaMA-2-70B", "Mixtral-8x7B", "meta-llama/Meta-Llama-3-8B"] {
            #expect(result.stdout.contains(name), "\(name)")
        }
    }

    @Test func jsonHasTheCatalogs() throws {
        let result = try CLIRunner.run(["catalog", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "layerflow-catalog/1")
        let gpus = try #require(object["gpus"] as? [[String: Any]])
        #expect(gpus.count >= 11)
        let models = try #require(object["models"] as? [[String: Any]])
        let config = try #require(models.first?["config"] as? [String: Any])
        #expect(config["num_hidden_layers"] as? Int == 32)
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason))
    func comparesTheEstimatorWithMeasuredTables() throws {
        let file = SharedData.instancesDirectory.appendingPathComponent("helix-single24-llama70b.json").path
        let result = try CLIRunner.run(["catalog", "--compare", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("| helix-single24-llama70b | T4 |"))
        #expect(result.stdout.contains("Every ratio lies within a factor of"))
    }

    @Test func comparingSomethingElseFails() throws {
        let result = try CLIRunner.run(["catalog", "--compare", "/nonexistent/instance.json"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("/nonexistent/instance.json"))
    }
}
