import LayerFlow

/// Routing by LayerFlow's own `Scheduler`: whole routes by smooth weighted round robin over the
/// max-flow paths, with KV reservations; a query that does not fit waits in the scheduler's FIFO
/// queue (it is not dropped) and is admitted when another finishes.
struct LayerFlowRouter {
    enum Decision {
        case routed([RouteStage])
        case queued
        case rejected
    }

    private let scheduler: Scheduler
    /// Simulator link index of each cluster link the plan uses.
    private let simulatorLink: [Int: Int]
    private let expectedOutputTokens: Int

    init(plan: SimulationPlan, cluster: SimulatedCluster, options: SimulationOptions) throws(SimulationError) {
        do {
            scheduler = try Scheduler(
                cluster: plan.cluster, placement: plan.placement, rule: .strict,
                options: SchedulerOptions(highWaterMark: options.expectedKVHighWaterMark))
        } catch {
            throw .invalidPlacement(String(describing: error))
        }
        var map: [Int: Int] = [:]
        for (index, link) in cluster.links.enumerated() { map[link.clusterIndex] = index }
        simulatorLink = map
        expectedOutputTokens = Int(Double(options.averageOutputTokens) * options.expectedOutputLengthRatio)
    }

    /// Routes, queues or rejects a query's prompt.
    func route(query: Int, inputTokens: Int, cluster: SimulatedCluster) -> Decision {
        switch scheduler.route(for: Request(id: query, promptTokens: inputTokens, expectedOutputTokens: expectedOutputTokens)) {
        case .routed(let route): return .routed(stages(of: route, cluster: cluster))
        case .queued: return .queued
        case .rejected: return .rejected
        }
    }

    /// The query finished: its reservation is released; returns the queued queries this admits.
    func complete(query: Int, cluster: SimulatedCluster) -> [(query: Int, route: [RouteStage])] {
        let admissions = (try? scheduler.complete(query)) ?? []
        return admissions.map { ($0.request.id, stages(of: $0.route, cluster: cluster)) }
    }

    var queuedCount: Int { scheduler.snapshot().queued }

    /// KV tokens reserved on each node, by position in the plan's `cluster.nodes`.
    /// - Complexity: O(nodes).
    var reservedTokens: [Int] { scheduler.snapshot().reservedTokens }

    /// The KV tokens a query with this prompt reserves: prompt + expected output.
    func footprint(inputTokens: Int) -> Int { inputTokens + expectedOutputTokens }

    private func stages(of route: Route, cluster: SimulatedCluster) -> [RouteStage] {
        var stages: [RouteStage] = []
        stages.reserveCapacity(route.hops.count + 1)
        for link in route.hops.map(\.link) + [route.exitLink] {
            let index = simulatorLink[link]!
            let info = cluster.links[index]
            stages.append(RouteStage(
                link: index, receiver: info.to, bandwidth: info.bandwidthBytesPerSecond.rounded(.down), slot: 0))
        }
        return stages
    }
}
