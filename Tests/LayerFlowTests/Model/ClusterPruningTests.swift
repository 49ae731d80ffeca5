import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// Helix's link pruning (`Cluster.pruned(minKeep:maxKeep:keepBandwidthThreshold:)`).
struct ClusterPruningTests {
    /// A complete cluster of `nodeCount` nodes with seeded, symmetric random bandwidths
    /// (whole megabits, so ties happen).
    static func randomCluster(nodeCount: Int, seed: UInt64) throws -> Cluster {
        var generator = SeededGenerator(seed: seed)
        let type = GPUType(
            name: "gpu", vramBytes: 80e9, nicInBytesPerSecond: 1.25e9, nicOutBytesPerSecond: 1.25e9,
            maxLayers: 4, throughputTokensPerSecondByLayerCount: [400, 200, 130, 100])
        let nodes = (0..<nodeCount).map { ComputeNode(id: String($0), type: "gpu") }
        func bytesPerSecond() -> Double { Double(Int.random(in: 1...20, using: &generator)) * 1e6 / 8 }
        var links: [Link] = []
        for node in nodes {
            links.append(Link(from: .coordinator, to: .node(node.id), bandwidthBytesPerSecond: bytesPerSecond()))
            links.append(Link(from: .node(node.id), to: .coordinator, bandwidthBytesPerSecond: bytesPerSecond()))
        }
        for i in 0..<nodeCount {
            for j in (i + 1)..<nodeCount {
                let bandwidth = bytesPerSecond()
                links.append(Link(from: .node(String(i)), to: .node(String(j)), bandwidthBytesPerSecond: bandwidth))
                links.append(Link(from: .node(String(j)), to: .node(String(i)), bandwidthBytesPerSecond: bandwidth))
            }
        }
        return try Cluster(
            name: "random-\(seed)",
            model: ModelSpec(name: "toy", layerCount: 8, parameterBytesPerLayer: 1e9, activationBytesPerToken: 8192, tokenBytes: 2),
            gpuTypes: [type], nodes: nodes, links: links)
    }

    /// Node-to-node pairs (by position, lo < hi) present in `cluster`.
    static func pairs(_ cluster: Cluster) -> Set<[Int]> {
        Set(cluster.linkEnds.filter { $0.from >= 0 && $0.to >= 0 }.map { [min($0.from, $0.to), max($0.from, $0.to)] })
    }

    /// Each node's selection, stated without re-implementing the sort: a neighbour j of node i with
    /// `f` neighbours strictly faster and `g` at least as fast (j excluded) has rank in `f...g`.
    /// i surely selects j when `g < minKeep`, or `g < maxKeep` and j is at or above the threshold;
    /// i can select j only when `f < maxKeep` and (`f < minKeep` or j is at or above the threshold).
    /// A pair is kept exactly when one of its ends selects it.
    @Test(arguments: [(UInt64(1), 3, 5, 8e6), (2, 2, 2, 1), (3, 4, 9, 12e6), (4, 0, 3, 15e6), (5, 1, 4, 0)])
    func everyNodeKeepsItsFastestLinks(seed: UInt64, minKeep: Int, maxKeep: Int, threshold: Double) throws {
        let nodeCount = 10
        let full = try Self.randomCluster(nodeCount: nodeCount, seed: seed)
        let pruned = full.pruned(minKeep: minKeep, maxKeep: maxKeep, keepBandwidthThreshold: threshold)
        let keptPairs = Self.pairs(pruned)
        var bits = [[Double]](repeating: [Double](repeating: 0, count: nodeCount), count: nodeCount)
        for (index, ends) in full.linkEnds.enumerated() where ends.from >= 0 && ends.to >= 0 {
            bits[ends.from][ends.to] = full.links[index].bandwidthBytesPerSecond * 8
        }
        func surelySelects(_ i: Int, _ j: Int) -> Bool {
            let atLeastAsFast = (0..<nodeCount).filter { $0 != i && $0 != j && bits[i][$0] >= bits[i][j] }.count
            return atLeastAsFast < minKeep || (atLeastAsFast < maxKeep && bits[i][j] >= threshold)
        }
        func maySelect(_ i: Int, _ j: Int) -> Bool {
            let faster = (0..<nodeCount).filter { $0 != i && bits[i][$0] > bits[i][j] }.count
            return faster < maxKeep && (faster < minKeep || bits[i][j] >= threshold)
        }
        for i in 0..<nodeCount {
            let kept = (0..<nodeCount).filter { $0 != i && keptPairs.contains([min(i, $0), max(i, $0)]) }
            #expect(kept.count >= min(minKeep, nodeCount - 1), "node \(i) keeps \(kept.count) links")
            for j in 0..<nodeCount where j != i {
                let isKept = keptPairs.contains([min(i, j), max(i, j)])
                if surelySelects(i, j) || surelySelects(j, i) {
                    #expect(isKept, "pair \(i)-\(j) should be kept")
                }
                if isKept {
                    #expect(maySelect(i, j) || maySelect(j, i), "pair \(i)-\(j) should be dropped")
                }
            }
        }
        // Both directions of a kept pair survive; coordinator links follow the same ranking.
        for pair in keptPairs {
            #expect(pruned.linkEnds.contains { $0.from == pair[0] && $0.to == pair[1] })
            #expect(pruned.linkEnds.contains { $0.from == pair[1] && $0.to == pair[0] })
        }
        let sources = pruned.linkEnds.filter { $0.from == Cluster.coordinatorIndex }.count
        let sinks = pruned.linkEnds.filter { $0.to == Cluster.coordinatorIndex }.count
        #expect(sources >= min(minKeep, nodeCount) && sources <= max(minKeep, maxKeep))
        #expect(sinks >= min(minKeep, nodeCount) && sinks <= max(minKeep, maxKeep))
    }

