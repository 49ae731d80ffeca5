/// Link-aware repair of a placement by swapping the ranges of two nodes of the same GPU type.
///
/// A swap leaves every node's capacity, and so every stage's compute, as it was; it changes only
/// which links join consecutive stages. Planners that ignore links (the stage-aligned dynamic
/// program, the balanced greedy) can put two consecutive stages in regions joined by a slow link;
/// swaps guided by the minimum cut move such stages next to each other. Each round tries swaps
/// that involve a node at either end of a saturated link in the minimum cut, with every other node
/// of its type, and takes the first that raises the max flow; it stops when none does.
package enum SwapSearch {
    /// - Parameters:
    ///   - maxRounds: the most accepted swaps.
    ///   - budget: polled between evaluations; when it runs out the best ranges so far are returned.
    /// - Returns: the improved ranges and their max flow.
    /// - Complexity: O(maxRounds · c · n) max-flow evaluations for c nodes on cut links and n nodes.
    package static func improve(
        _ ranges: [LayerRange?], cluster: Cluster, rule: ContiguityRule, maxRounds: Int = 200,
        budget: PlanningBudget = .unlimited
    ) -> (ranges: [LayerRange?], throughput: Double) {
        var current = ranges
        var score = cluster.score(current, rule: rule)
        for _ in 0..<maxRounds {
            if budget.isExhausted { break }
            var candidates: [Int] = []
            var seen = Set<Int>()
            for arc in score.flow.cutArcs {
                guard case .link(let index) = score.network.arcKinds[arc] else { continue }
                let ends = cluster.linkEnds[index]
                for node in [ends.from, ends.to] where node != Cluster.coordinatorIndex && seen.insert(node).inserted {
                    candidates.append(node)
                }
            }
            guard !candidates.isEmpty else { break }
            var improved = false
            search: for node in candidates {
                for other in cluster.nodes.indices
                where other != node && cluster.typeIndexOfNode[other] == cluster.typeIndexOfNode[node]
                    && current[other] != current[node] {
                    if budget.isExhausted { break search }
                    var trial = current
                    trial.swapAt(node, other)
                    let trialScore = cluster.score(trial, rule: rule)
                    if trialScore.flow.value > score.flow.value * (1 + 1e-9) {
                        current = trial
                        score = trialScore
                        improved = true
                        break search
                    }
                }
            }
            if !improved { break }
        }
        return (current, score.flow.value)
    }
}
