extension DropPlanner {
    /// The KV moves a group's fusion needs: every member's in-flight tokens keep their KV only for
    /// the layers the member keeps; for each other member's kept layers it moves there.
    /// - Complexity: O(g²) for g members.
    func kvMoves(of group: DropPlan.Group, memory: PressureMemory) -> [DropPlan.KVMove] {
        var moves: [DropPlan.KVMove] = []
        for source in group.members {
            guard let from = cluster.nodeIndex(of: source.node) else { continue }
            let tokens = inFlightTokens(nodeAt: from, range: source.heldBefore, memory: memory)
            guard tokens > 0 else { continue }
            for target in group.members where target.node != source.node {
                guard let to = cluster.nodeIndex(of: target.node) else { continue }
                let bytes = Double(tokens) * Double(target.kept.count) * memory.kvBytesPerTokenPerLayer
                let bandwidth = linkIndex(from: from, to: to).map { transferBandwidth(link: $0) }
                moves.append(DropPlan.KVMove(
                    from: source.node, to: target.node, layers: target.kept, tokens: tokens, bytes: bytes,
                    seconds: bandwidth.flatMap { $0 > 0 ? bytes / $0 : nil }))
            }
        }
        return moves
    }

    /// How each member of `group` gets its dropped layers back: each part another member kept is
    /// pulled from whichever node holds that part after the drop and has the fastest direct link to
    /// the member (that other member on ties).
    /// - Throws: `PressureError.noRestoreSource` when no holder has a direct link.
    /// - Complexity: O(g² · d) for g members and d in-links per member.
    func restoreSteps(of group: DropPlan.Group, after: [LayerRange?]) throws(PressureError) -> [RestorePlan.Step] {
        var steps: [RestorePlan.Step] = []
        for member in group.members {
            guard let to = cluster.nodeIndex(of: member.node) else { continue }
            for part in group.members where part.node != member.node {
                guard let keeper = cluster.nodeIndex(of: part.node) else { continue }
                var best: (bandwidth: Double, peer: Int)?
                if let link = linkIndex(from: keeper, to: to) { best = (transferBandwidth(link: link), keeper) }
                for link in inLinks(of: to) {
                    let from = cluster.linkEnds[link].from
                    guard from != Cluster.coordinatorIndex, from != keeper, let held = after[from],
                          held.start <= part.kept.start, held.end >= part.kept.end else { continue }
                    let bandwidth = transferBandwidth(link: link)
                    if bandwidth > (best?.bandwidth ?? 0) { best = (bandwidth, from) }
                }
                guard let best, best.bandwidth > 0 else { throw .noRestoreSource(node: member.node, layers: part.kept) }
                let bytes = Double(part.kept.count) * cluster.model.parameterBytesPerLayer
                steps.append(RestorePlan.Step(
                    node: member.node, layers: part.kept, peer: cluster.nodes[best.peer].id, bytes: bytes,
                    bandwidthBytesPerSecond: best.bandwidth, seconds: bytes / best.bandwidth))
            }
        }
        return steps
    }

    /// Links into the node at `index`.
    /// - Complexity: O(1); the index is built with the planner.
    func inLinks(of index: Int) -> [Int] { inLinksByNode[index] }
}