    @Test func degreeCanExceedMaxKeepBecauseSelectionsAreUnited() throws {
        // Node 0 has the fastest link of every other node; each node selects one neighbour.
        let type = GPUType(name: "gpu", vramBytes: 80e9, nicInBytesPerSecond: 1e9, nicOutBytesPerSecond: 1e9,
                           maxLayers: 2, throughputTokensPerSecondByLayerCount: [100, 50])
        let nodes = (0..<4).map { ComputeNode(id: String($0), type: "gpu") }
        var links: [Link] = []
        for i in 0..<4 {
            for j in 0..<4 where i != j {
                let bits: Double = (i == 0 || j == 0) ? 100e6 : 10e6
                links.append(Link(from: .node(String(i)), to: .node(String(j)), bandwidthBytesPerSecond: bits / 8))
            }
        }
        let cluster = try Cluster(
            name: "star", model: ModelSpec(name: "toy", layerCount: 2, parameterBytesPerLayer: 1, activationBytesPerToken: 1, tokenBytes: 1),
            gpuTypes: [type], nodes: nodes, links: links)
        let pruned = cluster.pruned(minKeep: 1, maxKeep: 1, keepBandwidthThreshold: 1)
        #expect(Self.pairs(pruned) == [[0, 1], [0, 2], [0, 3]])
        #expect(pruned.links.count == 6)
    }

    @Test func coordinatorLinksUseStrictThresholdForSourceOnly() throws {
        // Source and sink links of 8 Mbit/s; threshold 8e6; minKeep 1, maxKeep 3.
        let type = GPUType(name: "gpu", vramBytes: 80e9, nicInBytesPerSecond: 1e9, nicOutBytesPerSecond: 1e9,
                           maxLayers: 2, throughputTokensPerSecondByLayerCount: [100, 50])
        let nodes = (0..<4).map { ComputeNode(id: String($0), type: "gpu") }
        var links: [Link] = []
        for node in nodes {
            links.append(Link(from: .coordinator, to: .node(node.id), bandwidthBytesPerSecond: 1e6))
            links.append(Link(from: .node(node.id), to: .coordinator, bandwidthBytesPerSecond: 1e6))
        }
        let cluster = try Cluster(
            name: "coordinator", model: ModelSpec(name: "toy", layerCount: 2, parameterBytesPerLayer: 1, activationBytesPerToken: 1, tokenBytes: 1),
            gpuTypes: [type], nodes: nodes, links: links)
        let pruned = cluster.pruned(minKeep: 1, maxKeep: 3, keepBandwidthThreshold: 8e6)
        let sources = pruned.linkEnds.filter { $0.from == Cluster.coordinatorIndex }.map(\.to)
        let sinks = pruned.linkEnds.filter { $0.to == Cluster.coordinatorIndex }.map(\.from)
        // Equal bandwidths: Helix's descending tuple sort ranks the largest index first.
        #expect(sources == [3])
        #expect(Set(sinks) == [1, 2, 3])
    }

    @Test func keepingEverythingIsTheIdentity() throws {
        let full = try Self.randomCluster(nodeCount: 6, seed: 9)
        #expect(full.pruned(minKeep: 100, maxKeep: 100, keepBandwidthThreshold: 0) == full)
        let none = full.pruned(minKeep: 0, maxKeep: 0, keepBandwidthThreshold: 0)
        #expect(none.links.isEmpty)
    }

    /// Where a shared instance carries Helix's `prunedLinks`, pruning the full graph with the
    /// file's parameters reproduces them. (No shared instance has them at present.)
    @Test(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason), arguments: SharedData.instanceNames)
    func prunedLinksOfSharedInstancesReproduce(file: String) throws {
        let instance = try SharedData.instance(file)
        guard instance.prunedLinks != nil,
              let pruning = instance.source?["pruning"],
              let minKeep = pruning["min_keep"]?.doubleValue, let maxKeep = pruning["max_keep"]?.doubleValue,
              let threshold = pruning["keep_bandwidth_threshold"]?.doubleValue
        else { return }
        let full = try instance.cluster()
        let expected = try instance.cluster(linkSet: .prunedLinks)
        let pruned = full.pruned(minKeep: Int(minKeep), maxKeep: Int(maxKeep), keepBandwidthThreshold: threshold)
        #expect(Set(pruned.linkEnds) == Set(expected.linkEnds))
    }
}
