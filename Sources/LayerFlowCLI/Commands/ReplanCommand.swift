import ArgumentParser
import Foundation
import LayerFlow

/// `layerflow replan PLAN|CLUSTER --fail NODE ...`: re-plan after failures, joins and slowdowns,
/// moving as few layers as it can, and the transition to get there.
struct ReplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replan",
        abstract: "Re-plan after nodes fail, join or slow down, moving as few layers as possible.",
        discussion: """
            Survivors keep their layers; each pipeline that lost layers is re-partitioned over its \
            surviving nodes (one node may move into the gap) within the churn budget, and idle or \
            joined nodes replicate the range that helps most. A change that restores no lost layer \
            is proposed only if it gains ≥ 1.33× (Petals' threshold). The transition loads first, \
            switches traffic, then unloads, so no layer loses its last holder. --health FILE \
            applies measured health (docs/FileFormats.md, layerflow-health/1) before the edits.

            Example:
              layerflow replan Examples/helix-single24-llama70b.json \\
                  --placement plan-placement.json --fail 6 --json replan.json
            """)

    @Argument(help: "Plan file (layerflow-plan/1), or a cluster file with --placement.")
    var plan: String

    @Option(help: ArgumentHelp("Placement JSON file (required with a cluster file; replaces a plan's own).", valueName: "file"))
    var placement: String?

    @OptionGroup var changes: ClusterChangeOptions

    @Option(help: ArgumentHelp("Health file (layerflow-health/1): exclude or derate nodes and links by measured health.", valueName: "file"))
    var health: String?

    @Option(help: ArgumentHelp("Most layers serving nodes may load (default: the lost layers + 10 % of the model).", valueName: "n"))
    var maxMovedLayers: Int?

    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingFailures {
            try output.checkWritable()
            let loaded = try SimulationInputs.loadPlan(path: plan, placementPath: placement, simDataPath: nil)
            let cluster = loaded.plan.cluster
            let current = loaded.plan.placement
            try current.validate(for: cluster)
            let rule = loaded.rule ?? .strict
            var decisions: [HealthDecision] = []
            var changed = cluster
            if let health {
                let data = try SimulationInputs.read(health, what: "--health")
                let topology = try inFile(health) { try ClusterHealth.decode(data) }.virtualTopology(of: cluster)
                changed = topology.cluster
                decisions = topology.decisions
            }
            changed = try changes.apply(to: changed)
            let started = Date()
            let result = try Replanner(
                previous: cluster, placement: current, options: ReplanOptions(maxMovedLayers: maxMovedLayers, rule: rule)
            ).replan(on: changed)
            let seconds = Date().timeIntervalSince(started)
            let before = cluster.throughput(ranges: current.rangesByNodeIndex(in: cluster), rule: rule)
            if output.printsText {
                try StandardOutput.print(Reports.clusterLine(cluster))
                try StandardOutput.print("Changes: " + (changes.descriptions + decisions.map { "\($0.element) \($0.action.rawValue): \($0.reason)" })
                    .joined(separator: "; "))
                try StandardOutput.print(ReplanReports.text(result, previous: current, previousThroughput: before, changed: changed, seconds: seconds))
            }
            try output.writeJSON(ReplanReports.Document(
                changes: changes.descriptions, health: decisions, placement: result.placement, previousPlacement: current,
                throughputTokensPerSecond: result.throughputTokensPerSecond, previousThroughputTokensPerSecond: before,
                survivingThroughputTokensPerSecond: result.survivingThroughputTokensPerSecond, lostLayers: result.lostLayers,
                movedLayers: result.movedLayers, movedBytes: result.transition.movedBytes,
                budgetedMovedLayers: result.budgetedMovedLayers, budget: result.budget, decision: result.decision,
                reasons: result.reasons, nodeChanges: result.changes.changes, transition: result.transition, replanSeconds: seconds,
                changedCluster: changed))
        }
    }
}
