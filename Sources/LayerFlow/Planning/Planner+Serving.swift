import Foundation

/// A max-flow plan under one stage limit, with what it is predicted to serve: the unit the serving
/// objectives choose among.
public struct ServingCandidate: Sendable {
    /// The stage limit (nil: none).
    public var maxStages: Int?
    public var result: PlanResult
    /// Closed loop: what the plan sustains.
    public var estimate: ServingEstimate
    /// At the objective's offered load, or at `highestLoadTokensPerSecond`.
    public var loadEstimate: ServingEstimate?
    /// Service level without an offered load: the highest load whose predicted latencies meet it.
    public var highestLoadTokensPerSecond: Double?

    /// The candidate's summary for a plan's `candidates`.
    public var summary: PlanCandidate {
        PlanCandidate(
            maxStages: maxStages, placement: result.placement, throughputTokensPerSecond: result.throughputTokensPerSecond,
            upperBoundTokensPerSecond: result.upperBoundTokensPerSecond, stages: result.depth.stages, estimate: estimate,
            loadEstimate: loadEstimate, highestLoadTokensPerSecond: highestLoadTokensPerSecond)
    }
}

extension Planner {
    /// Plans for a serving objective (`options.objective` other than `.maxFlow`): the max-flow plan
    /// without a stage limit (its proven bound kept), then one per useful stage limit, each scored
    /// by ``ServingEstimate``; returns the best by the objective, with every candidate attached.
    func planForServing(
        _ cluster: Cluster, options: PlanOptions, progress: (@Sendable (PlanProgress) -> Void)?
    ) async throws -> PlanResult {
        let candidates = try await servingCandidates(cluster, options: options, progress: progress)
        guard !candidates.isEmpty else {
            // Nothing serves (or nothing could be planned in time): the max-flow answer says why.
            var maxFlow = options
            maxFlow.objective = .maxFlow
            return try await plan(cluster, options: maxFlow, progress: progress)
        }
        let ranked = Self.rank(candidates, objective: options.objective)
        return Self.chosen(ranked, objective: options.objective, confirmed: nil)
    }

    /// The candidates a serving objective chooses among, in stage-limit order: the unconstrained
    /// max-flow plan first (it takes two thirds of the time limit and proves the bound), then the
    /// heuristic and stage-aligned plan under each useful stage limit, sharing the rest. Useful limits run from the fewest stages
    /// that can hold the model to one below the unconstrained plan's depth; beyond twelve of them,
    /// the deeper ones are thinned evenly (each deeper limit buys less). Each plan that leaves
    /// nodes idle also comes with them put to work beside its stages (`IdleNodeFilling`).
    /// - Throws: `ServingEstimateError` (as `PlanOptionsError`) when a GPU type lacks a serving profile.
    /// - Complexity: one plan per limit kept (at most 16), one estimate per plan.
    public func servingCandidates(
        _ cluster: Cluster, options: PlanOptions, progress: (@Sendable (PlanProgress) -> Void)? = nil
    ) async throws -> [ServingCandidate] {
        guard let workload = options.objective.workload else { return [] }
        var base = options
        base.objective = .maxFlow
        let started = ContinuousClock.now
        var unconstrained = base
        unconstrained.timeLimitSeconds = options.timeLimitSeconds * 2 / 3
        let top = try await plan(cluster, options: unconstrained, progress: Self.forward(progress, stageLimit: nil))
        var results: [(Int?, PlanResult)] = [(options.maxStages, top)]
        let limits = Self.usefulStageLimits(cluster, below: top.depth.stages, cap: options.maxStages)
        for (position, limit) in limits.enumerated() {
            if Task.isCancelled { break }
            let spent = Double((ContinuousClock.now - started).components.seconds)
                + Double((ContinuousClock.now - started).components.attoseconds) * 1e-18
            let left = options.timeLimitSeconds - spent
            guard left > 0.05 else { break }
            var limited = base
            limited.maxStages = limit
            // The heuristics and the exact stage-aligned program: the candidates' job is to span the
            // depths, not to prove each one (the unconstrained plan proves the bound).
            limited.formulation = .none
            limited.timeLimitSeconds = max(0.05, left / Double(limits.count - position))
            let result = try await plan(cluster, options: limited, progress: Self.forward(progress, stageLimit: limit))
            if result.throughputTokensPerSecond > 0 { results.append((limit, result)) }
        }
        // Several limits can give the same plan (a deeper limit whose best plan is shallower).
        var seen = Set<Placement>()
        var unique: [(Int?, PlanResult)] = []
        for (limit, result) in results where result.throughputTokensPerSecond > 0 && seen.insert(result.placement).inserted {
            unique.append((limit, result))
        }
        // Each plan with its idle nodes put to work beside its stages (same depth, more KV), within
        // a tenth of the time limit.
        let deadline = ContinuousClock.now + .milliseconds(Int64(options.timeLimitSeconds * 100))
        for (limit, result) in unique where !Task.isCancelled {
            guard let filled = IdleNodeFilling.filled(result, cluster: cluster, workload: workload, deadline: deadline),
                  seen.insert(filled).inserted,
                  let variant = try? result.replacingPlacement(filled, cluster: cluster, method: "+idle-nodes") else { continue }
            unique.append((limit, variant))
        }
        var candidates: [ServingCandidate] = []
        for (limit, result) in unique {
            do {
                candidates.append(try Self.score(result, limit: limit, cluster: cluster, objective: options.objective, workload: workload))
            } catch {
                throw PlanOptionsError.invalid(field: "objective", reason: error.description)
            }
        }
        return candidates
    }

