/// How the simulator routes, batches and accounts; the defaults reproduce Helix's simulator.
public struct SimulationOptions: Sendable, Hashable {
    /// Who picks each query's route.
    public enum Routing: String, Sendable, Hashable, Codable, CaseIterable {
        /// Helix's MaxFlow scheduler: per-hop interleaved weighted round robin over the max-flow
        /// link flows, with its masks and expected-KV admission (HELIX-SIMULATOR.md §6).
        case helixMaxFlow = "helix-maxflow"
        /// LayerFlow's own `Scheduler`: whole routes by smooth weighted round robin over the flow
        /// paths, with KV reservations.
        case layerFlow = "layerflow"
    }

    /// How a node turns queued work into batches.
    public enum Execution: String, Sendable, Hashable, Codable, CaseIterable {
        /// Helix: one layer at a time, a batch re-formed at every layer, a pointer cycling over
        /// the node's layers.
        case layerByLayer = "layer-by-layer"
        /// A batch runs through all of the node's layers at once (as a real runtime does); its time
        /// is the sum of its layer times.
        case wholeStage = "whole-stage"
    }

    public var routing: Routing = .helixMaxFlow
    public var execution: Execution = .layerByLayer
    /// Expected-KV admission: a node accepts a prompt only while its expected free KV after the
    /// reservation stays at least `(1 − expectedKVHighWaterMark) × capacity`.
    public var expectedKVHighWaterMark: Double = 0.85
    /// A query's expected KV is `input + averageOutputTokens × expectedOutputLengthRatio` per layer.
    public var expectedOutputLengthRatio: Double = 1
    /// Helix's `AVG_OUTPUT_LEN`.
    public var averageOutputTokens: Int = 240
    /// Seconds of CPU work per received activation byte, added to a node's first-layer batch
    /// (Helix: concatenation at 4e9 B/s plus host-to-device transfer at 5e9 B/s).
    public var firstLayerOverheadSecondsPerByte: Double = 1 / 4e9 + 1 / 5e9
    /// Multiplier on the decode time of a batch holding exactly one decode (Helix: 2).
    public var singleDecodeMultiplier: Double = 2
    /// Weight-loading speed for GPU types whose profile gives none, bytes per second (Helix: 1e9).
    public var defaultDiskBytesPerSecond: Double = 1e9
    /// Width of the report's time-series buckets.
    public var timeSeriesIntervalSeconds: Double = 10
    /// The dynamic memory-pressure policy (fuse replicas under KV pressure, restore after); nil,
    /// the default, keeps the placement fixed for the whole run. Needs `.layerFlow` routing.
    public var memoryPressure: MemoryPressureOptions?

    public init() {}

    /// Helix's offline example: expected-KV high-water mark 0.85, output ratio 1.
    public static var helixOffline: SimulationOptions { SimulationOptions() }

    /// Helix's online example: expected-KV high-water mark 0.9, output ratio 0.6.
    public static var helixOnline: SimulationOptions {
        var options = SimulationOptions()
        options.expectedKVHighWaterMark = 0.9
        options.expectedOutputLengthRatio = 0.6
        return options
    }
}
