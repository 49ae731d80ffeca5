import LayerFlow

/// Small random clusters whose every placement can be enumerated, for checking the planner against
/// the true optimum.
struct TinyCluster: CustomStringConvertible {
    var seed: UInt64
    var cluster: Cluster
    var rule: ContiguityRule
    var maxStages: Int?

    var description: String {
        let types = cluster.gpuTypes.map { "\($0.name)\($0.throughputTokensPerSecondByLayerCount)" }.joined(separator: " ")
        return "seed \(seed): \(cluster.nodes.count) nodes, \(cluster.model.layerCount) layers, \(cluster.links.count) links, "
            + "\(rule), maxStages \(maxStages.map(String.init) ?? "none"), types \(types), "
            + "regions \(cluster.nodes.map { $0.region ?? "-" })"
    }

    /// A seeded random cluster: 2–`maxNodes` nodes of 1–3 GPU types, 1–`maxLayers` layers, tables
    /// of up to 3 entries with zeros and dips, links missing or slow at random, regions sometimes.
    static func random(seed: UInt64, maxNodes: Int = 4, maxLayers: Int = 5) throws -> TinyCluster {
        var random = SeededGenerator(seed: seed)
        let layers = Int.random(in: 1...maxLayers, using: &random)
        let typeCount = Int.random(in: 1...3, using: &random)
        let types = (0..<typeCount).map { t in
            let length = Int.random(in: 1...min(3, layers), using: &random)
            let table = (0..<length).map { _ -> Double in
                Int.random(in: 0..<6, using: &random) == 0 ? 0 : Double(Int.random(in: 10...1000, using: &random))
            }
            return GPUType(
                name: "g\(t)", vramBytes: 1e12, nicInBytesPerSecond: 1e12, nicOutBytesPerSecond: 1e12,
                maxLayers: length, throughputTokensPerSecondByLayerCount: table)
        }
        let nodeCount = Int.random(in: 2...maxNodes, using: &random)
        let regions = Bool.random(using: &random)
        let nodes = (0..<nodeCount).map { i in
            ComputeNode(
                id: "n\(i)", type: "g\(Int.random(in: 0..<typeCount, using: &random))",
                region: regions ? "r\(Int.random(in: 0..<2, using: &random))" : nil)
        }
        // Capacity = bandwidth / 1000 bytes per token on node links, / 2 on coordinator links.
        func bandwidth(_ bytesPerToken: Double) -> Double {
            Int.random(in: 0..<3, using: &random) == 0
                ? Double(Int.random(in: 5...500, using: &random)) * bytesPerToken
                : 1e9
        }
        var links: [Link] = []
        for node in nodes {
            if Int.random(in: 0..<8, using: &random) > 0 {
                links.append(Link(from: .coordinator, to: .node(node.id), bandwidthBytesPerSecond: bandwidth(2), latencySeconds: 0.001))
            }
            if Int.random(in: 0..<8, using: &random) > 0 {
                links.append(Link(from: .node(node.id), to: .coordinator, bandwidthBytesPerSecond: bandwidth(2), latencySeconds: 0.001))
            }
            for other in nodes where other.id != node.id && Int.random(in: 0..<5, using: &random) > 0 {
                links.append(Link(from: .node(node.id), to: .node(other.id), bandwidthBytesPerSecond: bandwidth(1000), latencySeconds: 0.001))
            }
        }
        let cluster = try Cluster(
            name: "tiny-\(seed)",
            model: ModelSpec(name: "toy", layerCount: layers, parameterBytesPerLayer: 0, activationBytesPerToken: 1000, tokenBytes: 2),
            gpuTypes: types, nodes: nodes, links: links)
        let rule: ContiguityRule = Bool.random(using: &random) ? .strict : .partialInference
        let maxStages = Int.random(in: 0..<3, using: &random) == 0 ? Int.random(in: 1...nodeCount, using: &random) : nil
        return TinyCluster(seed: seed, cluster: cluster, rule: rule, maxStages: maxStages)
    }

    /// The best max flow over every placement whose flow-carrying paths have at most `maxStages`
    /// nodes (the planner's definition: a plan is its max flow, deepest path by `depth(of:)`).
    func enumeratedOptimum() -> Double {
        let layers = cluster.model.layerCount
        let choices: [[LayerRange?]] = cluster.nodes.indices.map { node in
            var options: [LayerRange?] = [nil]
            for k in stride(from: 1, through: cluster.maxHoldableLayers(nodeAt: node), by: 1)
            where cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: k) > 0 {
                for start in 0...(layers - k) { options.append(LayerRange(start, start + k)) }
            }
            return options
        }
        var ranges = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        var best = 0.0
        func visit(_ node: Int) {
            if node == ranges.count {
                // Every layer must be held by someone for anything to flow.
                var covered = [Bool](repeating: false, count: layers)
                for range in ranges.compactMap({ $0 }) { for layer in range.start..<range.end { covered[layer] = true } }
                guard covered.allSatisfy({ $0 }) else { return }
                let network = FlowNetwork(cluster: cluster, ranges: ranges, rule: rule)
                let flow = network.maxFlow()
                guard flow.value > best else { return }
                if let maxStages, network.depth(of: flow, cluster: cluster).stages > maxStages { return }
                best = flow.value
                return
            }
            for option in choices[node] {
                ranges[node] = option
                visit(node + 1)
            }
        }
        visit(0)
        return best
    }
}
