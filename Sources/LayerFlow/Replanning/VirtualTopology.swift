/// What the health policy did to one node or link, and why.
public struct HealthDecision: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable { case excluded, derated }

    /// A node id, or `A-B` for a link.
    public var element: String
    public var action: Action
    /// The capacity multiplier applied (0 when excluded).
    public var factor: Double
    public var reason: String
}

/// The cluster the planner consumes after the health policy: unreliable elements dropped or
/// derated, each with its reason.
public struct VirtualTopology: Sendable, Hashable {
    public var cluster: Cluster
    public var decisions: [HealthDecision]
}

extension ClusterHealth {
    /// Applies the policy to `cluster` (a pure function, no solver): a node that is unusable,
    /// slower than `excludeBelowFactor` or likelier than `maxFailureProbability` to fail within the
    /// horizon is excluded; another with a factor below 1 (or, with `weightByAvailability`, a
    /// failure probability above 0) is derated to exactly nominal × factor. A link whose usable
    /// share `bandwidthFactor × (1 − loss)` is below `excludeBelowFactor` is removed, otherwise
    /// derated (latency × `latencyFactor`).
    /// - Throws: `ReplanError` naming the node, link or field: unknown ids, factors outside (0, 1],
    ///   a negative failure rate, a loss outside [0, 1), every node excluded.
    /// - Complexity: O(nodes + health entries · links).
    public func virtualTopology(of cluster: Cluster) throws -> VirtualTopology {
        try validate(against: cluster)
        var decisions: [HealthDecision] = []
        var excluded: [String] = []
        var derating: [(String, Double)] = []
        for id in nodes.keys.sorted() {
            guard let health = nodes[id] else { continue }
            let probability = policy.failureProbability(rate: health.failuresPerHour)
            if let reason = exclusionReason(health, probability: probability) {
                excluded.append(id)
                decisions.append(HealthDecision(element: id, action: .excluded, factor: 0, reason: reason))
                continue
            }
            let factor = health.throughputFactor * (policy.weightByAvailability ? 1 - probability : 1)
            guard factor < 1 else { continue }
            derating.append((id, factor))
            decisions.append(HealthDecision(element: id, action: .derated, factor: factor, reason: derationReason(health, probability: probability)))
        }
        guard excluded.count < cluster.nodes.count else {
            throw ReplanError.everyNodeExcluded(reasons: decisions.map { "\($0.element): \($0.reason)" })
        }
        var edited = try cluster.removingNodes(excluded, field: "health")
        for (id, factor) in derating { edited = try edited.deratingNode(id, factor: factor, field: "health.nodes[\(id)]") }
        for link in links where !excluded.contains(link.from) && !excluded.contains(link.to) {
            let (next, decision) = try apply(link, to: edited)
            edited = next
            if let decision { decisions.append(decision) }
        }
        return VirtualTopology(cluster: edited, decisions: decisions)
    }

    private func exclusionReason(_ health: NodeHealth, probability: Double) -> String? {
        if !health.usable { return "marked unusable" }
        if health.throughputFactor < policy.excludeBelowFactor {
            return "runs at \(health.throughputFactor) of its speed, below the \(policy.excludeBelowFactor) exclusion factor"
        }
        if probability > policy.maxFailureProbability {
            return "fails within \(policy.horizonHours) h with probability \(probability), above \(policy.maxFailureProbability)"
        }
        return nil
    }

    private func derationReason(_ health: NodeHealth, probability: Double) -> String {
        var parts: [String] = []
        if health.throughputFactor < 1 { parts.append("runs at \(health.throughputFactor) of its speed") }
        if policy.weightByAvailability, probability > 0 { parts.append("available with probability \(1 - probability) over \(policy.horizonHours) h") }
        return parts.joined(separator: "; ")
    }

    /// One link entry: removed, derated or left alone.
    private func apply(_ link: LinkHealth, to cluster: Cluster) throws -> (Cluster, HealthDecision?) {
        let usable = link.bandwidthFactor * (1 - link.loss)
        let element = "\(link.from)-\(link.to)"
        if usable < policy.excludeBelowFactor {
            let ends: Set<Endpoint> = [Endpoint(link.from), Endpoint(link.to)]
            let kept = cluster.links.filter { Set([$0.from, $0.to]) != ends }
            let removed = try Cluster(
                name: cluster.name, model: cluster.model, gpuTypes: cluster.gpuTypes, nodes: cluster.nodes, links: kept,
                coordinator: cluster.coordinator, bandwidthConvention: cluster.bandwidthConvention)
            return (removed, HealthDecision(
                element: element, action: .excluded, factor: 0,
                reason: "carries \(usable) of its bandwidth, below the \(policy.excludeBelowFactor) exclusion factor"))
        }
        guard usable < 1 || link.latencyFactor > 1 else { return (cluster, nil) }
        let derated = try cluster.deratingLink(
            between: link.from, and: link.to, bandwidthFactor: usable, latencyFactor: link.latencyFactor, field: "health.links[\(element)]")
        return (derated, HealthDecision(
            element: element, action: .derated, factor: usable,
            reason: "carries \(usable) of its bandwidth at \(link.latencyFactor)× its latency"))
    }

    /// - Throws: `ReplanError` naming the first bad entry.
    private func validate(against cluster: Cluster) throws(ReplanError) {
        for id in nodes.keys.sorted() {
            guard let health = nodes[id] else { continue }
            guard cluster.nodeIndex(of: id) != nil else { throw .unknownNode(field: "health.nodes", id: id) }
            try Cluster.checkFactor(health.throughputFactor, field: "health.nodes[\(id)].throughputFactor")
            guard health.failuresPerHour.isFinite, health.failuresPerHour >= 0 else {
                throw .invalidFactor(field: "health.nodes[\(id)].failuresPerHour", value: health.failuresPerHour, requirement: "a rate ≥ 0")
            }
        }
        for (index, link) in links.enumerated() {
            let field = "health.links[\(index)]"
            for end in [link.from, link.to] where end != Endpoint.coordinatorID && cluster.nodeIndex(of: end) == nil {
                throw .unknownNode(field: field, id: end)
            }
            try Cluster.checkFactor(link.bandwidthFactor, field: "\(field).bandwidthFactor")
            guard link.loss >= 0, link.loss < 1 else {
                throw .invalidFactor(field: "\(field).loss", value: link.loss, requirement: "in [0, 1)")
            }
            guard link.latencyFactor.isFinite, link.latencyFactor >= 1 else {
                throw .invalidFactor(field: "\(field).latencyFactor", value: link.latencyFactor, requirement: "≥ 1")
            }
        }
        let p = policy
        guard p.excludeBelowFactor >= 0, p.excludeBelowFactor <= 1 else {
            throw .invalidFactor(field: "health.policy.excludeBelowFactor", value: p.excludeBelowFactor, requirement: "in [0, 1]")
        }
        guard p.horizonHours.isFinite, p.horizonHours > 0 else {
            throw .invalidFactor(field: "health.policy.horizonHours", value: p.horizonHours, requirement: "a positive number of hours")
        }
        guard p.maxFailureProbability >= 0, p.maxFailureProbability <= 1 else {
            throw .invalidFactor(field: "health.policy.maxFailureProbability", value: p.maxFailureProbability, requirement: "in [0, 1]")
        }
    }
}
