extension PlanningRun {
    /// Baselines, the exact stage-aligned plan (globally and within each region), best first.
    ///
    /// Nothing runs when the bound is already 0 (nothing can be served: the answer is known). Each
    /// phase runs on a share of the time that remains, so that on a large cluster one slow
    /// heuristic cannot starve the others or the MILP; on small clusters every phase finishes long
    /// before its share ends.
    func runHeuristics() {
        guard !shouldStop else { return }
        var candidates: [(ranges: [LayerRange?], method: String)] = []
        let baselines: [BaselineMethod] = options.rule == .partialInference
            ? [.balanced, .separate, .swarm, .petals] : [.balanced, .separate, .swarm]
        for (position, method) in baselines.enumerated() where !shouldStop {
            // The balanced greedy first, with a larger share: it is the strongest baseline.
            let share = position == 0 ? 0.3 : 1 / Double(baselines.count - position + 3)
            let placement = method.placement(
                for: modelCluster, rule: options.rule, seed: options.seed, budget: budget.share(share))
            let ranges = placement.rangesByNodeIndex(in: cluster)
            offer(ranges, method: method.rawValue)
            candidates.append((ranges, method.rawValue))
        }
        // Off a complete mesh, pipelines that follow the links (the others ignore who links to whom).
        if !shouldStop && !LinkChainPlacement.isCompleteMesh(modelCluster) {
            phase = .linkChains
            report()
            let ranges = LinkChainPlacement.bestRanges(for: modelCluster, rule: options.rule, budget: budget.share(0.25))
            offer(ranges, method: "link chains")
            candidates.append((ranges, "link chains"))
        }
        guard !shouldStop else { return }
        phase = .stageAligned
        report()
        if let planner = StageAlignedPlanner(cluster: modelCluster),
           let plan = planner.bestPlan(maxStages: options.maxStages, budget: budget.share(0.5)) {
            offer(plan.ranges, method: "stage-aligned")
            candidates.append((plan.ranges, "stage-aligned"))
        }
        if !shouldStop, let regional = regionalPlan(budget: budget.share(0.4)) {
            offer(regional, method: "regional stage-aligned")
            candidates.append((regional, "regional stage-aligned"))
        }
        // Where links can bind, plans made without them are repaired by same-type swaps.
        guard !shouldStop, LinkProfile.linksMayBind(in: cluster) else { return }
        phase = .linkAwareSwaps
        report()
        let swaps = budget.share(0.5)
        for (position, candidate) in candidates.enumerated() where !shouldStop {
            let repaired = SwapSearch.improve(
                candidate.ranges, cluster: cluster, rule: options.rule,
                maxRounds: deterministic ? 50 : 200, budget: swaps.share(1 / Double(candidates.count - position)))
            offer(repaired.ranges, method: candidate.method + " + swaps")
        }
    }

    /// Where nodes carry region labels, the best stage-aligned plan of each region on its own, side
    /// by side: pipelines that never cross a slow inter-region link.
    func regionalPlan(budget: PlanningBudget) -> [LayerRange?]? {
        let regions = Dictionary(grouping: cluster.nodes.indices, by: { cluster.nodes[$0].region ?? "" })
        guard regions.count > 1 else { return nil }
        var combined = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        for key in regions.keys.sorted() {
            guard let members = regions[key], !budget.isExhausted,
                  let subcluster = try? modelCluster.restricted(to: members),
                  let planner = StageAlignedPlanner(cluster: subcluster),
                  let plan = planner.bestPlan(maxStages: options.maxStages, budget: budget)
            else { continue }
            for (position, node) in members.enumerated() { combined[node] = plan.ranges[position] }
        }
        return combined
    }
}
