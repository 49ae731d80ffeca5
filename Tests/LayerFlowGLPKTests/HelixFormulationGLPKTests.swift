import Foundation
import LayerFlow
import LayerFlowGLPK
import LayerFlowTestSupport
import Testing

/// Helix's MILP (``HelixFormulation``) solved by GLPK. Every placement GLPK returns is scored by
/// LayerFlow's own max-flow, never by the solver's objective.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason))
struct HelixFormulationGLPKTests {
    /// Proven optimum of `helix-single24-a100-llama30b.json` (Helix: Gurobi; equals the `separate` plan).
    static let a100Optimum = 1044.533345056491

    @Test(arguments: [false, true])
    func a100ModelSolvesToTheKnownOptimum(warmStart: Bool) throws {
        let instance = try SharedData.instance("helix-single24-a100-llama30b.json")
        let cluster = try instance.cluster()
        let formulation = HelixFormulation(cluster: cluster, redundantEnableRows: true)
        var options = MILPSolveOptions(timeLimitSeconds: 120, logLevel: .off)
        if warmStart {
            let separate = try #require(try instance.referencePlacements.first { $0.method == "separate" }?.placement)
            options.initialSolution = try formulation.values(for: separate)
        }
        let solution = try GLPKSolver().solve(formulation.model, options: options)
        #expect(solution.status == .optimal)
        let values = try #require(solution.values)
        #expect(formulation.model.maxViolation(values) <= 1e-6)
        let placement = formulation.placement(from: values)
        let throughput = try cluster.evaluate(placement).throughputTokensPerSecond
        #expect(abs(throughput - Self.a100Optimum) <= 1e-9 * Self.a100Optimum, "max flow \(throughput)")
        if let bound = solution.bestBound {
            #expect(bound >= throughput * (1 - 1e-9))
        }
    }

    /// Best known max flow of `helix-single24-llama70b.json` (Helix's Gurobi run); every valid
    /// bound on its Helix model is at least this.
    static let single24BestKnown = 1289.5557702751464

    /// A short, bounded run on the 24-node LLaMA-70B model from the petals warm start: whatever GLPK
    /// returns must be valid — a feasible point whose placement's max flow lies below GLPK's bound.
    ///
    /// Helix's exact model has 5e8 tokens/s coordinator-arc coefficients on binaries. GLPK 5.0
    /// without problem scaling met ill-conditioned bases there and declared the warm start optimal,
    /// a bound below the known 1289.56 (recorded as a known issue, intermittent since the backend
    /// scales); with scaling, longer runs return incumbents whose flow passes a switched-off arc
    /// (see docs/Guides/HelixFormulation.md). With `tightArcCapacities` both are gone.
    @Test(arguments: [false, true])
    func single24ShortRunIsValid(tightArcCapacities: Bool) throws {
        let instance = try SharedData.instance("helix-single24-llama70b.json")
        let cluster = try instance.cluster()
        let formulation = HelixFormulation(cluster: cluster, tightArcCapacities: tightArcCapacities)
        let warm = try #require(try instance.referencePlacements.first { $0.method == "petals" }?.placement)
        let options = MILPSolveOptions(
            timeLimitSeconds: 5, initialSolution: try formulation.values(for: warm), logLevel: .off)
        let solution = try GLPKSolver().solve(formulation.model, options: options)
        let values = try #require(solution.values, "the warm start alone is a solution")
        #expect(formulation.model.maxViolation(values) <= 1e-6)
        let throughput = try cluster.evaluate(formulation.placement(from: values)).throughputTokensPerSecond
        #expect(throughput >= 531.7025845523623 * (1 - 1e-9), "no worse than the petals warm start")
        let bound = try #require(solution.bestBound)
        #expect(bound >= throughput * (1 - 1e-9))
        #expect(throughput <= cluster.computeUpperBoundTokensPerSecond * (1 + 1e-12))
        if tightArcCapacities {
            #expect(bound >= Self.single24BestKnown * (1 - 1e-9))
        } else {
            withKnownIssue("GLPK declares a wrong optimum on Helix's ill-conditioned model", isIntermittent: true) {
                #expect(bound >= Self.single24BestKnown * (1 - 1e-9))
            }
        }
    }

    /// Measurement, not a unit test: `LAYERFLOW_HELIX_MEASURE_SECONDS` (default 60) of GLPK on
    /// single24-llama70b, Helix's model and the tightened one, with no warm start, the petals
    /// placement and Helix's own placement. Run with
    /// `LAYERFLOW_HELIX_MEASURE=1 swift test --filter single24Measurement`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["LAYERFLOW_HELIX_MEASURE"] != nil,
                   "set LAYERFLOW_HELIX_MEASURE=1 to run the 60-second GLPK measurements"))
    func single24Measurement() throws {
        let seconds = Double(ProcessInfo.processInfo.environment["LAYERFLOW_HELIX_MEASURE_SECONDS"] ?? "") ?? 60
        let instance = try SharedData.instance("helix-single24-llama70b.json")
        let cluster = try instance.cluster()
        let references = try instance.referencePlacements
        let starts: [(String, Placement?)] = [
            ("none", nil),
            ("petals", references.first { $0.method == "petals" }?.placement),
            ("helix-milp", references.first { $0.method == "helix-milp" }?.placement),
        ]
        for tight in [false, true] {
            let formulation = HelixFormulation(cluster: cluster, tightArcCapacities: tight)
            for (label, start) in starts {
                try measure(formulation, label: label, start: start, seconds: seconds)
            }
        }
    }

    private func measure(_ formulation: HelixFormulation, label: String, start: Placement?, seconds: Double) throws {
        var options = MILPSolveOptions(timeLimitSeconds: seconds, logLevel: .off)
        if let start { options.initialSolution = try formulation.values(for: start) }
        let solution = try GLPKSolver().solve(formulation.model, options: options)
        var throughput: Double? = nil
        if let values = solution.values {
            throughput = try formulation.cluster.evaluate(formulation.placement(from: values)).throughputTokensPerSecond
        }
        func text(_ value: Double?) -> String { value.map { "\($0)" } ?? "-" }
        let violation = solution.values.map { formulation.model.maxViolation($0) }
        print("HELIX-GLPK single24-llama70b tightArcCapacities=\(formulation.tightArcCapacities) warm=\(label)"
            + " limit=\(seconds)s status=\(solution.status) objective=\(text(solution.objective))"
            + " maxViolation=\(text(violation))"
            + " maxFlowOfPlacement=\(text(throughput)) bound=\(text(solution.bestBound))"
            + " lpRelaxation=\(text(solution.statistics.lpRelaxationObjective))"
            + " nodes=\(solution.statistics.nodes) seconds=\(solution.statistics.seconds)")
        if let throughput, let bound = solution.bestBound {
            #expect(bound >= throughput * (1 - 1e-9))
        }
    }
}
