/// When to drop and when to restore, as KunServe's scheduler decides: drop when the KV cache is
/// nearly full and the queue needs at least what is left; restore once use is low, has been
/// falling over a window, and nothing waits.
public struct PressureTriggerPolicy: Sendable, Hashable, Codable {
    /// Drop when used ÷ total KV ≥ this (KunServe: 0.95).
    public var dropUsage: Double = 0.95
    /// Restore only when used ÷ total KV ≤ this (KunServe: 0.5).
    public var restoreUsage: Double = 0.5
    /// Observations over which use must have fallen before a restore.
    public var restoreWindow: Int = 3

    public init(dropUsage: Double = 0.95, restoreUsage: Double = 0.5, restoreWindow: Int = 3) {
        self.dropUsage = dropUsage
        self.restoreUsage = restoreUsage
        self.restoreWindow = restoreWindow
    }

    /// - Throws: `PressureError.invalidOption` naming the field out of range.
    public func validate() throws(PressureError) {
        guard dropUsage.isFinite, dropUsage > 0, dropUsage <= 1 else {
            throw .invalidOption(field: "dropUsage", value: dropUsage, requirement: "in (0, 1]")
        }
        guard restoreUsage.isFinite, restoreUsage >= 0, restoreUsage < dropUsage else {
            throw .invalidOption(field: "restoreUsage", value: restoreUsage, requirement: "in [0, dropUsage)")
        }
        guard restoreWindow >= 1 else {
            throw .invalidOption(field: "restoreWindow", value: Double(restoreWindow), requirement: ">= 1")
        }
    }
}

/// One look at the serving system's KV cache and queue.
public struct PressureObservation: Sendable, Hashable, Codable {
    /// KV tokens (or blocks) in use, and in all.
    public var usedKV: Int
    public var totalKV: Int
    /// Requests waiting for admission, and the KV their prompts need.
    public var queuedRequests: Int
    public var queuedKVNeeded: Int

    public init(usedKV: Int, totalKV: Int, queuedRequests: Int, queuedKVNeeded: Int) {
        self.usedKV = usedKV
        self.totalKV = totalKV
        self.queuedRequests = queuedRequests
        self.queuedKVNeeded = queuedKVNeeded
    }

    /// used ÷ total (1 when there is no KV at all).
    public var usage: Double { totalKV > 0 ? Double(usedKV) / Double(totalKV) : 1 }
}

/// The policy's state over time: feed it observations in order; it says when to drop or restore.
public struct PressureTrigger: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable, Codable {
        case drop
        case restore
    }

    public let policy: PressureTriggerPolicy
    /// Whether replicas are currently fused.
    public private(set) var isDropped = false
    /// The last `restoreWindow + 1` usages while dropped.
    private var recent: [Double] = []

    public init(policy: PressureTriggerPolicy = PressureTriggerPolicy()) {
        self.policy = policy
    }

    /// The action `observation` calls for, if any; the trigger then takes it as done.
    /// - Complexity: O(restoreWindow).
    public mutating func observe(_ observation: PressureObservation) -> Action? {
        let usage = observation.usage
        if !isDropped {
            let free = observation.totalKV - observation.usedKV
            guard usage >= policy.dropUsage, observation.queuedRequests > 0, observation.queuedKVNeeded >= free else { return nil }
            isDropped = true
            recent = []
            return .drop
        }
        recent.append(usage)
        if recent.count > policy.restoreWindow + 1 { recent.removeFirst() }
        guard recent.count == policy.restoreWindow + 1, usage <= policy.restoreUsage, observation.queuedRequests == 0,
              zip(recent, recent.dropFirst()).allSatisfy({ $0.1 <= $0.0 }), recent.last! < recent.first! else { return nil }
        isDropped = false
        recent = []
        return .restore
    }
}
