extension PlanningRun {
    /// Baselines, the exact stage-aligned plan (globally and within each region), best first.
    func runHeuristics() {
        var candidates: [(ranges: [LayerRange?], method: String)] = []
        let baselines: [BaselineMethod] = options.rule == .partialInference
            ? [.balanced, .separate, .swarm, .petals] : [.balanced, .separate, .swarm]
        for method in baselines where !cancellation.isRaised {
            let placement = method.placement(for: modelCluster, rule: options.rule, seed: options.seed)
            let ranges = placement.rangesByNodeIndex(in: cluster)
            offer(ranges, method: method.rawValue)
            candidates.append((ranges, method.rawValue))
        }
        phase = "stage-aligned dynamic program"
        report()
        if let planner = StageAlignedPlanner(cluster: modelCluster),
           let plan = planner.bestPlan(maxStages: options.maxStages, shouldStop: { self.cancellation.isRaised || (!self.deterministic && self.remaining <= 0) }) {
            offer(plan.ranges, method: "stage-aligned")
            candidates.append((plan.ranges, "stage-aligned"))
        }
        if !shouldStop, let regional = regionalPlan() {
            offer(regional, method: "regional stage-aligned")
            candidates.append((regional, "regional stage-aligned"))
        }
        // Where links can bind, plans made without them are repaired by same-type swaps.
        guard LinkProfile(cluster: cluster, classes: NodeClasses(byTypeOf: cluster)).linksMayBind else { return }
        phase = "link-aware swaps"
        report()
        for candidate in candidates where !shouldStop {
            let repaired = SwapSearch.improve(
                candidate.ranges, cluster: cluster, rule: options.rule,
                maxRounds: deterministic ? 50 : 200, shouldStop: { self.shouldStop })
            offer(repaired.ranges, method: candidate.method + " + swaps")
        }
    }

    /// Where nodes carry region labels, the best stage-aligned plan of each region on its own, side
    /// by side: pipelines that never cross a slow inter-region link.
    func regionalPlan() -> [LayerRange?]? {
        let regions = Dictionary(grouping: cluster.nodes.indices, by: { cluster.nodes[$0].region ?? "" })
        guard regions.count > 1 else { return nil }
        var combined = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        for key in regions.keys.sorted() {
            guard let members = regions[key], !cancellation.isRaised,
                  let subcluster = try? modelCluster.restricted(to: members),
                  let planner = StageAlignedPlanner(cluster: subcluster),
                  let plan = planner.bestPlan(maxStages: options.maxStages, shouldStop: { self.cancellation.isRaised })
            else { continue }
            for (position, node) in members.enumerated() { combined[node] = plan.ranges[position] }
        }
        return combined
    }
}
