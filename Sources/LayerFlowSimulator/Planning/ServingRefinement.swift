import Foundation
import LayerFlow

/// Local search in the simulator: from the best simulated plan, neighbouring placements of the same
/// or lower depth — a stage boundary moved by one layer, a node moved to another stage — ranked by
/// the serving estimate, the best few simulated each round, the best simulated kept while it gains.
/// The estimate narrows the neighbourhood; the simulator decides, so what is reported is measured.
struct ServingRefinement {
    let cluster: Cluster
    let workload: Workload
    let simulation: SimulationOptions
    let serving: ServingWorkload
    let objective: PlanObjective
    /// Neighbours simulated per round.
    let perRound = 3
    /// Neighbours scored by the estimate per round (each costs a max-flow and an estimate).
    let scoredPerRound = 48

    /// Placements one move from `placement`: for every two node groups whose ranges meet at a
    /// layer boundary, that boundary moved by one layer either way (every node of both groups);
    /// and every node of a group of two or more moved to another group's range. Moves that leave a
    /// node more layers than it can hold, or none, are left out.
    /// - Complexity: O(groups² + nodes · groups) placements.
    func neighbours(of placement: Placement) -> [Placement] {
        let ranges = placement.rangesByNodeIndex(in: cluster)
        var groups: [LayerRange: [Int]] = [:]
        for (node, range) in ranges.enumerated() {
            if let range { groups[range, default: []].append(node) }
        }
        let keys = groups.keys.sorted { $0.start != $1.start ? $0.start < $1.start : $0.end < $1.end }
        func fits(_ nodes: [Int], _ range: LayerRange) -> Bool {
            range.count >= 1 && nodes.allSatisfy { range.count <= cluster.maxHoldableLayers(nodeAt: $0) }
        }
        var result: [Placement] = []
        for left in keys {
            for right in keys where right.start == left.end {
                for shift in [-1, 1] {
                    let boundary = left.end + shift
                    guard boundary > left.start, boundary < right.end else { continue }
                    let newLeft = LayerRange(left.start, boundary), newRight = LayerRange(boundary, right.end)
                    // Only when every holder of either range moves with it (a clean stage boundary).
                    guard fits(groups[left]!, newLeft), fits(groups[right]!, newRight) else { continue }
                    var trial = ranges
                    for node in groups[left]! { trial[node] = newLeft }
                    for node in groups[right]! { trial[node] = newRight }
                    result.append(Placement(cluster: cluster, rangesByNodeIndex: trial))
                }
            }
        }
        for source in keys where groups[source]!.count >= 2 {
            for node in groups[source]! {
                for target in keys where target != source && fits([node], target) {
                    var trial = ranges
                    trial[node] = target
                    result.append(Placement(cluster: cluster, rangesByNodeIndex: trial))
                }
            }
        }
        return result
    }

    /// Improves `start` until `deadline`: each round simulates the estimate's best `perRound`
    /// unseen neighbours of the incumbent and moves to the best of them if it beats the incumbent
    /// in the simulator (by `ServingPlanner.rankSimulated`).
    /// - Returns: every neighbour simulated, in order, and the incumbent at the end.
    func refine(
        _ start: (candidate: ServingCandidate, figures: SimulatedServing), deadline: ContinuousClock.Instant,
        slowestSimulation: Double, seen: inout Set<Placement>
    ) async -> (simulated: [(candidate: ServingCandidate, figures: SimulatedServing)], incumbent: (candidate: ServingCandidate, figures: SimulatedServing)) {
        var incumbent = start
        // Every plan the search has stood on: a move must gain over each of them, so that small
        // steps cannot add up to a trade none of them would make alone.
        var path = [start.figures]
        var simulated: [(candidate: ServingCandidate, figures: SimulatedServing)] = []
        var slowest = slowestSimulation
        while !Task.isCancelled {
            // Score unseen neighbours (boundary moves first) while time remains, at most
            // `scoredPerRound` of them: on a large cluster each costs a max-flow.
            var scored: [ServingCandidate] = []
            for placement in neighbours(of: incumbent.candidate.result.placement) where !seen.contains(placement) {
                if scored.count >= scoredPerRound || ContinuousClock.now + .seconds(slowest) >= deadline { break }
                guard let result = try? incumbent.candidate.result.replacingPlacement(placement, cluster: cluster, method: "+refined"),
                      result.throughputTokensPerSecond > 0,
                      let candidate = try? Planner.score(result, limit: incumbent.candidate.maxStages, cluster: cluster, objective: objective, workload: serving)
                else {
                    seen.insert(placement)
                    continue
                }
                scored.append(candidate)
            }
            let round = Planner.rank(scored, objective: objective).prefix(perRound)
            guard !round.isEmpty else { break }
            var entries: [(candidate: ServingCandidate, figures: SimulatedServing)] = []
            for candidate in round {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .seconds(slowest) else { break }
                seen.insert(candidate.result.placement)
                let began = ContinuousClock.now
                guard let simulator = try? Simulator(
                        plan: SimulationPlan(cluster: cluster, placement: candidate.result.placement), workload: workload, options: simulation),
                      let report = try? await ServingPlanner.run(simulator, before: deadline) else { break }
                slowest = max(slowest, ServingPlanner.seconds(since: began))
                entries.append((candidate, ServingPlanner.figures(report, workload: workload)))
            }
            guard !entries.isEmpty else { break }
            simulated += entries
            let best = ServingPlanner.rankSimulated(entries + [incumbent], objective: objective)[0]
            // No gain this round: the next-best neighbours of the same incumbent get their turn.
            if best.candidate.result.placement != incumbent.candidate.result.placement,
               path.allSatisfy({ gains(best.figures, over: $0) }) {
                incumbent = best
                path.append(best.figures)
            }
        }
        return (simulated, incumbent)
    }

    /// Whether moving to `figures` is progress: for a service level, ranking first is enough; for
    /// realized throughput, a gain at least as large (relatively) as what either mean latency
    /// (decode or prompt) loses, or as much throughput within 1 % with 5 % lower mean decode latency
    /// and no worse prompt latency: the search does not buy a little throughput with a lot of waiting,
    /// and ties cannot drift step by step.
    func gains(_ figures: SimulatedServing, over incumbent: SimulatedServing) -> Bool {
        if case .serviceLevel = objective { return true }
        let throughput = figures.realizedTokensPerSecond / max(incumbent.realizedTokensPerSecond, .leastNonzeroMagnitude)
        let decode = figures.decodeLatencyMeanSeconds / max(incumbent.decodeLatencyMeanSeconds, .leastNonzeroMagnitude)
        let prompt = figures.promptLatencyMeanSeconds / max(incumbent.promptLatencyMeanSeconds, .leastNonzeroMagnitude)
        if throughput > 1 && throughput >= max(decode, prompt) { return true }
        return throughput >= 0.99 && decode <= 0.95 && prompt <= 1
    }
}
