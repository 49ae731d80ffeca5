import Foundation
import LayerFlowTestSupport
import Testing

@Suite(.serialized)
struct RenderCommandTests {
    @Test func rendersAPlanToTheSameSVGEveryTime() throws {
        let plan = try ExportCommandTests.plan(method: "swarm")
        let directory = try CLIRunner.temporaryDirectory()
        let first = directory.appendingPathComponent("a.svg")
        let second = directory.appendingPathComponent("b.svg")
        let result = try CLIRunner.run(["render", plan, "--svg", first.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("24 nodes"))
        #expect(try CLIRunner.run(["render", plan, "--svg", second.path]).status == 0)
        let svg = try Data(contentsOf: first)
        #expect(svg == (try Data(contentsOf: second)))
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.hasPrefix("<svg"))
        for type in ["A100", "L4", "T4"] { #expect(text.contains(">\(type)</text>")) }
    }

    @Test func notAPlanExits65() throws {
        let example = ExportCommandTests.example
        let result = try CLIRunner.run(["render", example, "--svg", "/tmp/never.svg"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("unsupported file format"))
    }
}
