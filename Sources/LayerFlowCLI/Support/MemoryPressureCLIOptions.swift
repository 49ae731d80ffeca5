import ArgumentParser
import LayerFlow
import LayerFlowSimulator

/// `simulate`'s options for the dynamic memory-pressure policy (issue 13) and the KV reservation
/// it observes: off by default, `--memory-pressure kunserve` turns it on.
struct MemoryPressureCLIOptions: ParsableArguments {
    enum Policy: String, ExpressibleByArgument, CaseIterable {
        case off, kunserve
    }

    @Option(help: ArgumentHelp("off (default) or kunserve: under KV pressure fuse replicas into pipelines, restore them after (needs --routing layerflow).", valueName: "policy"))
    var memoryPressure: Policy = .off

    @Option(help: ArgumentHelp("With --memory-pressure: drop when KV use reaches this fraction (default 0.95).", valueName: "f"))
    var pressureDropUsage: Double?

    @Option(help: ArgumentHelp("With --memory-pressure: restore when KV use is at most this fraction (default 0.5).", valueName: "f"))
    var pressureRestoreUsage: Double?

    @Option(help: ArgumentHelp("With --memory-pressure: observations over which use must fall before a restore (default 3).", valueName: "n"))
    var pressureRestoreWindow: Int?

    @Option(help: ArgumentHelp("With --memory-pressure: seconds between observations (default 1).", valueName: "s"))
    var pressureInterval: Double?

    @Option(help: ArgumentHelp("With --memory-pressure: KV tokens the drop frees (default: all that --pressure-max-degree allows).", valueName: "tokens"))
    var pressureExtraKVTokens: Int?

    @Option(help: ArgumentHelp("With --memory-pressure: the deepest fused pipeline (default 4).", valueName: "g"))
    var pressureMaxDegree: Int?

    @Option(help: ArgumentHelp("Output tokens LayerFlow's scheduler reserves per request (default: Helix's 240 × output ratio).", valueName: "tokens"))
    var expectedOutputTokens: Int?

    @Option(help: ArgumentHelp("Fraction of a node's KV the scheduler lets reservations fill (default: Helix's 0.85 offline, 0.9 online).", valueName: "f"))
    var kvHighWaterMark: Double?

    /// Threshold options without the policy, and values out of range, named as typed.
    func validate() throws {
        if memoryPressure == .off {
            let given: [(Bool, String)] = [
                (pressureDropUsage != nil, "--pressure-drop-usage"), (pressureRestoreUsage != nil, "--pressure-restore-usage"),
                (pressureRestoreWindow != nil, "--pressure-restore-window"), (pressureInterval != nil, "--pressure-interval"),
                (pressureExtraKVTokens != nil, "--pressure-extra-kv-tokens"), (pressureMaxDegree != nil, "--pressure-max-degree")]
            for (isGiven, name) in given where isGiven {
                throw ValidationError("\(name) needs --memory-pressure kunserve")
            }
        }
        if let expectedOutputTokens, expectedOutputTokens < 0 {
            throw ValidationError("--expected-output-tokens must be a number of tokens ≥ 0, got \(expectedOutputTokens)")
        }
        if let kvHighWaterMark, !(kvHighWaterMark > 0 && kvHighWaterMark <= 1) {
            throw ValidationError("--kv-high-water-mark must be in (0, 1], got \(kvHighWaterMark)")
        }
    }

    /// `options` with the reservation knobs and the policy applied (the simulator validates the
    /// policy's values and names the field at fault).
    func apply(to options: inout SimulationOptions) {
        if let expectedOutputTokens {
            options.averageOutputTokens = expectedOutputTokens
            options.expectedOutputLengthRatio = 1
        }
        if let kvHighWaterMark { options.expectedKVHighWaterMark = kvHighWaterMark }
        guard memoryPressure == .kunserve else { return }
        var pressure = MemoryPressureOptions()
        if let pressureDropUsage { pressure.policy.dropUsage = pressureDropUsage }
        if let pressureRestoreUsage { pressure.policy.restoreUsage = pressureRestoreUsage }
        if let pressureRestoreWindow { pressure.policy.restoreWindow = pressureRestoreWindow }
        if let pressureInterval { pressure.observationIntervalSeconds = pressureInterval }
        pressure.extraKVTokens = pressureExtraKVTokens
        if let pressureMaxDegree { pressure.maxPipelineDegree = pressureMaxDegree }
        options.memoryPressure = pressure
    }
}
