import LayerFlow
import LayerFlowTestSupport
import Testing

struct ThroughputEstimatorTests {
    let llama70b: ModelConfig
    let estimator = ThroughputEstimator()

    init() throws {
        llama70b = try ModelCatalog.entry(named: "llama-2-70b").config
    }

    @Test func maxLayersIsWhatFitsWithOneSequenceOfCache() throws {
        let a100 = try GPUCatalog.spec(named: "A100")
        let layers = estimator.maxLayers(gpu: a100, model: llama70b)
        #expect(layers > 0)
        #expect(estimator.estimate(gpu: a100, model: llama70b, layers: layers, share: 0.1) != nil)
        #expect(estimator.estimate(gpu: a100, model: llama70b, layers: layers + 1, share: 0.1) == nil)
        // Memory left at the limit holds one 990-token sequence per layer, but not one layer more.
        let free = estimator.freeBytes(a100, model: llama70b, layers: layers)
        #expect(free >= Double(layers) * 990 * llama70b.kvCacheBytesPerTokenPerLayer)
        // A 192 GiB MI300X holds all 80 layers.
        #expect(estimator.maxLayers(gpu: try GPUCatalog.spec(named: "MI300X"), model: llama70b) == 80)
    }

    @Test func moreLayersMeanFewerTokensPerSecond() throws {
        for gpu in GPUCatalog.all {
            let table = try estimator.gpuTypes(model: llama70b, composition: [.init(gpu: gpu, count: 4)])[0]
            let values = table.throughputTokensPerSecondByLayerCount
            for (a, b) in zip(values, values.dropFirst()) { #expect(b < a, "\(gpu.name)") }
        }
    }

    @Test func fasterGPUsEstimateFaster() throws {
        func oneLayer(_ name: String) throws -> Double {
            try #require(estimator.estimate(gpu: try GPUCatalog.spec(named: name), model: llama70b, layers: 1, share: 1.0 / 80))
                .tokensPerSecond
        }
        #expect(try oneLayer("H100") > oneLayer("A100-80GB"))
        #expect(try oneLayer("A100-80GB") > oneLayer("L4"))
        #expect(try oneLayer("L4") > 0)
    }

    @Test func theRooflineIsAnUpperBoundOfTheCalibratedEstimate() throws {
        let roofline = ThroughputEstimator(assumptions: .roofline)
        let gpu = try GPUCatalog.spec(named: "L40S")
        for k in 1...5 {
            let calibrated = try #require(estimator.estimate(gpu: gpu, model: llama70b, layers: k, share: Double(k) / 80))
            let bound = try #require(roofline.estimate(gpu: gpu, model: llama70b, layers: k, share: Double(k) / 80))
            #expect(abs(bound.tokensPerSecond / calibrated.tokensPerSecond - 1 / 0.6) < 1e-9)
        }
    }

    @Test func aBiggerShareOfTheRoundTripMeansABiggerBatch() throws {
        let gpu = try GPUCatalog.spec(named: "A100-80GB")
        let small = try #require(estimator.estimate(gpu: gpu, model: llama70b, layers: 4, share: 0.01))
        let large = try #require(estimator.estimate(gpu: gpu, model: llama70b, layers: 4, share: 0.2))
        #expect(large.decodeBatch > small.decodeBatch)
        #expect(large.tokensPerSecond > small.tokensPerSecond)
        #expect(small.decodeIsMemoryBound)
    }

    @Test func aModelTooBigForTheGPUIsATypedError() throws {
        let huge = try ModelConfig(
            name: "huge", numHiddenLayers: 2, hiddenSize: 65536, numAttentionHeads: 64, intermediateSize: 262144, vocabSize: 100)
        let error = try #require(throws: EstimationError.self) {
            try estimator.gpuTypes(model: huge, composition: [.init(gpu: try GPUCatalog.spec(named: "T4"), count: 1)])
        }
        #expect(error.description.contains("does not fit"))
        var bad = EstimatorAssumptions()
        bad.kvCacheOccupancy = 0
        #expect(throws: EstimationError.invalidAssumption(field: "kvCacheOccupancy", value: 0, requirement: "must be finite and > 0")) {
            try ThroughputEstimator(assumptions: bad).validate()
        }
    }
}

/// The estimator against Helix's measured tables, the numbers quoted in docs/Guides/Estimator.md.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason))
struct EstimatorComparisonTests {
    @Test func everySharedGPUTypeIsWithinTheStatedFactor() throws {
        var rows: [EstimatorComparison.Row] = []
        for name in SharedData.instanceNames { rows += try EstimatorComparison.compare(try SharedData.instance(name)) }
        #expect(rows.count == 12 + 7 + 4 + 11 + 7 + 18 + 11 + 7)
        // The guide states: within a factor of 1.9 calibrated (1.86 measured), 2.1 for the roofline.
        #expect(EstimatorComparison.factor(rows) <= 1.9)
        let roofline = try SharedData.instanceNames.flatMap {
            try EstimatorComparison.compare(try SharedData.instance($0), estimator: ThroughputEstimator(assumptions: .roofline))
        }
        #expect(EstimatorComparison.factor(roofline) <= 2.1)
        // Without the entries whose measured decode batch rounds to one token (see the guide), 1.3.
        let regular = rows.filter { !($0.model == "LLaMA-1-30B" && $0.gpuType != "A100" && $0.layers >= ($0.gpuType == "T4" ? 5 : 10)) }
        #expect(EstimatorComparison.factor(regular) <= 1.3)
        #expect(EstimatorComparison.markdown(rows).contains("| helix-single24-llama70b | A100 |"))
    }
}
