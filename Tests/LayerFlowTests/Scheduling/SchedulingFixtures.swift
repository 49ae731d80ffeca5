import Foundation
import LayerFlow
import Testing

/// Clusters, plans and an independent route checker for the scheduling tests (self-contained:
/// nothing here needs `../shared`).
enum SchedulingFixtures {
    /// The package root (Tests/LayerFlowTests/Scheduling/ → three levels up).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Helix's single24 cluster (4 A100, 8 L4, 12 T4; LLaMA-2 70B), bundled in Examples/.
    static func single24() throws -> Cluster {
        try ClusterFile.load(path: packageRoot.appendingPathComponent("Examples/helix-single24-llama70b.json").path).cluster
    }

    /// The exact best stage-aligned placement of single24: one node per stage, a 24-node
    /// pipeline reaching the compute bound, so every request takes the same route (planned once
    /// per test run: the dynamic program takes seconds in a debug build).
    static func single24Plan() throws -> (Cluster, Placement) {
        try single24PlanOnce.get()
    }

    /// A hand-made single24 placement of 11 stages, several of them shared by 2–4 nodes of
    /// unequal speed (T4s with an L4, pairs of L4s), then one A100 per stage: the max flow uses
    /// several routes with unequal flows, so the round robin has real choices.
    static func single24MixedStagePlan() throws -> (Cluster, Placement) {
        let cluster = try single24()
        return (cluster, Placement(mixedStageRanges))
    }

    /// Node id → range of `single24MixedStagePlan` (ids of Examples/helix-single24-llama70b.json).
    static let mixedStageRanges: [String: LayerRange] = {
        let stages: [(LayerRange, [String])] = [
            (LayerRange(0, 4), ["1", "2", "4", "0"]),      // 3 T4 + 1 L4
            (LayerRange(4, 8), ["7", "8", "12"]),          // T4
            (LayerRange(8, 12), ["13", "15", "16"]),       // T4
            (LayerRange(12, 16), ["19", "20", "22", "3"]), // 3 T4 + 1 L4
            (LayerRange(16, 23), ["5", "11"]),             // L4
            (LayerRange(23, 30), ["14", "18"]),            // L4
            (LayerRange(30, 37), ["21", "23"]),            // L4
            (LayerRange(37, 48), ["6"]), (LayerRange(48, 59), ["9"]),
            (LayerRange(59, 70), ["10"]), (LayerRange(70, 80), ["17"]),  // A100
        ]
        var ranges: [String: LayerRange] = [:]
        for (range, nodes) in stages { for node in nodes { ranges[node] = range } }
        return ranges
    }()

    private struct NoStageAlignedPlan: Error {}

    private static let single24PlanOnce = Result<(Cluster, Placement), any Error> {
        let cluster = try single24()
        guard let plan = StageAlignedPlanner(cluster: cluster)?.bestPlan() else { throw NoStageAlignedPlan() }
        return (cluster, Placement(cluster: cluster, rangesByNodeIndex: plan.ranges))
    }

