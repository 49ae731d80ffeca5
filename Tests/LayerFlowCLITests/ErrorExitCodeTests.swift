import ArgumentParser
import Foundation
import LayerFlow
@testable import LayerFlowCLI
import LayerFlowSimulator
import Testing

/// Every library error type reaches the command line with its documented exit code (65 invalid
/// data, 64 a value out of range, 66 an unreadable file, 70 a solver failure), and its message names
/// the culprit.
@Suite struct ErrorExitCodeTests {
    /// One error of each library type (both kinds where a type has two), the exit code the CLI
    /// must give it and the culprit its message must name.
    struct Sample: CustomTestStringConvertible, Sendable {
        var error: any LayerFlowError
        var exitCode: Int32
        var culprit: String
        var testDescription: String { "\(type(of: error)): \(culprit)" }
    }

    static let samples: [Sample] = [
        Sample(error: SchedulingError.invalidOption(name: "highWaterMark", value: "2"), exitCode: 64, culprit: "highWaterMark"),
        Sample(error: SchedulingError.invalidPlacement(.unknownNode(id: "gpu-7")), exitCode: 65, culprit: "gpu-7"),
        Sample(error: RequestLengthsError.malformedRow(line: 4, column: "prompt", message: "not a number"), exitCode: 65, culprit: "line 4"),
        Sample(error: RequestLengthsError.unreadableFile(path: "lengths.csv", reason: "no such file"), exitCode: 66, culprit: "lengths.csv"),
        Sample(error: MILPSolverError.solverError(message: "glp_intopt returned 5"), exitCode: 70, culprit: "glp_intopt"),
        Sample(
            error: FormulationError.tooLarge(FormulationSize(formulation: "helix", columns: 2_000_000, nonzeros: 9)),
            exitCode: 65, culprit: "helix"),
        Sample(error: CatalogError.unknownGPU(name: "H900", known: ["A100"]), exitCode: 65, culprit: "H900"),
        Sample(error: ClusterError.emptyIdentifier(field: "nodes[3].id"), exitCode: 65, culprit: "nodes[3].id"),
        Sample(error: FormatError.missingField(field: "model.layerCount"), exitCode: 65, culprit: "model.layerCount"),
        Sample(error: FormatError.unreadableFile(path: "cluster.json", reason: "permission denied"), exitCode: 66, culprit: "cluster.json"),
        Sample(error: FormatError.unwritableFile(path: "out/plan.json", reason: "no such directory"), exitCode: 73, culprit: "out/plan.json"),
        Sample(error: HelixIniError.missingSection(file: "topo.ini", section: "Machines"), exitCode: 65, culprit: "topo.ini"),
        Sample(error: HelixSimDataError.noProfile(gpuType: "V100", available: ["A100"]), exitCode: 65, culprit: "V100"),
        Sample(error: HelixSimDataError.unreadableFile(path: "profiles.csv", reason: "gone"), exitCode: 66, culprit: "profiles.csv"),
        Sample(
            error: EstimationError.invalidAssumption(field: "kvFraction", value: 2, requirement: "in (0, 1]"),
            exitCode: 65, culprit: "kvFraction"),
        Sample(error: PlanOptionsError.invalid(field: "targetGap", reason: "must be ≥ 0"), exitCode: 64, culprit: "targetGap"),
        Sample(error: ServingEstimateError.missingServingProfile(gpuType: "T4"), exitCode: 65, culprit: "T4"),
        Sample(error: ServingEstimateError.invalidWorkload(field: "feedHighWaterMark", reason: "in (0, 1]"), exitCode: 64, culprit: "feedHighWaterMark"),
        Sample(
            error: PlacementError.exceedsMaxLayers(node: "n4", gpuType: "T4", layers: 20, maxLayers: 12),
            exitCode: 65, culprit: "n4"),
        Sample(error: PressureError.invalidOption(field: "demand", value: -1, requirement: "> 0"), exitCode: 64, culprit: "demand"),
        Sample(error: PressureError.missingKVBytes(field: "model.kvBytesPerTokenLayer"), exitCode: 65, culprit: "model.kvBytesPerTokenLayer"),
        Sample(error: ExportError.uncoveredLayers([LayerRange(10, 20)]), exitCode: 65, culprit: "10"),
        Sample(error: SimulationError.missingServingProfile(gpuType: "L40"), exitCode: 65, culprit: "L40"),
        Sample(error: WorkloadError.invalidOfferedLoad(-3), exitCode: 64, culprit: "-3"),
        Sample(
            error: WorkloadError.inFile(path: "trace.csv", error: .invalidField(line: 9, column: "arrival", value: "x", expected: "seconds")),
            exitCode: 65, culprit: "trace.csv"),
        Sample(error: WorkloadError.unreadableFile(path: "trace.csv", reason: "missing"), exitCode: 66, culprit: "trace.csv"),
        Sample(error: ReplanError.unknownNode(field: "--fail", id: "gpu-9"), exitCode: 64, culprit: "gpu-9"),
        Sample(error: ReplanError.unknownNode(field: "health.nodes", id: "gpu-9"), exitCode: 65, culprit: "gpu-9"),
    ]

