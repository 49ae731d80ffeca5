import Foundation
import LayerFlow
import LayerFlowGLPK
import Testing

@Suite("GLPK: time, node and gap limits", .serialized)
struct GLPKLimitTests {
    let solver = GLPKSolver()

    @Test func timeLimitIsHonouredWithAProvenBound() throws {
        let model = TestModels.multiKnapsack()
        #expect(model.binaryCount == 200)
        let started = Date()
        let solution = try solver.solve(model, options: MILPSolveOptions(timeLimitSeconds: 1))
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 1.1, "took \(elapsed) s")
        #expect(solution.status == .timeLimit)
        let objective = try #require(solution.objective)
        let bound = try #require(solution.bestBound)
        #expect(bound >= objective)
        let lp = try #require(solution.statistics.lpRelaxationObjective)
        #expect(bound <= lp + 1e-6)
        let gap = try #require(solution.relativeGap)
        #expect(gap > 0)
        #expect(model.maxViolation(try #require(solution.values)) <= 1e-9)
        #expect(solution.statistics.nodes > 1)
    }

    @Test func timeLimitWithoutPresolveToo() throws {
        let model = TestModels.multiKnapsack(seed: 3)
        let started = Date()
        let solution = try solver.solve(model, options: MILPSolveOptions(timeLimitSeconds: 0.5, presolve: false))
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 0.6, "took \(elapsed) s")
        #expect(solution.status == .timeLimit)
        #expect(try #require(solution.bestBound) >= (solution.objective ?? -.infinity))
    }

    @Test(arguments: [true, false])
    func nodeLimitIsDeterministic(presolve: Bool) throws {
        let model = TestModels.multiKnapsack(items: 120, dimensions: 4, seed: 11)
        let options = MILPSolveOptions(nodeLimit: 300, presolve: presolve)
        let first = try solver.solve(model, options: options)
        let second = try solver.solve(model, options: options)
        #expect(first.status == .nodeLimit)
        #expect(first.statistics.nodes == 300)
        #expect(first.values == second.values)
        #expect(first.objective == second.objective)
        #expect(first.bestBound == second.bestBound)
        #expect(first.statistics.nodes == second.statistics.nodes)
        #expect(first.statistics.simplexIterations == second.statistics.simplexIterations)
        // Byte-identical when encoded, apart from the wall-clock seconds.
        var a = first, b = second
        a.statistics.seconds = 0
        b.statistics.seconds = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(a) == encoder.encode(b))
    }

    @Test func nodeLimitOfOneStopsAfterTheRoot() throws {
        let model = TestModels.multiKnapsack(items: 120, dimensions: 4, seed: 11)
        let solution = try solver.solve(model, options: MILPSolveOptions(nodeLimit: 1, presolve: false))
        #expect(solution.status == .nodeLimit)
        #expect(solution.statistics.nodes == 1)
    }

    @Test func boundsPointTheRightWayWhenMinimising() throws {
        // The covering twin of a knapsack: minimise cost subject to Σ w·x ≥ capacity.
        let packing = TestModels.multiKnapsack(items: 100, dimensions: 3, seed: 8)
        var model = MILPModel(name: "cover", sense: .minimize)
        for variable in packing.variables {
            model.addVariable(variable.name, kind: .binary, objective: variable.objective)
        }
        for row in packing.constraints {
            model.addConstraint(row.name, row.terms, atLeast: row.upperBound)
        }
        let limited = try solver.solve(model, options: MILPSolveOptions(nodeLimit: 40))
        #expect(limited.status == .nodeLimit)
        let bound = try #require(limited.bestBound)
        let lp = try #require(limited.statistics.lpRelaxationObjective)
        #expect(bound >= lp - 1e-6)
        if let objective = limited.objective { #expect(bound <= objective) }
        let optimal = try solver.solve(model)
        #expect(optimal.status == .optimal)
        #expect(try #require(optimal.objective) >= bound - 1e-6)
        if let objective = limited.objective { #expect(try #require(optimal.objective) <= objective) }
    }

    @Test func gapToleranceStopsEarly() throws {
        let model = TestModels.multiKnapsack(items: 120, dimensions: 4, seed: 11)
        let solution = try solver.solve(model, options: MILPSolveOptions(timeLimitSeconds: 20, relativeGap: 0.01))
        #expect(solution.status == .gapReached)
        let gap = try #require(solution.relativeGap)
        // The reported bound is the last one seen by the callback, so it may be a bit weaker
        // than the one GLPK stopped on; it is still a proven bound.
        #expect(gap <= 0.05)
        #expect(try #require(solution.bestBound) >= (solution.objective ?? .infinity))
    }
}