    /// A random small cluster and placement: 1–7 nodes of two GPU types (KV figures profiled,
    /// from memory, or absent), 2–12 layers, a random subset of a complete mesh (coordinator links
    /// included), and ranges that chain across the model plus random extra ranges, so that some
    /// plans serve nothing, some have several routes, and partial inference opens more.
    static func randomPlan(seed: UInt64) throws -> (Cluster, Placement) {
        var random = SeededGenerator(seed: seed)
        let layers = Int.random(in: 2...12, using: &random)
        let nodeCount = Int.random(in: 1...7, using: &random)
        func type(_ name: String, maxLayers: Int) -> GPUType {
            let throughput = (1...maxLayers).map { Double.random(in: 100...3000, using: &random) / Double($0) }
            let profiledKV = Bool.random(using: &random)
                ? (1...maxLayers).map { k in Double(k) * Double.random(in: 2_000...40_000, using: &random) } : nil
            return GPUType(
                name: name, vramBytes: 40e9, nicInBytesPerSecond: 1.25e9, nicOutBytesPerSecond: 1.25e9,
                maxLayers: maxLayers, throughputTokensPerSecondByLayerCount: throughput,
                kvCacheTokenLayersByLayerCount: profiledKV)
        }
        let types = [type("big", maxLayers: Int.random(in: 3...6, using: &random)),
                     type("small", maxLayers: Int.random(in: 2...4, using: &random))]
        let nodes = (0..<nodeCount).map { ComputeNode(id: "n\($0)", type: types[Int.random(in: 0...1, using: &random)].name) }
        var links: [Link] = []
        func maybeLink(_ from: Endpoint, _ to: Endpoint, probability: Double) {
            if Double.random(in: 0..<1, using: &random) < probability {
                links.append(Link(from: from, to: to, bandwidthBytesPerSecond: Double.random(in: 1e6...1e9, using: &random)))
            }
        }
        for node in nodes {
            maybeLink(.coordinator, .node(node.id), probability: 0.8)
            maybeLink(.node(node.id), .coordinator, probability: 0.8)
            for other in nodes where other.id != node.id { maybeLink(.node(node.id), .node(other.id), probability: 0.7) }
        }
        let kvBytes: Double? = Bool.random(using: &random) ? 2.6e5 : nil
        let cluster = try Cluster(
            name: "random-\(seed)",
            model: ModelSpec(name: "toy", layerCount: layers, parameterBytesPerLayer: 4e9,
                             activationBytesPerToken: 8192, tokenBytes: 2, kvCacheBytesPerTokenPerLayer: kvBytes),
            gpuTypes: types, nodes: nodes, links: links)
        var ranges = [LayerRange?](repeating: nil, count: nodeCount)
        var start = 0
        for index in 0..<nodeCount where start < layers {
            let most = min(cluster.maxHoldableLayers(nodeAt: index), layers - start)
            guard most >= 1 else { continue }
            let length = Int.random(in: 1...most, using: &random)
            ranges[index] = LayerRange(start, start + length)
            start += length
            if start == layers, Bool.random(using: &random) { start = 0 }  // a second chain
        }
        for index in 0..<nodeCount where ranges[index] == nil {
            let most = cluster.maxHoldableLayers(nodeAt: index)
            guard most >= 1 else { continue }
            let first = Int.random(in: 0..<layers, using: &random)
            ranges[index] = LayerRange(first, min(layers, first + Int.random(in: 1...most, using: &random)))
        }
        return (cluster, Placement(cluster: cluster, rangesByNodeIndex: ranges))
    }

    /// Why `route` is not a valid route of the plan, or nil. Checked from the definitions alone
    /// (not from the scheduler's tables): layers covered exactly once in order, each hop inside
    /// its node's range and running to its end (from its start under the strict rule), every
    /// link real and joining the right ends, first from and last back to the coordinator.
    static func violation(of route: Route, cluster: Cluster, placement: Placement, rule: ContiguityRule) -> String? {
        let layerCount = cluster.model.layerCount
        guard let first = route.hops.first, let last = route.hops.last else { return "no hops" }
        guard first.layers.start == 0 else { return "starts at layer \(first.layers.start)" }
        guard last.layers.end == layerCount else { return "ends at layer \(last.layers.end) of \(layerCount)" }
        var previous: Endpoint = .coordinator
        var covered = 0
        for (position, hop) in route.hops.enumerated() {
            guard cluster.nodes.indices.contains(hop.node) else { return "hop \(position): no node \(hop.node)" }
            let id = cluster.nodes[hop.node].id
            guard let range = placement[id] else { return "hop \(position): \(id) holds no layers" }
            guard hop.layers.start == covered else { return "hop \(position) starts at \(hop.layers.start), expected \(covered)" }
            guard hop.layers.start < hop.layers.end else { return "hop \(position) is empty" }
            guard hop.layers.end == range.end, range.start <= hop.layers.start else {
                return "hop \(position) runs \(hop.layers) outside or short of \(id)'s \(range)"
            }
            if rule == .strict, hop.layers.start != range.start { return "hop \(position) enters \(id) mid-range under the strict rule" }
            guard cluster.links.indices.contains(hop.link) else { return "hop \(position): no link \(hop.link)" }
            let link = cluster.links[hop.link]
            guard link.from == previous, link.to == .node(id) else {
                return "hop \(position): link \(hop.link) is \(link.from)→\(link.to), expected \(previous)→\(id)"
            }
            previous = .node(id)
            covered = hop.layers.end
        }
        guard cluster.links.indices.contains(route.exitLink) else { return "no exit link \(route.exitLink)" }
        let exit = cluster.links[route.exitLink]
        guard exit.from == previous, exit.to == .coordinator else { return "exit link is \(exit.from)→\(exit.to)" }
        return nil
    }
}