    @Test(arguments: samples)
    func eachErrorExitsWithItsCodeNamingTheCulprit(_ sample: Sample) throws {
        var code: Int32?
        // The CLI's own mapping, the path every command takes (`reportingFailures`).
        do {
            try reportingFailures { throw sample.error }
        } catch let error as ExitCode {
            code = error.rawValue
        }
        #expect(code == sample.exitCode)
        #expect(sample.error.description.contains(sample.culprit))
    }

    /// A new error type cannot be forgotten: every `enum …Error` the library and the simulator
    /// declare conforms to `LayerFlowError` and has a sample above.
    @Test func everyLibraryErrorTypeHasASample() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var declared: Set<String> = []
        var unconforming: [String] = []
        for target in ["LayerFlow", "LayerFlowSimulator"] {
            let root = sources.appendingPathComponent(target)
            let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("public enum ") {
                    let name = line.dropFirst("public enum ".count).prefix { $0.isLetter || $0.isNumber }
                    guard name.hasSuffix("Error"), name != "LayerFlowError" else { continue }
                    declared.insert(String(name))
                    if !line.contains(": LayerFlowError") { unconforming.append("\(file): \(name)") }
                }
            }
        }
        let sampled = Set(Self.samples.map { String(describing: type(of: $0.error)) })
        #expect(declared.count >= 17, "found \(declared.sorted())")
        #expect(unconforming.isEmpty, "not LayerFlowError: \(unconforming)")
        #expect(declared.subtracting(sampled).isEmpty, "no sample for \(declared.subtracting(sampled).sorted())")
    }

    @Test func savingAPlanWhereNoFileCanBeMadeNamesThePath() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try PlanDocument.load(path: try ScheduleCommandTests.twoWidePlan(in: directory))
        let target = directory.appendingPathComponent("missing/plan.json").path
        #expect {
            try plan.save(to: target)
        } throws: { error in
            guard case .unwritableFile(let path, _) = error as? FormatError else { return false }
            return path == target
        }
        let saved = directory.appendingPathComponent("again.json").path
        try plan.save(to: saved)
        #expect(try PlanDocument.load(path: saved).placement == plan.placement)
    }

    @Test func aPlanThatServesNothingExits65() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let path = try ScheduleCommandTests.twoWidePlan(in: directory)
        // The same plan with stage b gone: layers 2–3 are held by no node.
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var placement = try #require(json["placement"] as? [String: Any])
        placement["b"] = nil
        json["placement"] = placement
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        let result = try CLIRunner.run(["schedule", path])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("serves nothing"), "\(result.stderr)")
    }
}
