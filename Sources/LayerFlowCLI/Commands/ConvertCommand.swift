import ArgumentParser
import Foundation
import LayerFlow

/// `layerflow convert FILE --output OUT`: write any cluster file as a native `layerflow-cluster/1` file.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a cluster (e.g. a Helix instance) to LayerFlow's native format.",
        discussion: """
            Bandwidths are written physically (bytes per second). With --bandwidth-convention physical
            capacities become what the hardware allows (Helix's are 8× too large, bits taken as bytes);
            the default for Helix files keeps Helix's convention so its reference numbers still reproduce.

            Example: layerflow convert helix-single24-llama70b.json --output cluster.json
            """)

    @OptionGroup var clusterOptions: ClusterOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Native cluster file to write ('-' for standard output).", valueName: "file"))
    var output: String

    func run() throws {
        try reportingFailures {
            let cluster = try clusterOptions.load().cluster
            let data = try NativeClusterFormat.encode(cluster) + Data("\n".utf8)
            if output == "-" {
                try StandardOutput.write(data)
            } else {
                try AtomicFile.write(data, to: output)
                try StandardOutput.print("Wrote \(output): \(Reports.clusterLine(cluster))")
            }
        }
    }
}
