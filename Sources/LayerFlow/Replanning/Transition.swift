/// One step of moving a deployment from one placement to another.
public struct TransitionStep: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        /// Load weights while still serving the old range.
        case load
        /// Route traffic by the new placement (every node at once).
        case `switch`
        /// Free weights the new placement no longer uses.
        case unload
    }

    /// The node (nil for `switch`, which every node takes together).
    public var node: String?
    public var action: Action
    public var layers: [LayerRange]
    /// Weight bytes loaded (or freed).
    public var bytes: Double
    /// When the step starts, seconds after the transition began (loads run in parallel).
    public var startSeconds: Double
    /// How long it takes: bytes over the node's weight-loading speed (0 for switch and unload).
    public var seconds: Double
    /// Max flow of what is served while the step is in progress.
    public var throughputDuringTokensPerSecond: Double

    private enum CodingKeys: String, CodingKey {
        case node, action, layers, bytes, startSeconds, seconds, throughputDuringTokensPerSecond
    }

    /// Writes `node` as null for `switch`, so every step has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(node, forKey: .node)
        try container.encode(action, forKey: .action)
        try container.encode(layers, forKey: .layers)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(startSeconds, forKey: .startSeconds)
        try container.encode(seconds, forKey: .seconds)
        try container.encode(throughputDuringTokensPerSecond, forKey: .throughputDuringTokensPerSecond)
    }
}

/// The ordered steps from the current placement to the new one, and what they cost.
public struct Transition: Sendable, Hashable, Codable {
    public var steps: [TransitionStep]
    /// Bytes of weights loaded.
    public var movedBytes: Double
    /// Seconds from the first load to the switch.
    public var seconds: Double
    /// No step leaves a layer without a holder that had one when the transition began.
    public var keepsCoverage: Bool
}

/// Orders a transition: first every node loads what it lacks while serving its old range (in
/// parallel; a node whose old and new layers do not fit its memory together unloads first, after
/// the others), then traffic switches to the new placement at once, then nodes free what they no
/// longer hold. Throughput during each step is the max flow of what is being served.
struct TransitionPlanner {
    /// Weight-loading speed of a node whose GPU type gives none (Helix's 1 GB/s).
    static let defaultLoadBytesPerSecond = 1e9

    let cluster: Cluster
    let rule: ContiguityRule

    /// - Complexity: O(changed nodes) max-flows.
    func plan(from old: Placement, to new: Placement) -> Transition {
        let changes = new.changes(from: old).changes
        let bytesPerLayer = cluster.model.parameterBytesPerLayer
        var serving = old
        let covered = Set(coveredLayers(old))
        var keepsCoverage = true
        var steps: [TransitionStep] = []
        var clock = 0.0
        var parallelEnd = 0.0
        let (fitting, tight) = partitionByMemory(changes)
        for change in fitting where !change.loaded.isEmpty {
            let bytes = Double(change.loadedLayers) * bytesPerLayer
            let seconds = bytes / loadSpeed(of: change.node)
            parallelEnd = max(parallelEnd, seconds)
            steps.append(TransitionStep(
                node: change.node, action: .load, layers: change.loaded, bytes: bytes, startSeconds: 0,
                seconds: seconds, throughputDuringTokensPerSecond: throughput(serving)))
        }
        clock = parallelEnd
        for change in tight {
            serving[change.node] = nil
            keepsCoverage = keepsCoverage && covered.isSubset(of: coveredLayers(serving))
            let during = throughput(serving)
            if let old = change.old {
                steps.append(TransitionStep(
                    node: change.node, action: .unload, layers: [old], bytes: Double(old.count) * bytesPerLayer,
                    startSeconds: clock, seconds: 0, throughputDuringTokensPerSecond: during))
            }
            if let target = change.new {
                let bytes = Double(target.count) * bytesPerLayer
                let seconds = bytes / loadSpeed(of: change.node)
                steps.append(TransitionStep(
                    node: change.node, action: .load, layers: [target], bytes: bytes, startSeconds: clock,
                    seconds: seconds, throughputDuringTokensPerSecond: during))
                clock += seconds
            }
        }
        let after = throughput(new)
        steps.append(TransitionStep(
            node: nil, action: .switch, layers: [], bytes: 0, startSeconds: clock, seconds: 0,
            throughputDuringTokensPerSecond: after))
        keepsCoverage = keepsCoverage && covered.isSubset(of: coveredLayers(new))
        for change in fitting where !change.unloaded.isEmpty {
            steps.append(TransitionStep(
                node: change.node, action: .unload, layers: change.unloaded,
                bytes: Double(change.unloaded.reduce(0) { $0 + $1.count }) * bytesPerLayer,
                startSeconds: clock, seconds: 0, throughputDuringTokensPerSecond: after))
        }
        let moved = changes.reduce(0.0) { total, change in
            total + Double(tight.contains(change) ? (change.new?.count ?? 0) : change.loadedLayers) * bytesPerLayer
        }
        return Transition(steps: steps, movedBytes: moved, seconds: clock, keepsCoverage: keepsCoverage)
    }

    /// Changes whose old and new layers fit the node's memory together, and those that do not.
    private func partitionByMemory(_ changes: [PlacementChange]) -> ([PlacementChange], [PlacementChange]) {
        var fitting: [PlacementChange] = []
        var tight: [PlacementChange] = []
        for change in changes {
            guard let index = cluster.nodeIndex(of: change.node) else { continue }
            let union = (change.old?.count ?? 0) + change.loadedLayers
            let fits = Double(union) * cluster.model.parameterBytesPerLayer <= cluster.gpuType(ofNodeAt: index).vramBytes
            if fits { fitting.append(change) } else { tight.append(change) }
        }
        return (fitting, tight)
    }

    private func loadSpeed(of node: String) -> Double {
        guard let index = cluster.nodeIndex(of: node) else { return Self.defaultLoadBytesPerSecond }
        return cluster.gpuType(ofNodeAt: index).serving?.diskBytesPerSecond ?? Self.defaultLoadBytesPerSecond
    }

    private func throughput(_ placement: Placement) -> Double {
        cluster.throughput(ranges: placement.surviving(in: cluster).rangesByNodeIndex(in: cluster), rule: rule)
    }

    private func coveredLayers(_ placement: Placement) -> [Int] {
        placement.surviving(in: cluster).ranges.values.flatMap { Array($0.start..<$0.end) }
    }
}
