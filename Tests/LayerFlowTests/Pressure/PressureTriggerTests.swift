import LayerFlow
import Testing

/// KunServe's triggers as a policy: drop at ≥ 95 % with a queue that needs the free KV; restore at
/// ≤ 50 %, falling over the window, with nothing queued.
@Suite struct PressureTriggerTests {
    static func look(_ used: Int, queued: Int = 0, needed: Int = 0) -> PressureObservation {
        PressureObservation(usedKV: used, totalKV: 100, queuedRequests: queued, queuedKVNeeded: needed)
    }

    @Test func dropsOnlyWhenFullAndTheQueueNeedsTheFreeKV() {
        var trigger = PressureTrigger()
        #expect(trigger.observe(Self.look(94, queued: 3, needed: 50)) == nil)
        #expect(trigger.observe(Self.look(96, queued: 0)) == nil)
        #expect(trigger.observe(Self.look(96, queued: 1, needed: 3)) == nil)
        #expect(trigger.observe(Self.look(96, queued: 1, needed: 4)) == .drop)
        #expect(trigger.isDropped)
        #expect(trigger.observe(Self.look(99, queued: 9, needed: 90)) == nil)
    }

    @Test func restoresOnlyWhenLowFallingAndNothingQueued() {
        var trigger = PressureTrigger(policy: PressureTriggerPolicy(restoreWindow: 2))
        #expect(trigger.observe(Self.look(100, queued: 1, needed: 1)) == .drop)
        #expect(trigger.observe(Self.look(60)) == nil)
        #expect(trigger.observe(Self.look(50)) == nil)
        // Low and nothing queued, but it rose in the window.
        #expect(trigger.observe(Self.look(51)) == nil)
        #expect(trigger.observe(Self.look(45)) == nil)
        // Falling over the window, but a request waits.
        #expect(trigger.observe(Self.look(40, queued: 1, needed: 5)) == nil)
        #expect(trigger.observe(Self.look(30)) == .restore)
        #expect(!trigger.isDropped)
    }

    @Test func badThresholdsNameTheField() {
        #expect(throws: PressureError.invalidOption(field: "restoreUsage", value: 0.96, requirement: "in [0, dropUsage)")) {
            try PressureTriggerPolicy(restoreUsage: 0.96).validate()
        }
        #expect(throws: PressureError.self) { try PressureTriggerPolicy(restoreWindow: 0).validate() }
    }
}
