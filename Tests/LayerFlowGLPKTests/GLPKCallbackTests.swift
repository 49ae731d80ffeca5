import Foundation
import LayerFlow
@testable import LayerFlowGLPK
import Testing

@Suite("GLPK: branch-and-bound callback", .serialized)
struct GLPKCallbackTests {
    let solver = GLPKSolver()

    @Test func terminatingFromTheCallbackStopsPromptly() throws {
        let model = TestModels.multiKnapsack()
        var calls = 0
        var terminatedAt: Double = 0
        let started = Date()
        let solution = try solver.solve(model, options: MILPSolveOptions(timeLimitSeconds: 30), log: nil) { progress in
            calls += 1
            if progress.elapsedSeconds >= 0.2 {
                terminatedAt = progress.elapsedSeconds
                return .stop
            }
            return .proceed
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(solution.status == .cancelled)
        #expect(elapsed < terminatedAt + 0.1, "stopped \(elapsed - terminatedAt) s after the request")
        // The callback is not called again after it asked to stop.
        #expect(calls > 1)
        let objective = try #require(solution.objective)
        #expect(try #require(solution.bestBound) >= objective)
    }

    @Test func progressReportsMonotoneBoundsAndIncumbents() throws {
        let model = TestModels.multiKnapsack(items: 80, dimensions: 3, seed: 5)
        var events: [MILPProgress] = []
        let solution = try solver.solve(model, options: MILPSolveOptions(nodeLimit: 500), log: nil) { progress in
            events.append(progress)
            return .proceed
        }
        #expect(!events.isEmpty)
        #expect(Set(events.map(\.event)).isSuperset(of: [.nodeSelection, .heuristicOpportunity]))
        for (earlier, later) in zip(events, events.dropFirst()) {
            if let a = earlier.bestBound, let b = later.bestBound { #expect(b <= a + 1e-9) }
            if let a = earlier.incumbentObjective, let b = later.incumbentObjective { #expect(b >= a - 1e-9) }
            #expect(later.nodeCount >= earlier.nodeCount)
            #expect(later.elapsedSeconds >= earlier.elapsedSeconds)
        }
        for progress in events {
            if let incumbent = progress.incumbentObjective, let bound = progress.bestBound {
                #expect(bound >= incumbent - 1e-9)
                #expect(progress.relativeGap != nil)
            }
        }
        if let last = events.last?.bestBound, let final = solution.bestBound { #expect(final <= last + 1e-9) }
    }

    @Test func solutionInjectedAtTheFirstHeuristicCallBecomesTheIncumbent() throws {
        let model = TestModels.multiKnapsack()
        let greedy = TestModels.greedy(model)
        let greedyObjective = model.objectiveValue(greedy)
        #expect(model.maxViolation(greedy) == 0)
        var offered = false
        var incumbentsAfterOffer: [Double] = []
        let solution = try solver.solve(model, options: MILPSolveOptions(nodeLimit: 2, presolve: false, heuristics: []),
                                        log: nil) { progress in
            if offered, let incumbent = progress.incumbentObjective { incumbentsAfterOffer.append(incumbent) }
            if progress.event == .heuristicOpportunity && !offered {
                offered = true
                return MILPCallbackResponse(solutions: [greedy])
            }
            return .proceed
        }
        #expect(offered)
        #expect(solution.statistics.injectedSolutionsAccepted == 1)
        #expect(try #require(solution.objective) >= greedyObjective)
        #expect(incumbentsAfterOffer.allSatisfy { $0 >= greedyObjective })
        #expect(model.maxViolation(try #require(solution.values)) == 0)
    }

    @Test func initialSolutionIsAWarmStart() throws {
        let model = TestModels.multiKnapsack()
        let greedy = TestModels.greedy(model)
        let lines = LineCollector()
        let solution = try solver.solve(model, options: MILPSolveOptions(nodeLimit: 1, initialSolution: greedy, heuristics: []),
                                        log: { lines.append($0) }, callback: nil)
        #expect(solution.status == .nodeLimit)
        #expect(try #require(solution.objective) >= model.objectiveValue(greedy))
        #expect(solution.statistics.injectedSolutionsAccepted == 1)
        #expect(lines.lines.contains { $0.contains("presolver off") })
    }

    @Test func infeasibleOrUnusableOfferedSolutionsAreRejected() throws {
        let model = TestModels.multiKnapsack(items: 60, dimensions: 3, seed: 9)
        let everything = [Double](repeating: 1, count: model.variables.count) // violates every capacity
        let greedy = TestModels.greedy(model)
        // Presolve on: GLPK works on a transformed problem, so even a feasible offer is unusable.
        let withPresolve = try solver.solve(model, options: MILPSolveOptions(nodeLimit: 20), log: nil) { progress in
            progress.event == .heuristicOpportunity ? MILPCallbackResponse(solutions: [everything, greedy]) : .proceed
        }
        #expect(withPresolve.statistics.injectedSolutionsAccepted == 0)
        #expect(withPresolve.statistics.injectedSolutionsRejected >= 2)
        // Presolve off: the infeasible one is refused in Swift, the greedy one is injected once
        // and later copies do not improve.
        let withoutPresolve = try solver.solve(model, options: MILPSolveOptions(nodeLimit: 20, presolve: false, heuristics: []),
                                               log: nil) { progress in
            progress.event == .heuristicOpportunity ? MILPCallbackResponse(solutions: [everything, greedy]) : .proceed
        }
        #expect(withoutPresolve.statistics.injectedSolutionsAccepted >= 1)
        #expect(withoutPresolve.statistics.injectedSolutionsRejected >= 1)
        #expect(try #require(withoutPresolve.objective) >= model.objectiveValue(greedy))
    }

    @Test func reentrantSolveFromACallbackIsRefused() throws {
        let model = TestModels.multiKnapsack(items: 60, dimensions: 3, seed: 9)
        var inner: Result<MILPSolution, Error>?
        _ = try solver.solve(model, options: MILPSolveOptions(nodeLimit: 5), log: nil) { _ in
            if inner == nil { inner = Result { try GLPKSolver().solve(TestModels.knapsack()) } }
            return .proceed
        }
        guard case .failure(let error)? = inner else {
            Issue.record("inner solve ran")
            return
        }
        #expect(error as? MILPSolverError == .reentrantSolve)
    }
}