    /// Stage limits worth planning under, below `deepest`: from the fewest that can hold the model,
    /// all of the first twelve, then evenly thinned to sixteen in all.
    static func usefulStageLimits(_ cluster: Cluster, below deepest: Int, cap: Int?) -> [Int] {
        let bound = WorkBound(cluster: cluster)
        let highest = min(deepest - 1, cap ?? Int.max)
        guard highest >= 1 else { return [] }
        guard let lowest = (1...highest).first(where: { bound.upperBound(maxStages: $0, relativeTolerance: 1e-6) > 0 }) else { return [] }
        let all = Array(lowest...highest)
        guard all.count > 16 else { return all }
        let dense = all.prefix(12)
        let rest = all.dropFirst(12)
        let step = Double(rest.count) / 4
        let sparse = (1...4).map { rest[rest.startIndex + min(rest.count - 1, Int((Double($0) * step).rounded(.up)) - 1)] }
        return Array(dense) + Array(Set(sparse)).sorted()
    }

    /// `result` with its closed-loop estimate, and for a service level its load estimate.
    package static func score(
        _ result: PlanResult, limit: Int?, cluster: Cluster, objective: PlanObjective, workload: ServingWorkload
    ) throws(ServingEstimateError) -> ServingCandidate {
        var closedLoop = workload
        if case .offered = workload.arrivals { closedLoop.arrivals = .closedLoop(feedHighWaterMark: workload.nodeHighWaterMark) }
        let estimate = try cluster.estimateServing(result.evaluation, workload: closedLoop)
        var candidate = ServingCandidate(maxStages: limit, result: result, estimate: estimate)
        guard case .serviceLevel(let level, _) = objective else { return candidate }
        if case .offered = workload.arrivals {
            candidate.loadEstimate = try cluster.estimateServing(result.evaluation, workload: workload)
            return candidate
        }
        // The highest offered load whose predicted latencies meet the targets, by bisection (latency
        // rises with load).
        func meets(_ load: Double) throws(ServingEstimateError) -> ServingEstimate? {
            var offered = workload
            offered.arrivals = .offered(tokensPerSecond: load)
            let estimate = try cluster.estimateServing(result.evaluation, workload: offered)
            let ok = estimate.limit != .overloaded
                && level.isMet(timePerOutputToken: estimate.timePerOutputTokenSeconds, timeToFirstToken: estimate.timeToFirstTokenSeconds)
            return ok ? estimate : nil
        }
        var low = 0.0, high = max(estimate.realizedTokensPerSecond, 1)
        var best: ServingEstimate?
        for _ in 0..<30 {
            let middle = (low + high) / 2
            if let estimate = try meets(middle) {
                low = middle
                best = estimate
            } else {
                high = middle
            }
        }
        candidate.loadEstimate = best
        candidate.highestLoadTokensPerSecond = best == nil ? nil : low
        return candidate
    }

    /// Candidates best first by the objective's prediction: realized throughput (within 1 %: lower
    /// time per output token), or for a service level, the candidates that meet it by throughput,
    /// then the rest by latency.
    public static func rank(_ candidates: [ServingCandidate], objective: PlanObjective) -> [ServingCandidate] {
        func better(_ a: ServingCandidate, _ b: ServingCandidate) -> Bool {
            switch objective {
            case .maxFlow:
                return a.result.throughputTokensPerSecond > b.result.throughputTokensPerSecond
            case .realized:
                let x = a.estimate.realizedTokensPerSecond, y = b.estimate.realizedTokensPerSecond
                if abs(x - y) <= 0.01 * max(x, y) { return a.estimate.timePerOutputTokenSeconds < b.estimate.timePerOutputTokenSeconds }
                return x > y
            case .serviceLevel(let level, _):
                let meetsA = meets(a, level), meetsB = meets(b, level)
                if meetsA != meetsB { return meetsA }
                if meetsA { return servedLoad(a) > servedLoad(b) }
                let tpotA = a.loadEstimate?.timePerOutputTokenSeconds ?? a.estimate.timePerOutputTokenSeconds
                let tpotB = b.loadEstimate?.timePerOutputTokenSeconds ?? b.estimate.timePerOutputTokenSeconds
                return tpotA < tpotB
            }
        }
        return candidates.sorted(by: better)
    }

