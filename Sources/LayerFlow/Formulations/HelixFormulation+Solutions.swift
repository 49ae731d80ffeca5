extension HelixFormulation {
    /// Decodes a solution vector into a placement: node id → `[start, start + Σ_k k·hold)`.
    ///
    /// `start` is rounded to the nearest integer and the layer count is the `k` whose `hold` value
    /// is largest (exactly one is 1 in a feasible vector), so a solver's integral-within-tolerance
    /// values decode as intended. Every modelled node gets a range, as in Helix; a node left out of
    /// the model (it cannot hold one layer) gets none. The ranges of a feasible vector are valid
    /// for the cluster; those of an infeasible one are returned as read, unchecked.
    ///
    /// - Parameter values: one value per column of ``model``.
    /// - Returns: the placement; empty when `values.count` differs from the number of columns.
    /// - Complexity: O(Σ_i K_i).
    public func placement(from values: [Double]) -> Placement {
        guard values.count == model.variables.count else { return Placement() }
        var ranges = [LayerRange?](repeating: nil, count: cluster.nodes.count)
        for (index, columns) in nodeColumns.enumerated() {
            guard let columns else { continue }
            var bestK = 1
            var bestValue = -Double.infinity
            for (offset, hold) in columns.holds.enumerated() where values[hold] > bestValue {
                bestValue = values[hold]
                bestK = offset + 1
            }
            let startValue = values[columns.start].rounded()
            let start = startValue.isFinite && Swift.abs(startValue) < 1e15 ? Int(startValue) : 0
            ranges[index] = LayerRange(start, start + bestK)
        }
        return Placement(cluster: cluster, rangesByNodeIndex: ranges)
    }

    /// Encodes a placement as a complete feasible point of ``model``, for a solver's warm start.
    ///
    /// - starts and holds: from the ranges;
    /// - switches: on exactly where the strict contiguity rule allows the arc (coordinator → i iff
    ///   `start_i = 0`, i → coordinator iff `end_i = L`, i → j iff `end_i = start_j`); this satisfies
    ///   the big-M rows and, with ``redundantEnableRows``, the enable rows that force those switches;
    /// - flows: the arc flows of LayerFlow's own max-flow of the placement (strict rule).
    ///
    /// The point's objective is the placement's strict max flow (to the max-flow's resolution).
    ///
    /// Nodes absent from `placement`: Helix's model gives every node at least one layer, so such a
    /// node gets the one-layer range `[0, 1)` with zero flow on all its arcs (its switches still
    /// follow the contiguity rule). The point stays feasible and its objective is still the max flow
    /// of `placement`; ``placement(from:)`` of the point returns `placement` plus those one-layer
    /// ranges, whose max flow is at least as large (adding a node only adds arcs).
    ///
    /// - Throws: ``PlacementError`` when `placement` does not fit the cluster (see
    ///   ``Placement/validate(for:)``).
    /// - Complexity: one max-flow on the placement's flow network, plus O(columns).
    public func values(for placement: Placement) throws -> [Double] {
        try placement.validate(for: cluster)
        let layers = cluster.model.layerCount
        let given = placement.rangesByNodeIndex(in: cluster)
        // Ranges as the model sees them: absent modelled nodes hold [0, 1).
        var modelRanges = given
        for index in modelRanges.indices where modelRanges[index] == nil && nodeColumns[index] != nil {
            modelRanges[index] = LayerRange(0, 1)
        }

        var values = [Double](repeating: 0, count: model.variables.count)
        for (index, columns) in nodeColumns.enumerated() {
            guard let columns, let range = modelRanges[index] else { continue }
            values[columns.start] = Double(range.start)
            values[columns.holds[range.count - 1]] = 1
        }

        let score = cluster.score(given, rule: .strict)
        let (network, flow) = (score.network, score.flow)
        var flowOfLink = [Double](repeating: 0, count: cluster.links.count)
        for (arc, kind) in network.arcKinds.enumerated() {
            if case .link(let linkIndex) = kind { flowOfLink[linkIndex] = flow.arcFlows[arc] }
        }

        let coordinator = Cluster.coordinatorIndex
        for arc in arcColumns {
            let ends = cluster.linkEnds[arc.link]
            let enabled: Bool
            if ends.from == coordinator {
                enabled = modelRanges[ends.to]?.start == 0
            } else if ends.to == coordinator {
                enabled = modelRanges[ends.from]?.end == layers
            } else if let from = modelRanges[ends.from], let to = modelRanges[ends.to] {
                enabled = ContiguityRule.strict.connects(from, to: to)
            } else {
                enabled = false
            }
            values[arc.switchColumn] = enabled ? 1 : 0
            values[arc.flow] = enabled ? flowOfLink[arc.link] : 0
        }
        return values
    }
}
