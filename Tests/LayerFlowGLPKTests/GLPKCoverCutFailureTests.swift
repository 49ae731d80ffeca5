import LayerFlow
import LayerFlowGLPK
import Testing

/// GLPK 5.0's cover-cut generator fails on some tiny models ("glp_add_cols: ncs = 0"): the solver
/// solves them again without cover cuts instead of failing (a one-layer cluster used to make
/// `layerflow plan` exit 70).
struct GLPKCoverCutFailureTests {
    /// The coverage-only layer-coverage model of a 2-node, 1-layer cluster at target 484.000484.
    static func model() -> MILPModel {
        var model = MILPModel(name: "cover-cut-failure", sense: .maximize)
        model.addVariable("F", lowerBound: 484.000484, upperBound: 484.000484, objective: 0)
        let a = model.addVariable("y_a", lowerBound: 0, upperBound: 1, kind: .integer)
        let b = model.addVariable("y_b", lowerBound: 0, upperBound: 1, kind: .integer)
        model.addConstraint("count_a", [.init(a, 1)], atMost: 1)
        model.addConstraint("count_b", [.init(b, 1)], atMost: 1)
        model.addConstraint("cover", [.init(a, 318), .init(b, 363)], atLeast: 484.000484)
        model.addConstraint("card", [.init(a, 1), .init(b, 1)], atLeast: 2)
        return model
    }

    @Test func coverCutFailureIsSolvedWithoutCoverCuts() throws {
        let log = LineCollector()
        let solution = try GLPKSolver().solve(
            Self.model(), options: MILPSolveOptions(cuts: [.cover, .mir], integralityTolerance: 1e-9),
            log: { log.append($0) }, callback: nil)
        #expect(solution.status == .optimal)
        #expect(solution.values?[1] == 1 && solution.values?[2] == 1)
        #expect(log.lines.contains { $0.contains("without them") }, "\(log.lines)")
    }
}
