import LayerFlow
import LayerFlowGLPK
import Testing

/// The drop plan's greedy against the MILP (GLPK) on random homogeneous and heterogeneous cases of
/// at most 8 replicas: it donates exactly the MILP's minimum number of copies, with a deepest group
/// no deeper than the MILP's, and is infeasible exactly when the MILP is.
@Suite(.serialized)
struct DropPlanMILPPropertyTests {
    static let caseCount = 300

    /// A random cluster of ≤ 8 replicas over up to three replicated ranges of a 24-layer model, on
    /// two GPU types with different speeds; homogeneous cases use one full range and one type.
    static func randomCase(seed: UInt64) throws -> (cluster: Cluster, placement: Placement, demandFraction: Double, maxDepth: Int) {
        var random = SeededGenerator(seed: seed)
        let homogeneous = seed % 2 == 0
        let gib = 1_073_741_824.0
        let model = ModelSpec(
            name: "24-layer", layerCount: 24, parameterBytesPerLayer: gib, activationBytesPerToken: 8192, tokenBytes: 4,
            kvCacheBytesPerTokenPerLayer: 8192)
        let types = [("fast", 48000.0), ("slow", 20000.0)].map { name, speed in
            GPUType(name: name, vramBytes: 40 * gib, nicInBytesPerSecond: 25e9, nicOutBytesPerSecond: 25e9, maxLayers: 24,
                    throughputTokensPerSecondByLayerCount: (1...24).map { speed / Double($0) })
        }
        let ranges = homogeneous ? [LayerRange(0, 24)] : [LayerRange(0, 24), LayerRange(0, 10), LayerRange(10, 24)]
        let replicas = Int.random(in: 2...8, using: &random)
        var nodes: [ComputeNode] = []
        var placement = Placement()
        for index in 0..<replicas {
            let id = "n\(index)"
            // Every range gets two replicas first, so each is replicated.
            let range = homogeneous ? ranges[0] : ranges[index < 2 * ranges.count ? index / 2 % ranges.count : Int.random(in: 0..<ranges.count, using: &random)]
            let type = homogeneous ? "fast" : (Bool.random(using: &random) ? "fast" : "slow")
            nodes.append(ComputeNode(id: id, type: type))
            placement[id] = range
        }
        var links: [Link] = []
        for a in nodes {
            links.append(Link(from: .coordinator, to: .node(a.id), bandwidthBytesPerSecond: 50e9))
            links.append(Link(from: .node(a.id), to: .coordinator, bandwidthBytesPerSecond: 50e9))
            for b in nodes where a.id != b.id {
                links.append(Link(from: .node(a.id), to: .node(b.id), bandwidthBytesPerSecond: Double.random(in: 10e9...50e9, using: &random)))
            }
        }
        let cluster = try Cluster(name: "random-\(seed)", model: model, gpuTypes: types, nodes: nodes, links: links)
        let maxDepth = Int.random(in: 2...4, using: &random)
        // The demand as a share of what fusion at degree G can free: up to 10 % past it, so some
        // cases are infeasible.
        return (cluster, placement, Double.random(in: 0...1.1, using: &random), maxDepth)
    }

    @Test func greedyDonatesTheMILPMinimumWithNoDeeperPipelines() throws {
        let solver = GLPKSolver()
        var failures: [String] = []
        var feasible = 0
        var heterogeneousFeasible = 0
        for seed in 0..<UInt64(Self.caseCount) {
            let instance = try Self.randomCase(seed: seed)
            var options = DropOptions(maxPipelineDegree: instance.maxDepth)
            options.maxThroughputLoss = 0.5
            let planner = DropPlanner(cluster: instance.cluster, placement: instance.placement, options: options)
            let memory = try PressureMemory(cluster: instance.cluster)
            let classes = ReplicaClass.classes(of: instance.placement.rangesByNodeIndex(in: instance.cluster), memory: memory)
                .map { (members: $0.members.count, tokensPerCopy: $0.tokensPerCopy) }
            let most = classes.reduce(0) { $0 + ($1.members - ($1.members + instance.maxDepth - 1) / instance.maxDepth) * $1.tokensPerCopy }
            let demand = max(1, Int(instance.demandFraction * Double(most)))
            let copies = try solver.solve(DropPlanMILP.copiesModel(classes: classes, demand: demand, maxDepth: instance.maxDepth))
            let label = "seed \(seed), classes \(classes), demand \(demand), G \(instance.maxDepth)"
            let greedy: DropPlan?
            do {
                greedy = try planner.fuse(.global(tokens: demand))
            } catch PressureError.demandExceedsCapacity {
                greedy = nil
            }
            guard copies.status == .optimal, let minimum = copies.objective else {
                if copies.status != .infeasible { failures.append("\(label): MILP status \(copies.status)") }
                if greedy != nil { failures.append("\(label): greedy found a plan the MILP calls infeasible") }
                continue
            }
            guard let greedy else {
                failures.append("\(label): greedy infeasible, MILP minimum \(minimum)")
                continue
            }
            feasible += 1
            if classes.count > 1 { heterogeneousFeasible += 1 }
            let depth = try solver.solve(DropPlanMILP.depthModel(
                classes: classes, demand: demand, maxDepth: instance.maxDepth, copies: Int(minimum.rounded())))
            let milpDepth = try #require(depth.objective, "\(label): depth model \(depth.status)")
            if Double(greedy.donatedCopies) != minimum.rounded() { failures.append("\(label): greedy \(greedy.donatedCopies) copies, MILP \(minimum)") }
            if Double(greedy.pipelineDegree) > milpDepth.rounded() { failures.append("\(label): greedy depth \(greedy.pipelineDegree), MILP \(milpDepth)") }
            if greedy.addedKVTokens < demand { failures.append("\(label): adds \(greedy.addedKVTokens) < demand") }
            if greedy.groups.contains(where: { $0.members.count > instance.maxDepth }) { failures.append("\(label): group over G") }
            if try greedy.restore.apply(to: greedy.placementAfter) != instance.placement { failures.append("\(label): restore is not exact") }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(Self.caseCount):\n\(failures.joined(separator: "\n"))")
        // The random cases must exercise both kinds, feasible.
        #expect(feasible > Self.caseCount / 2)
        #expect(heterogeneousFeasible > Self.caseCount / 5)
    }
}
