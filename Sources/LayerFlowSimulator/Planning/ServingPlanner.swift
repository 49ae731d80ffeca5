import Foundation
import LayerFlow

/// Plans for what users get: the planner's candidates (one max-flow plan per useful stage limit)
/// ranked by `ServingEstimate`, and the best few confirmed in the simulator before answering.
///
/// ```swift
/// var options = PlanOptions(timeLimitSeconds: 60)
/// options.objective = .realized(ServingWorkload(workload, options: .helixOffline))
/// let plan = try await ServingPlanner(planner: Planner(solver: GLPKSolver()))
///     .plan(cluster, options: options, workload: workload, simulation: .helixOffline)
/// print(plan.choice ?? "", plan.candidates?.first?.simulated?.realizedTokensPerSecond ?? 0)
/// ```
public struct ServingPlanner: Sendable {
    public var planner: Planner
    /// How many of the estimate's best candidates the simulator confirms (the max-flow-optimal plan
    /// is simulated as well, so the answer never serves less than it in the simulator). The
    /// estimate's best and the max-flow-optimal plan are always simulated; the others only while
    /// the time limit allows.
    public var confirmations: Int

    public init(planner: Planner, confirmations: Int = 16) {
        self.planner = planner
        self.confirmations = max(1, confirmations)
    }

    /// Share of the time limit the search gets; the simulations get the rest (in a release build
    /// an offline simulation of a 24-node plan takes about 1.6 s).
    static let searchShare = 0.45

