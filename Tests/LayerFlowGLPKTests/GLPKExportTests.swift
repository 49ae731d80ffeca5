import Foundation
import LayerFlow
import LayerFlowGLPK
import Testing

@Suite("GLPK: CPLEX LP export read back by glpsol")
struct GLPKExportTests {
    static let glpsol: String? = ["/usr/bin/glpsol", "/usr/local/bin/glpsol"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// A model using every LP feature: ranged, equality and free rows, free/fixed/upper-bounded
    /// columns, integers, binaries (one fixed), repeated terms, awkward names and a constant.
    static func featureModel() -> MILPModel {
        var model = MILPModel(name: "export test", sense: .maximize)
        model.objectiveConstant = 2.5
        let x = model.addVariable("x", lowerBound: -.infinity, upperBound: 4, objective: 1)
        let y = model.addVariable("1st y", lowerBound: 0, upperBound: 10, kind: .integer, objective: 2)
        let e = model.addVariable("e1", lowerBound: -3, upperBound: .infinity, objective: -0.5)
        let b = model.addVariable("free", kind: .binary, objective: 3)
        let f = model.addVariable("x", kind: .binary, objective: 1.25)
        let unused = model.addVariable("", lowerBound: -1, upperBound: 1, objective: 0)
        _ = unused
        model.setBounds(ofVariable: f, lowerBound: 1, upperBound: 1)
        model.addConstraint("range", [.init(x, 1), .init(y, 1), .init(x, 1)], lowerBound: -5, upperBound: 12)
        model.addConstraint("eq", [.init(e, 1), .init(x, -1)], equals: 1)
        model.addConstraint("cap", [.init(y, 1), .init(b, 4), .init(e, 0.5)], atMost: 9.75)
        model.addConstraint("free row", [.init(x, 1)])
        return model
    }

    static let models: [MILPModel] = {
        var empty = MILPModel(name: "no variables", sense: .minimize)
        empty.objectiveConstant = 3
        var box = MILPModel(name: "no constraints", sense: .maximize)
        box.addVariable("x", upperBound: 5, kind: .integer, objective: 2)
        box.addVariable("y", lowerBound: -3, upperBound: 4.5, objective: -1)
        return [featureModel(), TestModels.knapsack(), TestModels.assignment().model,
                TestModels.multiKnapsack(items: 30, dimensions: 2, seed: 4), empty, box]
    }()

    @Test(arguments: models)
    func exportedModelsSolveDirectly(model: MILPModel) throws {
        #expect(try GLPKSolver().solve(model).status == .optimal)
    }

    @Test(.enabled(if: glpsol != nil, "glpsol is not installed (Debian: apt-get install glpk-utils)"),
          arguments: models)
    func glpsolReachesTheSameOptimum(model: MILPModel) throws {
        let direct = try GLPKSolver().solve(model)
        #expect(direct.status == .optimal)
        let glpsol = try #require(Self.glpsol)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("layerflow-lp-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lpFile = directory.appendingPathComponent("model.lp")
        let outFile = directory.appendingPathComponent("solution.txt")
        try model.cplexLP().write(to: lpFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: glpsol)
        process.arguments = ["--lp", lpFile.path, "-o", outFile.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let report = try String(contentsOf: outFile, encoding: .utf8)
        // "Objective:  obj = 21.75 (MAXimum)"
        let objectiveLine = try #require(report.split(separator: "\n").first { $0.hasPrefix("Objective:") })
        let valueText = try #require(objectiveLine.split(separator: "=").last?.split(separator: " ").first)
        let value = try #require(Double(valueText))
        #expect(abs(value - (direct.objective ?? .nan)) < 1e-9 * max(1, abs(value)))
        #expect(report.contains("OPTIMAL"))
    }
}
