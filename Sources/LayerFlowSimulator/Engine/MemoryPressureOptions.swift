import LayerFlow

/// The dynamic memory-pressure policy of a simulation (issue 13): when the KV cache fills, fuse
/// data-parallel replicas into pipelines (a `DropPlan`), and restore them when the pressure passes,
/// as `PressureTrigger` decides. Off unless `SimulationOptions.memoryPressure` is set.
///
/// Why a separate type: the trigger thresholds, how often the engine looks, and the drop plan's
/// knobs belong together and are validated together, naming the field at fault.
public struct MemoryPressureOptions: Sendable, Hashable {
    /// KunServe's drop and restore conditions (0.95, 0.5, a window of 3 observations).
    public var policy = PressureTriggerPolicy()
    /// Simulated seconds between two observations the trigger sees.
    public var observationIntervalSeconds: Double = 1
    /// KV tokens the drop must free; nil: as many as fusing into pipelines of at most
    /// `maxPipelineDegree` stages can.
    public var extraKVTokens: Int?
    /// The deepest fused pipeline (as `DropOptions`: 4).
    public var maxPipelineDegree: Int = 4
    /// The drop is refused when its max flow falls below `(1 − maxThroughputLoss) ×` before.
    public var maxThroughputLoss: Double = 0.05

    public init() {}

    /// - Throws: `SimulationError.invalidParameter` naming the field out of range.
    /// - Complexity: O(1).
    func validate() throws(SimulationError) {
        do { try policy.validate() } catch {
            if case let .invalidOption(field, value, requirement) = error {
                throw .invalidParameter(name: "memoryPressure.policy.\(field)", value: "\(value)", expected: requirement)
            }
            throw .invalidParameter(name: "memoryPressure.policy", value: "invalid", expected: error.description)
        }
        guard observationIntervalSeconds.isFinite, observationIntervalSeconds > 0 else {
            throw .invalidParameter(
                name: "memoryPressure.observationIntervalSeconds", value: "\(observationIntervalSeconds)", expected: "a finite duration > 0")
        }
        if let extraKVTokens, extraKVTokens <= 0 {
            throw .invalidParameter(name: "memoryPressure.extraKVTokens", value: "\(extraKVTokens)", expected: "a number of tokens > 0")
        }
        guard maxPipelineDegree >= 2 else {
            throw .invalidParameter(name: "memoryPressure.maxPipelineDegree", value: "\(maxPipelineDegree)", expected: "≥ 2")
        }
        guard maxThroughputLoss.isFinite, maxThroughputLoss >= 0, maxThroughputLoss < 1 else {
            throw .invalidParameter(name: "memoryPressure.maxThroughputLoss", value: "\(maxThroughputLoss)", expected: "in [0, 1)")
        }
    }
}
