import LayerFlow
import LayerFlowSimulator

extension Reports {
    /// The memory-pressure part of a simulation summary: the policy, then one row per drop or
    /// restore (when decided and switched, the groups, KV capacity before and after, the KV moved
    /// and the weights reloaded, with their seconds).
    /// - Complexity: O(switches × group members).
    static func memoryPressure(_ pressure: MemoryPressureReport) -> String {
        let seconds = { (value: Double) in Formatting.number(value, decimals: 2) }
        let count = { (value: Int) in Formatting.number(Double(value), decimals: 0) }
        let gigabytes = { (value: Double) in Formatting.number(value / 1e9, decimals: 2) }
        let policy = pressure.policy
        var lines = [
            "Memory pressure (KunServe triggers): drop at KV use ≥ \(Formatting.number(policy.dropUsage * 100, decimals: 0))% with the queue needing the free KV; "
                + "restore at ≤ \(Formatting.number(policy.restoreUsage * 100, decimals: 0))%, falling over \(policy.restoreWindow) observations, nothing queued; "
                + "observed every \(seconds(pressure.observationIntervalSeconds)) s",
        ]
        guard !pressure.switches.isEmpty else {
            lines.append("No drop: the trigger never fired.")
            return lines.joined(separator: "\n")
        }
        var table = TextTable([
            ("action", .left), ("decided s", .right), ("switched s", .right), ("groups", .left), ("KV tokens", .right),
            ("moved", .right), ("KV GB", .right), ("exchange s", .right), ("reload GB", .right), ("reload s", .right), ("preempted", .right),
        ])
        for change in pressure.switches {
            table.append([
                change.action.rawValue, seconds(change.decidedAtSeconds), seconds(change.switchedAtSeconds),
                change.groups.map { $0.joined(separator: "+") }.joined(separator: ", "),
                "\(count(change.kvCapacityTokensBefore)) → \(count(change.kvCapacityTokensAfter))",
                count(change.requestsMoved), gigabytes(change.kvBytesMoved), seconds(change.kvExchangeSeconds),
                gigabytes(change.weightBytesReloaded), seconds(change.reloadSeconds), count(change.requestsPreempted),
            ])
        }
        lines.append(table.render())
        lines.append("(KV tokens: the simulator's capacity of the placement before → after; moved: in-flight requests whose KV changed node)")
        return lines.joined(separator: "\n")
    }
}
