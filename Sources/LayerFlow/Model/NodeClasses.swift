/// Groups of interchangeable nodes: same GPU type and the same link profile (the same capacities to
/// and from the coordinator, and the same multiset of link capacities to and from other nodes).
///
/// Swapping two nodes of a class never changes what a placement can reach on a complete mesh, so
/// planners reason about how many nodes of each class hold a range instead of which ones, which
/// removes the symmetry that makes per-node models hard. On a cluster whose nodes of a type sit in
/// different regions, the link profiles differ and the classes follow the regions.
package struct NodeClasses: Sendable, Hashable {
    /// Node positions in each class, ascending; classes ordered by their first node.
    package let members: [[Int]]
    /// The class of each node, by node position.
    package let classOfNode: [Int]

    package var count: Int { members.count }

    /// - Complexity: O(nodes + links · log(links)).
    package init(cluster: Cluster) {
        var outgoing = [[Double]](repeating: [], count: cluster.nodes.count)
        var incoming = [[Double]](repeating: [], count: cluster.nodes.count)
        var fromCoordinator = [Double](repeating: 0, count: cluster.nodes.count)
        var toCoordinator = [Double](repeating: 0, count: cluster.nodes.count)
        for (index, ends) in cluster.linkEnds.enumerated() {
            let capacity = cluster.capacityTokensPerSecond(of: cluster.links[index])
            if ends.from == Cluster.coordinatorIndex {
                fromCoordinator[ends.to] = capacity
            } else if ends.to == Cluster.coordinatorIndex {
                toCoordinator[ends.from] = capacity
            } else {
                outgoing[ends.from].append(capacity)
                incoming[ends.to].append(capacity)
            }
        }
        struct Signature: Hashable {
            var type: Int
            var fromCoordinator: Double
            var toCoordinator: Double
            var outgoing: [Double]
            var incoming: [Double]
        }
        self.init(cluster: cluster) { node in
            Signature(
                type: cluster.typeIndexOfNode[node], fromCoordinator: fromCoordinator[node],
                toCoordinator: toCoordinator[node], outgoing: outgoing[node].sorted(), incoming: incoming[node].sorted())
        }
    }

    /// The classes planners model: by GPU type and region where every node carries a region label
    /// (links are then treated per region pair, a relaxation when links inside a region differ),
    /// otherwise by exact link profile (`init(cluster:)`).
    package static func forModeling(_ cluster: Cluster) -> NodeClasses {
        guard cluster.nodes.allSatisfy({ $0.region != nil }) else { return NodeClasses(cluster: cluster) }
        return NodeClasses(cluster: cluster, key: { "\(cluster.typeIndexOfNode[$0])\u{1F}\(cluster.nodes[$0].region ?? "")" })
    }

    /// Classes of nodes with equal `key`, ordered by their first node.
    init<Key: Hashable>(cluster: Cluster, key: (Int) -> Key) {
        var index: [Key: Int] = [:]
        var members: [[Int]] = []
        var classOfNode: [Int] = []
        for node in cluster.nodes.indices {
            let k = key(node)
            if let existing = index[k] {
                members[existing].append(node)
                classOfNode.append(existing)
            } else {
                index[k] = members.count
                classOfNode.append(members.count)
                members.append([node])
            }
        }
        self.members = members
        self.classOfNode = classOfNode
    }

    /// Classes by GPU type alone (ignoring links): coarser, for planners that do not model links.
    package init(byTypeOf cluster: Cluster) {
        var members = [[Int]](repeating: [], count: cluster.gpuTypes.count)
        for node in cluster.nodes.indices { members[cluster.typeIndexOfNode[node]].append(node) }
        let kept = members.enumerated().filter { !$0.element.isEmpty }
        var classOfNode = [Int](repeating: 0, count: cluster.nodes.count)
        for (position, entry) in kept.enumerated() {
            for node in entry.element { classOfNode[node] = position }
        }
        self.members = kept.map(\.element)
        self.classOfNode = classOfNode
    }
}
