import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// `gpuTypes[].serving`: the rules `Cluster.init` checks, and the native format round trip.
struct ServingProfileValidationTests {
    static func profile(maxLayers: Int = 4) -> ServingProfile {
        ServingProfile(
            promptLayerTimes: [.init(batch: 0, milliseconds: 0), .init(batch: 250, milliseconds: 2), .init(batch: 500, milliseconds: 4.5)],
            decodeLayerTimes: [.init(batch: 0, milliseconds: 0), .init(batch: 2, milliseconds: 1.4), .init(batch: 4, milliseconds: 1.5)],
            batchLimitsByLayerCount: (1...maxLayers).map { k in
                .init(promptMaxRequests: 1, promptMaxTokens: 500, decodeMaxSequences: 5 - k, decodeMaxContextTokens: 1000 * (5 - k))
            },
            diskBytesPerSecond: 1e9)
    }

    /// The small fixture with `profile` on its `small` GPU type (maxLayers 4).
    static func cluster(with profile: ServingProfile?) throws -> Cluster {
        let base = try ClusterFixtures.small()
        var types = base.gpuTypes
        types[1].serving = profile
        return try Cluster(
            name: base.name, model: base.model, gpuTypes: types, nodes: base.nodes, links: base.links,
            coordinator: base.coordinator, bandwidthConvention: base.bandwidthConvention)
    }

    static func rejection(_ change: (inout ServingProfile) -> Void) -> ClusterError? {
        var profile = Self.profile()
        change(&profile)
        do {
            _ = try cluster(with: profile)
            return nil
        } catch {
            return error as? ClusterError
        }
    }

    @Test func aValidProfileIsKept() throws {
        let cluster = try Self.cluster(with: Self.profile())
        #expect(cluster.gpuTypes[1].serving == Self.profile())
        #expect(cluster.gpuTypes[0].serving == nil)
        #expect(Self.profile().batchLimits(layers: 4)?.decodeMaxSequences == 1)
        #expect(Self.profile().batchLimits(layers: 5) == nil)
    }