    /// Plans `cluster` for `options.objective` (which must be a serving objective; its workload is
    /// replaced by `workload` as the simulator sees it), simulating candidates under `workload`
    /// with `simulation`. Under a service level with an offline workload, each confirmed candidate
    /// is simulated with Poisson arrivals at the highest load its estimate meets the targets at.
    /// - Returns: the chosen plan; `candidates` holds every candidate, simulated ones first.
    /// - Throws: `PlanOptionsError` for a max-flow objective or invalid options, `SimulationError`
    ///   for a plan the simulator rejects. Cancelled, it answers at once with the best plan so far
    ///   (status `.cancelled`).
    public func plan(
        _ cluster: Cluster, options: PlanOptions, workload: Workload, simulation: SimulationOptions,
        progress: (@Sendable (PlanProgress) -> Void)? = nil
    ) async throws -> PlanResult {
        let started = ContinuousClock.now
        let serving = ServingWorkload(workload, options: simulation)
        var searchOptions = options
        switch options.objective {
        case .maxFlow:
            throw PlanOptionsError.invalid(field: "objective", reason: "the serving planner needs a serving objective (realized or a service level)")
        case .realized: searchOptions.objective = .realized(serving)
        case .serviceLevel(let level, _): searchOptions.objective = .serviceLevel(level, serving)
        }
        try searchOptions.validate()
        searchOptions.timeLimitSeconds = options.timeLimitSeconds * Self.searchShare
        let candidates = try await planner.servingCandidates(cluster, options: searchOptions, progress: progress)
        guard !candidates.isEmpty else { return try await planner.plan(cluster, options: withoutObjective(options)) }
        let ranked = Planner.rank(candidates, objective: searchOptions.objective)

        // The estimate's best, then the max-flow-optimal plan (so the answer never serves less than
        // it in the simulator), then the estimate's next best.
        var chosenForSimulation = Array(ranked.prefix(1))
        if let deepest = ranked.max(by: { $0.result.throughputTokensPerSecond < $1.result.throughputTokensPerSecond }),
           deepest.result.placement != ranked[0].result.placement {
            chosenForSimulation.append(deepest)
        }
        for candidate in ranked.dropFirst().prefix(max(0, confirmations - 1))
        where !chosenForSimulation.contains(where: { $0.result.placement == candidate.result.placement }) {
            chosenForSimulation.append(candidate)
        }
        let alwaysSimulated = min(2, chosenForSimulation.count)
        var simulated: [(candidate: ServingCandidate, figures: SimulatedServing)] = []
        var slowest = 0.0
        // Every simulation ends by this time (one still running then is stopped and left out).
        let deadline = started + .milliseconds(Int64(options.timeLimitSeconds * 950))
        for (position, candidate) in chosenForSimulation.enumerated() {
            if Task.isCancelled { break }
            let elapsed = Self.seconds(since: started)
            // Keep the time limit: skip a simulation that would not finish within it (the estimate's
            // best and the max-flow-optimal plan always run).
            if position >= alwaysSimulated, elapsed + slowest > options.timeLimitSeconds { break }
            progress?(PlanProgress(
                phase: .simulating(index: position + 1, count: chosenForSimulation.count, stages: candidate.result.depth.stages),
                incumbentTokensPerSecond: candidate.result.throughputTokensPerSecond,
                boundTokensPerSecond: candidate.result.upperBoundTokensPerSecond, gap: candidate.result.gap,
                elapsedSeconds: elapsed))
            let runStart = ContinuousClock.now
            let runWorkload = try simulationWorkload(for: candidate, given: workload, objective: searchOptions.objective)
            let simulator = try Simulator(
                plan: SimulationPlan(cluster: cluster, placement: candidate.result.placement), workload: runWorkload, options: simulation)
            guard let report = try await Self.run(simulator, before: deadline) else { break }
            slowest = max(slowest, Self.seconds(since: runStart))
            simulated.append((candidate, Self.figures(report, workload: runWorkload)))
        }
        // Time left: local search around the best simulated plan, in the simulator.
        var incumbent: (candidate: ServingCandidate, figures: SimulatedServing)?
        if let best = Self.rankSimulated(simulated, objective: searchOptions.objective).first, !Task.isCancelled {
            var seen = Set(candidates.map(\.result.placement))
            let refinement = ServingRefinement(
                cluster: cluster, workload: workload, simulation: simulation, serving: serving, objective: searchOptions.objective)
            progress?(PlanProgress(
                phase: .refiningInSimulator, incumbentTokensPerSecond: best.candidate.result.throughputTokensPerSecond,
                boundTokensPerSecond: best.candidate.result.upperBoundTokensPerSecond, gap: best.candidate.result.gap,
                elapsedSeconds: Self.seconds(since: started)))
            let refined = await refinement.refine(best, deadline: deadline, slowestSimulation: slowest, seen: &seen)
            simulated += refined.simulated
            incumbent = refined.incumbent
        }
        // The local search's incumbent first (it is the best candidate, or a move from it that
        // gained); then the rest by the simulated objective.
        var order = Self.rankSimulated(simulated, objective: searchOptions.objective)
        if let incumbent, let position = order.firstIndex(where: { $0.candidate.result.placement == incumbent.candidate.result.placement }) {
            order.insert(order.remove(at: position), at: 0)
        }
        let rest = ranked.filter { candidate in !order.contains { $0.candidate.result.placement == candidate.result.placement } }
        var summaries = order.map { entry -> PlanCandidate in
            var summary = entry.candidate.summary
            summary.simulated = entry.figures
            return summary
        }
        summaries += rest.map(\.summary)
        let final = order.map(\.candidate) + rest
        var result = Planner.chosen(
            final, objective: searchOptions.objective, confirmed: summaries,
            reason: Self.describe(order, ranked: ranked, objective: searchOptions.objective))
        // Cancelled: the best plan so far (by the simulations done, else by the estimate).
        if Task.isCancelled { result.status = .cancelled }
        return result
    }

    private func withoutObjective(_ options: PlanOptions) -> PlanOptions {
        var options = options
        options.objective = .maxFlow
        return options
    }

    /// The workload a candidate is simulated under: the given one, or for a service level with an
    /// offline workload, Poisson arrivals at the candidate's highest load meeting the targets.
    private func simulationWorkload(for candidate: ServingCandidate, given: Workload, objective: PlanObjective) throws -> Workload {
        guard case .serviceLevel = objective, case .offline(let offline) = given else { return given }
        let pool: [RequestShape]
        let seed: UInt64
        switch offline.lengths {
        case .sequence(let shapes): (pool, seed) = (shapes, 0)
        case .sampled(let shapes, let drawSeed): (pool, seed) = (shapes, drawSeed)
        }
        let load = max(candidate.highestLoadTokensPerSecond ?? candidate.estimate.realizedTokensPerSecond * 0.5, 1)
        let arrivals = try ArrivalGenerator(
            process: .poisson, lengths: pool, offeredTokensPerSecond: load,
            durationSeconds: offline.warmupSeconds + offline.windowSeconds, startSeconds: 0, seed: seed
        ).arrivals()
        return .online(OnlineWorkload(arrivals: arrivals, warmupSeconds: offline.warmupSeconds, windowSeconds: offline.windowSeconds))
    }

