import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// The picture of a plan: rows sorted by first layer, flows from the max flow, the bottleneck in
/// red, deterministic bytes, and SVG that a real renderer turns into a PNG.
struct PlanPictureTests {
    let cluster: Cluster
    let placement: Placement

    init() throws {
        cluster = try ClusterFixtures.small(nodeCount: 4, layers: 8)
        placement = Placement(["n3": LayerRange(4, 8), "n0": LayerRange(0, 4), "n1": LayerRange(4, 8)])
    }

    @Test func rowsFollowTheLayerAxisAndUnusedNodesComeLast() throws {
        let picture = try PlanPicture(cluster: cluster, placement: placement)
        #expect(picture.rows.map(\.node) == ["n0", "n1", "n3", "n2"])
        #expect(picture.rows.last?.range == nil)
        #expect(picture.gpuTypes == ["big", "small"])
        #expect(picture.rows.map(\.typeIndex) == [0, 1, 1, 0])
    }

    @Test func arcsCarryTheMaxFlow() throws {
        let picture = try PlanPicture(cluster: cluster, placement: placement)
        let evaluation = try cluster.evaluate(placement)
        let intoFirstStage = picture.arcs.filter { $0.from == nil }.map(\.flowTokensPerSecond).reduce(0, +)
        let outOfLastStage = picture.arcs.filter { $0.to == nil }.map(\.flowTokensPerSecond).reduce(0, +)
        #expect(abs(intoFirstStage - evaluation.throughputTokensPerSecond) < 1e-6)
        #expect(abs(outOfLastStage - evaluation.throughputTokensPerSecond) < 1e-6)
        let between = picture.arcs.filter { $0.from != nil && $0.to != nil }
        #expect(between.allSatisfy { $0.layer == 4 })
        #expect(picture.maxArcFlowTokensPerSecond > 0)
    }

    @Test func theBottleneckIsRed() throws {
        // n1 and n3 ("small", 4 layers: 150 tokens/s each) limit the flow n0 (360) could send.
        let picture = try PlanPicture(cluster: cluster, placement: placement)
        #expect(Set(picture.rows.filter(\.isBottleneck).map(\.node)) == ["n1", "n3"])
        let svg = picture.svg()
        #expect(svg.components(separatedBy: "stroke=\"#D62728\" stroke-width=\"3\"").count - 1 == 2)
        // A network-bound plan shows its cut links dashed in red.
        let slow = try ClusterFixtures.small(nodeCount: 2, layers: 8, bandwidthBytesPerSecond: 100)
        let slowSVG = try PlanPicture(cluster: slow, placement: Placement(["n0": LayerRange(0, 4), "n1": LayerRange(4, 8)])).svg()
        #expect(slowSVG.contains("stroke=\"#D62728\" stroke-dasharray=\"6 3\""))
    }

    @Test func theSamePlanGivesTheSameBytes() throws {
        let first = try PlanPicture(cluster: cluster, placement: placement).svg()
        let second = try PlanPicture(cluster: cluster, placement: placement).svg()
        #expect(first == second)
        #expect(first.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(first.hasSuffix("</svg>\n"))
        #expect(first.contains(">big</text>") && first.contains(">small</text>"))
    }

    @Test func namesAreEscaped() throws {
        let base = try ClusterFixtures.small(nodeCount: 2)
        let cluster = try Cluster(
            name: "a<b>&\"c\"", model: base.model, gpuTypes: base.gpuTypes, nodes: base.nodes, links: base.links)
        let svg = try PlanPicture(cluster: cluster, placement: Placement(["n0": LayerRange(0, 4), "n1": LayerRange(4, 8)])).svg()
        #expect(svg.contains("a&lt;b&gt;&amp;&quot;c&quot;"))
        #expect(!svg.contains("a<b>"))
    }

    @Test(.enabled(if: RSVG.isAvailable, "rsvg-convert is not installed (Debian package librsvg2-bin; scripts/install-deps.sh installs it)"))
    func rsvgConvertMakesAWellFormedPNG() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("layerflow-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let svgURL = directory.appendingPathComponent("plan.svg")
        let pngURL = directory.appendingPathComponent("plan.png")
        try Data(try PlanPicture(cluster: cluster, placement: placement).svg().utf8).write(to: svgURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(RSVG.path))
        process.arguments = ["-o", pngURL.path, svgURL.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(message)")
        let png = try Data(contentsOf: pngURL)
        #expect(png.count > 1000)
        // PNG signature, then the IHDR chunk with the SVG's width (1100) and a non-zero height.
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1100)
        #expect(height > 100)
        // The last chunk is IEND.
        #expect(Array(png.suffix(8).prefix(4)) == Array("IEND".utf8))
    }
}

/// Where `rsvg-convert` is, if anywhere on PATH.
enum RSVG {
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/rsvg-convert" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isAvailable: Bool { path != nil }
}
