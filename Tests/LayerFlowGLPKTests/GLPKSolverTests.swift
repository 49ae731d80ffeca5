import LayerFlow
import LayerFlowGLPK
import Synchronization
import Testing

@Suite("GLPK: small models with known optima")
struct GLPKSolverTests {
    let solver = GLPKSolver()

    @Test func reportsNameAndVersion() {
        #expect(solver.name == "GLPK")
        #expect(solver.version == "5.0" || solver.version.hasPrefix("5."))
    }

    @Test func debianGLPKIsThreadLocal() {
        // glp_config("TLS") is "_Thread_local" in Debian 12's libglpk40: no process-wide lock needed.
        #expect(GLPKSolver.isThreadLocal)
    }

    @Test(arguments: [true, false])
    func knapsack(presolve: Bool) throws {
        let model = TestModels.knapsack()
        let solution = try solver.solve(model, options: MILPSolveOptions(presolve: presolve))
        #expect(solution.status == .optimal)
        #expect(solution.objective == 23)
        #expect(solution.values == [1, 1, 0, 0])
        #expect(solution.bestBound == 23)
        #expect(solution.relativeGap == 0)
        // LP relaxation: a and c whole (ratios 2.5, 2.33), half of b → 10 + 7 + 6.5.
        let lp = try #require(solution.statistics.lpRelaxationObjective)
        #expect(abs(lp - 23.5) < 1e-9)
        #expect(model.maxViolation(try #require(solution.values)) == 0)
    }

    @Test func assignment() throws {
        let (model, x) = TestModels.assignment()
        let solution = try solver.solve(model)
        #expect(solution.status == .optimal)
        #expect(solution.objective == 5)
        let values = try #require(solution.values)
        #expect(values[x[0][1]] == 1)
        #expect(values[x[1][0]] == 1)
        #expect(values[x[2][2]] == 1)
        #expect(values.reduce(0, +) == 3)
    }

    @Test(arguments: [true, false])
    func infeasible(presolve: Bool) throws {
        let solution = try solver.solve(TestModels.infeasible(), options: MILPSolveOptions(presolve: presolve))
        #expect(solution.status == .infeasible)
        #expect(solution.values == nil)
        #expect(solution.objective == nil)
        #expect(solution.bestBound == nil)
    }

    @Test func integerInfeasibleButLPFeasible() throws {
        // 2x = 1 with x integer: the LP relaxation is feasible (x = 0.5), the MILP is not.
        var model = MILPModel(name: "parity", sense: .minimize)
        let x = model.addVariable("x", lowerBound: 0, upperBound: 10, kind: .integer, objective: 1)
        model.addConstraint("odd", [.init(x, 2)], equals: 1)
        for presolve in [true, false] {
            let solution = try solver.solve(model, options: MILPSolveOptions(presolve: presolve))
            #expect(solution.status == .infeasible, "presolve \(presolve)")
        }
    }

    @Test func unboundedLP() throws {
        let solution = try solver.solve(TestModels.unboundedLP())
        #expect(solution.status == .unbounded)
        #expect(solution.values == nil)
    }

    @Test func continuousLPWithRangedRowsAndConstant() throws {
        // max 3x + 2y + 7 s.t. 1 ≤ x + y ≤ 4, -2 ≤ x − y ≤ 2, x free, y ≤ 3 → x = 3, y = 1 → 18.
        var model = MILPModel(name: "lp", sense: .maximize)
        model.objectiveConstant = 7
        let x = model.addVariable("x", lowerBound: -.infinity, objective: 3)
        let y = model.addVariable("y", upperBound: 3, objective: 2)
        model.addConstraint("sum", [.init(x, 1), .init(y, 1)], lowerBound: 1, upperBound: 4)
        model.addConstraint("diff", [.init(x, 1), .init(y, -1)], lowerBound: -2, upperBound: 2)
        let solution = try solver.solve(model)
        #expect(solution.status == .optimal)
        #expect(abs((solution.objective ?? 0) - 18) < 1e-9)
        let values = try #require(solution.values)
        #expect(abs(values[x] - 3) < 1e-9 && abs(values[y] - 1) < 1e-9)
        #expect(solution.statistics.nodes <= 1)
    }

