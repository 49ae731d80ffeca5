import ArgumentParser
import Foundation
import LayerFlow

/// `layerflow render PLAN --svg OUT`: a picture of a plan.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a plan as SVG: a bar per node over the layer axis, flows between nodes, the bottleneck in red.",
        discussion: """
            PLAN is a plan file written by `layerflow plan --json FILE` (it embeds its cluster). \
            Bars are coloured by GPU type; arcs join nodes at the layer boundary they cross, as wide \
            as the flow they carry in the plan's max flow; minimum-cut nodes and links are red. The \
            same plan always gives the same SVG bytes.

            Example:
              layerflow plan Examples/helix-single24-llama70b.json --json plan.json
              layerflow render plan.json --svg plan.svg
            """)

    @Argument(help: "Plan file (layerflow-plan/1).")
    var plan: String

    @Option(help: ArgumentHelp("SVG file to write ('-' for standard output).", valueName: "file"))
    var svg: String

    func run() throws {
        try reportingFailures {
            let document = try inFile(plan) { try PlanDocument.load(path: plan) }
            let picture = try PlanPicture(
                cluster: document.clusterDefinition, placement: document.placement, rule: document.rule)
            let data = Data(picture.svg().utf8)
            if svg == "-" {
                try StandardOutput.write(data)
            } else {
                try AtomicFile.write(data, to: svg)
                try StandardOutput.print("Wrote \(svg): \(picture.rows.count) nodes, \(picture.arcs.count) arcs, \(Formatting.rate(picture.throughputTokensPerSecond))")
            }
        }
    }
}