    /// Whether the candidate's predicted latencies meet `level` (at the offered or highest load).
    static func meets(_ candidate: ServingCandidate, _ level: ServiceLevel) -> Bool {
        guard let load = candidate.loadEstimate, load.limit != .overloaded else { return false }
        return level.isMet(timePerOutputToken: load.timePerOutputTokenSeconds, timeToFirstToken: load.timeToFirstTokenSeconds)
    }

    /// Throughput a service-level candidate serves within its targets.
    static func servedLoad(_ candidate: ServingCandidate) -> Double {
        candidate.highestLoadTokensPerSecond ?? candidate.estimate.realizedTokensPerSecond
    }

    /// The first of `ranked` as the plan, with every candidate and why it was chosen; `confirmed`
    /// replaces the summaries (with simulated figures) when the simulator ranked them.
    public static func chosen(
        _ ranked: [ServingCandidate], objective: PlanObjective, confirmed: [PlanCandidate]?,
        reason: String? = nil
    ) -> PlanResult {
        let best = ranked[0]
        var result = best.result
        result.serving = best.loadEstimate ?? best.estimate
        result.candidates = confirmed ?? ranked.map(\.summary)
        result.provenance.options.objective = objective
        result.choice = reason ?? describeChoice(best, among: ranked, objective: objective)
        return result
    }

    static func describeChoice(_ best: ServingCandidate, among ranked: [ServingCandidate], objective: PlanObjective) -> String {
        let depth = "\(best.result.depth.stages) stages"
        let deepest = ranked.max { $0.result.throughputTokensPerSecond < $1.result.throughputTokensPerSecond }
        let flow = deepest.map { " (the max-flow-optimal plan: \(Formatting.rate($0.result.throughputTokensPerSecond)), \($0.result.depth.stages) stages, predicted \(Formatting.rate($0.estimate.realizedTokensPerSecond)))" } ?? ""
        switch objective {
        case .maxFlow:
            return "highest max flow"
        case .realized:
            return "highest predicted realized throughput among \(ranked.count) candidates: \(Formatting.rate(best.estimate.realizedTokensPerSecond)) at \(depth), predicted time per output token \(Formatting.number(best.estimate.timePerOutputTokenSeconds, decimals: 3)) s\(flow)"
        case .serviceLevel(let level, _):
            if meets(best, level) {
                return "highest predicted throughput meeting the targets among \(ranked.count) candidates: \(Formatting.rate(servedLoad(best))) at \(depth)"
            }
            let tpot = best.loadEstimate?.timePerOutputTokenSeconds ?? best.estimate.timePerOutputTokenSeconds
            return "no candidate is predicted to meet the targets; the lowest predicted time per output token is \(Formatting.number(tpot, decimals: 3)) s at \(depth)"
        }
    }

    /// `progress` with each report's phase wrapped in the candidate search it belongs to.
    static func forward(_ progress: (@Sendable (PlanProgress) -> Void)?, stageLimit: Int?) -> (@Sendable (PlanProgress) -> Void)? {
        guard let progress else { return nil }
        return { report in
            var report = report
            report.phase = .servingCandidate(stageLimit: stageLimit, report.phase)
            progress(report)
        }
    }
}

extension PlanResult {
    /// This result with another placement of the same cluster, re-evaluated by max-flow (the bound
    /// kept, never below the new throughput; `method` appended to the provenance's).
    /// - Throws: `PlacementError` for a placement that does not fit the cluster.
    package func replacingPlacement(_ placement: Placement, cluster: Cluster, method: String) throws -> PlanResult {
        let (evaluation, depth) = try cluster.evaluateWithDepth(placement, rule: self.evaluation.rule)
        var result = self
        result.placement = placement
        result.evaluation = evaluation
        result.depth = depth
        result.throughputTokensPerSecond = evaluation.throughputTokensPerSecond
        result.upperBoundTokensPerSecond = max(upperBoundTokensPerSecond, evaluation.throughputTokensPerSecond)
        result.gap = PlanResult.gap(throughput: result.throughputTokensPerSecond, bound: result.upperBoundTokensPerSecond)
        if !result.provenance.method.hasSuffix(method) { result.provenance.method += method }
        return result
    }
}
