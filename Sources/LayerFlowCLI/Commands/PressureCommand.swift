import ArgumentParser
import Foundation
import LayerFlow

/// `layerflow pressure PLAN|CLUSTER --extra-kv-tokens N`: the drop plan that frees N tokens of KV
/// cache by fusing data-parallel replicas into pipelines, and its restore plan.
struct PressureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pressure",
        abstract: "Free KV cache under memory pressure: fuse replicas into pipelines (KunServe-style), and restore.",
        discussion: """
            Replicas are nodes that hold the same layer range. Fusing g of them into a g-stage \
            pipeline, each keeping a contiguous part of the range, turns g − 1 copies of their \
            weights into KV cache. The plan donates as few copies as the demand needs, keeps \
            pipelines as shallow as possible, chains members along the fastest links, and is refused \
            when its max flow falls below (1 − --max-throughput-loss) × today's. Usable memory is \
            the GPU type's VRAM; the model needs kvCacheBytesPerTokenPerLayer.

            Example:
              layerflow pressure Examples/pressure-8x-replicas.json \\
                  --placement Examples/pressure-8x-replicas-placement.json --extra-kv-tokens 300000 --json
            """)

    @Argument(help: "Plan file (layerflow-plan/1), or a cluster file with --placement.")
    var plan: String

    @Option(help: ArgumentHelp("Placement JSON file (required with a cluster file; replaces a plan's own).", valueName: "file"))
    var placement: String?

    @Option(help: ArgumentHelp("KV tokens to free, across the deployment (> 0).", valueName: "n"))
    var extraKVTokens: Int

    @Option(help: ArgumentHelp("Most members of one fused pipeline (>= 2).", valueName: "g"))
    var maxPipelineDegree = 4

    @Option(help: ArgumentHelp("Refuse a plan whose throughput falls by more than this fraction (0 ≤ f < 1).", valueName: "f"))
    var maxThroughputLoss = 0.05

    @OptionGroup var output: OutputOptions

    func run() throws {
        try reportingFailures {
            try output.checkWritable()
            let loaded = try SimulationInputs.loadPlan(path: plan, placementPath: placement, simDataPath: nil)
            var options = DropOptions(maxPipelineDegree: maxPipelineDegree, maxThroughputLoss: maxThroughputLoss)
            options.rule = loaded.rule ?? .strict
            let cluster = loaded.plan.cluster
            let result = try inFile(plan) {
                try DropPlanner(cluster: cluster, placement: loaded.plan.placement, options: options)
                    .plan(for: .global(tokens: extraKVTokens))
            }
            if output.printsText {
                try StandardOutput.print(Reports.clusterLine(cluster))
                try StandardOutput.print(PressureReports.text(result))
            }
            try output.writeJSON(PressureReports.Document(plan: result))
        }
    }
}