    @Test func duplicateTermsAreSummedNotRejected() throws {
        // x + x ≤ 3 (written twice) with x integer: x = 1.
        var model = MILPModel(name: "dup", sense: .maximize)
        let x = model.addVariable("x", kind: .integer, objective: 1)
        model.addConstraint("twice", [.init(x, 1), .init(x, 1)], atMost: 3)
        let solution = try solver.solve(model)
        #expect(solution.status == .optimal)
        #expect(solution.values == [1])
    }

    @Test func fixedBinaryStaysFixedAndFractionalIntegerBoundsAreRounded() throws {
        var model = TestModels.knapsack()
        model.setBounds(ofVariable: 2, lowerBound: 1, upperBound: 1) // force item c in
        let c = try solver.solve(model)
        #expect(c.status == .optimal)
        #expect(c.objective == 20) // {b, c}
        #expect(c.values?[2] == 1)

        var bounded = MILPModel(name: "round", sense: .maximize)
        let y = bounded.addVariable("y", lowerBound: 0.5, upperBound: 2.7, kind: .integer, objective: 1)
        _ = y
        let r = try solver.solve(bounded)
        #expect(r.status == .optimal)
        #expect(r.values == [2])

        var empty = MILPModel(name: "empty-domain", sense: .maximize)
        empty.addVariable("z", lowerBound: 0.2, upperBound: 0.8, kind: .integer, objective: 1)
        #expect(try solver.solve(empty).status == .infeasible)
    }

    @Test func modelWithoutVariables() throws {
        var model = MILPModel(name: "nothing", sense: .minimize)
        model.objectiveConstant = 4
        let solution = try solver.solve(model)
        #expect(solution.status == .optimal)
        #expect(solution.objective == 4)
        #expect(solution.values == [])
    }

    @Test func modelWithoutConstraints() throws {
        var model = MILPModel(name: "box", sense: .maximize)
        model.addVariable("x", upperBound: 5, kind: .integer, objective: 2)
        model.addVariable("y", lowerBound: -3, upperBound: 4.5, objective: -1)
        let solution = try solver.solve(model)
        #expect(solution.status == .optimal)
        #expect(solution.values == [5, -3])
        #expect(solution.objective == 13)
    }

    @Test func invalidModelAndOptionsAreTypedErrors() {
        var model = MILPModel(name: "bad", sense: .minimize)
        let x = model.addVariable("x", lowerBound: 2, upperBound: 1)
        #expect(throws: MILPSolverError.self) { try solver.solve(model) }
        model.setBounds(ofVariable: x, lowerBound: 0, upperBound: 1)
        model.addConstraint("ghost", [.init(7, 1)], atMost: 1)
        do {
            _ = try solver.solve(model)
            Issue.record("expected an error")
        } catch let error as MILPSolverError {
            guard case .invalidModel(let text) = error else { Issue.record("wrong error \(error)"); return }
            #expect(text.contains("ghost"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
        let ok = TestModels.knapsack()
        #expect(throws: MILPSolverError.invalidOptions("nodeLimit is 0, expected at least 1")) {
            try solver.solve(ok, options: MILPSolveOptions(nodeLimit: 0))
        }
        #expect(throws: MILPSolverError.self) {
            try solver.solve(ok, options: MILPSolveOptions(initialSolution: [1, 0]))
        }
    }

    @Test func logReceivesGLPKOutputLineByLine() throws {
        let lines = LineCollector()
        _ = try solver.solve(TestModels.knapsack(), options: MILPSolveOptions(logLevel: .normal),
                             log: { lines.append($0) }, callback: nil)
        let all = lines.lines
        #expect(!all.isEmpty)
        #expect(all.allSatisfy { !$0.contains("\n") })
        #expect(all.contains { $0.contains("INTEGER OPTIMAL") || $0.contains("mip =") })
    }

    @Test(arguments: MILPSolveOptions.Branching.allCases)
    func everyBranchingRuleSolvesTheAssignment(branching: MILPSolveOptions.Branching) throws {
        for backtracking in MILPSolveOptions.Backtracking.allCases {
            let options = MILPSolveOptions(
                presolve: false, cuts: Set(MILPSolveOptions.CutKind.allCases),
                heuristics: [.simpleRounding, .feasibilityPump], branching: branching, backtracking: backtracking)
            let solution = try solver.solve(TestModels.assignment().model, options: options)
            #expect(solution.status == .optimal)
            #expect(solution.objective == 5)
        }
    }
}

/// Collects log lines from the solver's thread.
final class LineCollector: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}