    package static func figures(_ report: SimulationReport, workload: Workload) -> SimulatedServing {
        var offered: Double?
        if case .online(let online) = workload {
            offered = online.arrivals.offeredTokensPerSecond(durationSeconds: online.warmupSeconds + online.windowSeconds)
        }
        return SimulatedServing(
            realizedTokensPerSecond: report.realizedTokensPerSecond,
            totalTimeUsageTokensPerSecond: report.totalTimeUsageTokensPerSecond,
            decodeLatencyMeanSeconds: report.decodeLatencySeconds.mean, decodeLatencyP95Seconds: report.decodeLatencySeconds.p95,
            promptLatencyMeanSeconds: report.promptLatencySeconds.mean, promptLatencyP95Seconds: report.promptLatencySeconds.p95,
            workload: report.workload, offeredTokensPerSecond: offered)
    }

    /// Simulated candidates best first: realized throughput (within 1 %: lower mean decode latency);
    /// for a service level, those whose simulated p95 latencies meet it by realized throughput, then
    /// the rest by p95 decode latency.
    static func rankSimulated(
        _ entries: [(candidate: ServingCandidate, figures: SimulatedServing)], objective: PlanObjective
    ) -> [(candidate: ServingCandidate, figures: SimulatedServing)] {
        entries.sorted { a, b in
            if case .serviceLevel(let level, _) = objective {
                let meetsA = meets(a.figures, level), meetsB = meets(b.figures, level)
                if meetsA != meetsB { return meetsA }
                if !meetsA { return a.figures.decodeLatencyP95Seconds < b.figures.decodeLatencyP95Seconds }
            }
            let x = a.figures.realizedTokensPerSecond, y = b.figures.realizedTokensPerSecond
            if abs(x - y) <= 0.01 * max(x, y) { return a.figures.decodeLatencyMeanSeconds < b.figures.decodeLatencyMeanSeconds }
            return x > y
        }
    }

    static func meets(_ figures: SimulatedServing, _ level: ServiceLevel) -> Bool {
        level.isMet(timePerOutputToken: figures.decodeLatencyP95Seconds, timeToFirstToken: figures.promptLatencyP95Seconds)
    }

    static func describe(
        _ order: [(candidate: ServingCandidate, figures: SimulatedServing)], ranked: [ServingCandidate], objective: PlanObjective
    ) -> String {
        guard let best = order.first else {
            return "no candidate was simulated (stopped first); the estimate's best is the plan"
        }
        let figures = best.figures
        let summary = "\(Formatting.rate(figures.realizedTokensPerSecond)) realized, decode latency mean \(Formatting.number(figures.decodeLatencyMeanSeconds, decimals: 3)) s / p95 \(Formatting.number(figures.decodeLatencyP95Seconds, decimals: 3)) s at \(best.candidate.result.depth.stages) stages"
        let fromCandidates = order.filter { entry in ranked.contains { $0.result.placement == entry.candidate.result.placement } }.count
        let neighbours = order.count - fromCandidates
        let simulatedCount = "\(fromCandidates) of \(ranked.count) candidates simulated"
            + (neighbours > 0 ? ", and \(neighbours) neighbouring placements in the local search" : "")
        switch objective {
        case .serviceLevel(let level, _):
            if meets(figures, level) {
                return "highest simulated throughput meeting the targets (p95): \(summary); \(simulatedCount)"
            }
            return "no simulated plan meets the targets (p95); the best reachable is \(summary); \(simulatedCount)"
        default:
            return "highest simulated realized throughput: \(summary); \(simulatedCount)"
        }
    }

    /// Runs `simulator` to its end, or stops it at `deadline` (nil); nil also when the calling task
    /// is cancelled. A simulation of a large plan can take minutes, and the time limit holds.
    static func run(_ simulator: Simulator, before deadline: ContinuousClock.Instant) async throws -> SimulationReport? {
        try await withThrowingTaskGroup(of: SimulationReport?.self) { group in
            group.addTask {
                do {
                    return try await simulator.run()
                } catch is CancellationError {
                    return nil
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