    @Test func eachRuleNamesTheGPUTypeTheFieldAndTheRule() {
        func error(_ field: String, _ value: Double, _ rule: ServingProfileRule) -> ClusterError {
            .invalidServingProfile(gpuType: "small", field: field, value: value, rule: rule)
        }
        #expect(Self.rejection { $0.promptLayerTimes.removeLast(2) } == error("promptLayerTimes", 1, .curveHasTwoPoints))
        #expect(Self.rejection { $0.decodeLayerTimes = [] } == error("decodeLayerTimes", 0, .curveHasTwoPoints))
        #expect(Self.rejection { $0.decodeLayerTimes[0].batch = 1 } == error("decodeLayerTimes[0].batch", 1, .curveStartsAtZero))
        #expect(Self.rejection { $0.promptLayerTimes[2].batch = 250 } == error("promptLayerTimes[2].batch", 250, .batchesAscend))
        #expect(Self.rejection { $0.decodeLayerTimes[2].batch = 1 } == error("decodeLayerTimes[2].batch", 1, .batchesAscend))
        #expect(Self.rejection { $0.decodeLayerTimes[1].milliseconds = -0.5 }
            == error("decodeLayerTimes[1].milliseconds", -0.5, .millisecondsFiniteNonNegative))
        #expect(Self.rejection { $0.promptLayerTimes[2].milliseconds = .infinity }
            == error("promptLayerTimes[2].milliseconds", .infinity, .millisecondsFiniteNonNegative))
        #expect(Self.rejection { $0.batchLimitsByLayerCount[2].promptMaxTokens = 0 }
            == error("batchLimitsByLayerCount[2].promptMaxTokens", 0, .limitAtLeastOne))
        #expect(Self.rejection { $0.batchLimitsByLayerCount[0].promptMaxRequests = -1 }
            == error("batchLimitsByLayerCount[0].promptMaxRequests", -1, .limitAtLeastOne))
        #expect(Self.rejection { $0.batchLimitsByLayerCount[3].decodeMaxSequences = 0 }
            == error("batchLimitsByLayerCount[3].decodeMaxSequences", 0, .limitAtLeastOne))
        #expect(Self.rejection { $0.batchLimitsByLayerCount[1].decodeMaxContextTokens = 0 }
            == error("batchLimitsByLayerCount[1].decodeMaxContextTokens", 0, .limitAtLeastOne))
        #expect(Self.rejection { $0.diskBytesPerSecond = 0 } == error("diskBytesPerSecond", 0, .diskSpeedPositive))
        #expect(Self.rejection { $0.diskBytesPerSecond = .nan }?.description.contains("diskBytesPerSecond") == true)
        #expect(Self.rejection { $0.batchLimitsByLayerCount.removeLast() } == .tableLengthMismatch(
            gpuType: "small", field: "serving.batchLimitsByLayerCount", expected: 4, actual: 3))
        // Measured curves need not be monotone (Helix's A100 decode row at 100 is above the one at 120).
        #expect(Self.rejection { $0.decodeLayerTimes[2].milliseconds = 1 } == nil)
        #expect(Self.rejection { $0.diskBytesPerSecond = nil } == nil)
    }

    @Test func messagesReadAsTheyShould() {
        let error = ClusterError.invalidServingProfile(
            gpuType: "T4", field: "decodeLayerTimes[3].batch", value: 4, rule: .batchesAscend)
        #expect(error.description == "GPU type 'T4' serving.decodeLayerTimes[3].batch: 4.0 is invalid; batches must be strictly ascending")
    }

    @Test func theNativeFormatRoundTripsProfilesWithSortedKeys() throws {
        let cluster = try Self.cluster(with: Self.profile())
        let data = try NativeClusterFormat.encode(cluster)
        let decoded = try NativeClusterFormat.decode(data)
        #expect(decoded == cluster)
        #expect(try NativeClusterFormat.encode(decoded) == data)
        let text = String(decoding: data, as: UTF8.self)
        // Keys sorted inside the profile, and `serving` in its sorted place among the GPU type's keys.
        let order = ["\"batchLimitsByLayerCount\"", "\"decodeLayerTimes\"", "\"diskBytesPerSecond\"", "\"promptLayerTimes\""]
        let positions = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted())
        let limitsKeys = ["\"decodeMaxContextTokens\"", "\"decodeMaxSequences\"", "\"promptMaxRequests\"", "\"promptMaxTokens\""]
        let limitPositions = limitsKeys.compactMap { text.range(of: $0)?.lowerBound }
        #expect(limitPositions.count == limitsKeys.count && limitPositions == limitPositions.sorted())
        let around = ["\"nicOutBytesPerSecond\"", "\"serving\"", "\"throughputTokensPerSecondByLayerCount\""].map { key in
            text.ranges(of: key).last?.lowerBound
        }
        #expect(around.allSatisfy { $0 != nil } && around.compactMap { $0 } == around.compactMap { $0 }.sorted())
        // A type without a profile writes no key, so files without profiles read and write as before.
        #expect(text.ranges(of: "\"serving\"").count == 1)
    }

    @Test func malformedProfilesInAFileNameTheirPath() throws {
        var object = try #require(
            try JSONSerialization.jsonObject(with: NativeClusterFormat.encode(Self.cluster(with: Self.profile()))) as? [String: Any])
        var types = try #require(object["gpuTypes"] as? [[String: Any]])
        var serving = try #require(types[1]["serving"] as? [String: Any])
        serving.removeValue(forKey: "decodeLayerTimes")
        types[1]["serving"] = serving
        object["gpuTypes"] = types
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: FormatError.missingField(field: "gpuTypes[1].serving.decodeLayerTimes")) {
            try NativeClusterFormat.decode(data)
        }
        serving["decodeLayerTimes"] = [["batch": 0, "milliseconds": 0], ["batch": 2, "milliseconds": -1]]
        types[1]["serving"] = serving
        object["gpuTypes"] = types
        #expect(throws: ClusterError.invalidServingProfile(
            gpuType: "small", field: "decodeLayerTimes[1].milliseconds", value: -1, rule: .millisecondsFiniteNonNegative)) {
            try NativeClusterFormat.decode(try JSONSerialization.data(withJSONObject: object))
        }
    }
}
