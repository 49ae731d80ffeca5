import LayerFlow

/// The memory-pressure policy's state during a run: the prepared configurations, the trigger,
/// where a switch stands, the iterations held while it happens, and what the report collects.
struct PressureRuntime {
    /// Where the policy stands between two configurations.
    enum Phase {
        /// Serving on `current`; the trigger is consulted at every observation.
        case serving
        /// Restore decided: the fused pipelines keep serving while the weights reload; new prompts wait.
        case reloading
        /// Waiting for the iterations in the network to come back; new iterations are held.
        case draining
        /// In-flight KV is being moved; the switch event ends it.
        case exchanging

        var isDraining: Bool { if case .draining = self { return true } else { return false } }
    }

    let configurations: PressureConfigurations
    let options: MemoryPressureOptions
    var trigger: PressureTrigger
    /// 0: the original placement; 1: the fused one.
    var current = 0
    var phase = Phase.serving
    /// The switch being carried out (its times filled in as it goes).
    var pending: MemoryPressureReport.Switch?
    var nextCheck: Double
    /// Prompts that arrived while a switch was under way, in arrival order.
    var heldPrompts: [Int] = []
    /// Iterations of admitted requests held at the coordinator while draining or exchanging.
    var heldSends: [Int] = []
    /// Footprint tokens (prompt + expected output) of the requests in the scheduler's queue.
    var queuedFootprint = 0
    var switches: [MemoryPressureReport.Switch] = []
    var samples: [MemoryPressureReport.Sample] = []
    // Since the previous observation.
    var promptsSince = 0
    var ttftSumSince = 0.0
    var ttftMaxSince = 0.0
    var tokensSince = 0

    init(configurations: PressureConfigurations, options: MemoryPressureOptions, serveStart: Double) {
        self.configurations = configurations
        self.options = options
        trigger = PressureTrigger(policy: options.policy)
        nextCheck = serveStart + options.observationIntervalSeconds
    }

    /// New prompts wait while a switch is under way.
    var holdsPrompts: Bool {
        if case .serving = phase { return false }
        return true
    }

    /// Every iteration waits while the network drains and the KV moves.
    var holdsIterations: Bool {
        switch phase {
        case .draining, .exchanging: return true
        case .serving, .reloading: return false
        }
    }

    /// What the run's report carries.
    func report() -> MemoryPressureReport {
        MemoryPressureReport(
            policy: options.policy, observationIntervalSeconds: options.observationIntervalSeconds,
            dropPlan: configurations.drop, switches: switches, samples: samples)
    }
}
