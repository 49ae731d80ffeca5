/// Helix's placement MILP (ASPLOS'25, `simulator/initial_layout/ilp_layout/ilp_layout.py` of
/// `Thesys-lab/Helix-ASPLOS25`), rebuilt row for row as a solver-agnostic ``MILPModel``.
///
/// The model chooses, for every node, a first layer and a layer count, switches each arc of the
/// cluster on or off by the strict contiguity rule, and maximises the flow out of the coordinator:
///
/// | variables (columns) | per | kind |
/// |---|---|---|
/// | `start_i` | node | integer, `0 ≤ start_i` (`≤ L − 1` with `redundantEnableRows`) |
/// | `hold_i_k`, k = 1…K_i | node | binary: node i holds exactly k layers |
/// | `flow_a` | arc (link) | continuous ≥ 0 |
/// | `switch_a` | arc (link) | binary: the arc may carry flow |
///
/// With `end_i = start_i + Σ_k k·hold_i_k`, the rows are, in Helix's order:
///
/// 1. per node: `hold_constraint_i`: Σ_k hold_i_k = 1, and `end_constraint_i`: end_i ≤ L;
/// 2. per node: `node_flow_constraint_i`: inflow − outflow = 0;
/// 3. per node: `node_throughput_constraint_i`: inflow − Σ_k nodeCap_i(k)·hold_i_k ≤ 0;
/// 4. per arc, the switch rows (big-M with M = L):
///    - coordinator → i: `edge_disable_constr_source_i`: start_i + L·switch ≤ L
///      (and, with `redundantEnableRows`, first `edge_enable_constr_source_i`: start_i + switch ≥ 1);
///    - i → coordinator: `edge_disable_constr_i_sink`: −end_i + L·switch ≤ 0
///      (and, with `redundantEnableRows`, first `edge_enable_constr_i_sink`: −end_i + (L−1)·switch ≥ −(L−1));
///    - i → j: `edge_disable_constr1_i_j`: end_i − start_j + L·switch ≤ L and
///      `edge_disable_constr2_i_j`: −end_i + start_j + L·switch ≤ L;
/// 5. per arc: `edge_flow_constr_a`: flow_a − capacity_a·switch_a ≤ 0;
///
/// and the objective is Σ flow over the coordinator's outgoing arcs, maximised.
///
/// `nodeCap_i(k)` is ``Cluster/nodeCapacityTokensPerSecond(nodeAt:layers:)`` (Helix: the throughput
/// table capped by `min(nicIn, nicOut) / activationBytes`); arc capacities are
/// ``Cluster/capacityTokensPerSecond(of:)``; K_i is ``Cluster/maxHoldableLayers(nodeAt:)`` (for
/// Helix's files, the type's `maxLayers`).
///
/// ## The redundant enable rows
///
/// Helix's builder has a flag `remove_redundant`. With it *off* (`redundantEnableRows: true`
/// here) Helix adds, for every coordinator arc, the row that forces the switch *on* when the
/// contiguity condition holds (`switch ≥ 1 − start` for source arcs, `(L−1)(switch + 1) ≥ end` for
/// sink arcs), and bounds every `start_i ≤ L − 1`. Neither changes the optimum: a switch that could
/// be on but is off only forbids flow. Helix's single-cluster LLaMA-30B runs (a100, l4, t4) were built
/// this way (76×116, 248×240, 516×408); its LLaMA-70B and cluster10 runs were built with
/// `remove_redundant` on (1848×1376, 350×316). Compute arcs under the strict rule never get an enable
/// row in Helix. (Helix's sink enable row needs L ≥ 2: for a one-layer model it is infeasible.)
///
/// ## Differences from Helix's code
///
/// - Names follow Helix's (`start_<id>`, `hold_<id>_<k>`, `flow_source_<id>`, `flow_<id>_sink`,
///   `switch_<i>_<j>`, …) with node *ids* in place of Helix's indices; for the shared instances ids
///   are Helix's indices, so names agree. Arcs (flow and switch columns, switch and flow rows) follow
///   `cluster.links` order rather than Helix's `.ini` section order; the model is the same up to
///   that permutation.
/// - A node that cannot hold even one layer (K_i = 0) is left out of the model with its arcs; Helix
///   would reject such a cluster.
/// - Coordinator→coordinator links cannot exist (``Cluster`` rejects self-links).
///
/// ## Tightened arc capacities (not Helix's model)
///
/// Helix's coordinator arcs carry capacities of 5·10⁸ tokens/s (1 Gbit/s over 2-byte tokens, read
/// with Helix's bits-as-bytes rule) next to node capacities of a few hundred to 25 000 tokens/s.
/// As big-M coefficients on binaries they break GLPK 5.0: unscaled, the bases are ill-conditioned
/// (condition numbers near 10¹³) and GLPK declares a wrong optimum; scaled, a switch within the
/// integrality tolerance of 0 lets ~10³ tokens/s through, and GLPK returns such infeasible points
/// as incumbents. With `tightArcCapacities` the edge-flow row of an arc uses
/// `min(capacity, U)` where `U` bounds the flow any feasible point can send over the arc: the largest
/// `nodeCap(k)` of its node end (the smaller of the two for a node→node arc). Flow into a node is at
/// most its capacity and flow out of it equals flow in, so the integer solutions and the optimum are
/// unchanged, every warm start of ``values(for:)`` stays feasible, and the LP relaxation can only get
/// tighter. Sizes are unchanged; only coefficients differ, so this is no longer Helix's exact model.
///
/// ## Why it is weak
///
/// Every switch is a big-M indicator with M = L on an integer difference; in the LP relaxation a
/// switch of 1/L already lets an arc carry 1/L of its capacity whatever the layer ranges, and
/// `hold` can mix layer counts, so the relaxation bound is far above the optimum (see
/// `docs/Guides/HelixFormulation.md`).
public struct HelixFormulation: Sendable {
    /// The cluster the model was built from.
    public let cluster: Cluster
    /// Whether Helix's redundant enable rows (and `start ≤ L − 1` bounds) are in the model.
    public let redundantEnableRows: Bool
    /// Whether arc capacities in the edge-flow rows are capped by the adjacent nodes' capacities
    /// (see "Tightened arc capacities"); `false` is Helix's model.
    public let tightArcCapacities: Bool
    /// The MILP. Maximisation; objective = total flow out of the coordinator, tokens/s.
    public let model: MILPModel

    /// Column indices of one modelled node.
    struct NodeColumns: Sendable, Hashable {
        /// `start_i`.
        var start: Int
        /// `hold_i_k` at position k − 1.
        var holds: [Int]
    }

    /// Column indices of one arc (one link of the cluster).
    struct ArcColumns: Sendable, Hashable {
        /// Position of the link in `cluster.links`.
        var link: Int
        var flow: Int
        var switchColumn: Int
    }

    /// By node position; nil for a node that cannot hold a layer (left out of the model).
    let nodeColumns: [NodeColumns?]
    /// One entry per modelled arc, in `cluster.links` order.
    let arcColumns: [ArcColumns]

    /// Builds Helix's MILP for `cluster`.
    ///
    /// - Parameters:
    ///   - cluster: nodes, links and throughput tables; every link becomes an arc.
    ///   - redundantEnableRows: add Helix's enable rows for coordinator arcs and bound
    ///     `start ≤ L − 1`, as Helix does with `remove_redundant = False`.
    ///   - tightArcCapacities: cap each arc's capacity coefficient by its nodes' largest capacity;
    ///     same optimum, better numerics (not Helix's exact model; off by default).
    /// - Complexity: O(Σ_i K_i · (1 + deg_i) + links) time and model size: the end expression
    ///   (K_i + 1 terms) is repeated in every sink and compute-arc switch row that touches node i.
    public init(cluster: Cluster, redundantEnableRows: Bool = false, tightArcCapacities: Bool = false) {
        self.cluster = cluster
        self.redundantEnableRows = redundantEnableRows
        self.tightArcCapacities = tightArcCapacities
        let bigM = Double(cluster.model.layerCount)
        var model = MILPModel(name: "helix-\(cluster.name)", sense: .maximize)
        let (nodeColumns, arcColumns) = Self.addColumns(to: &model, cluster: cluster, redundantEnableRows: redundantEnableRows)
        Self.addNodeRows(to: &model, cluster: cluster, nodeColumns: nodeColumns, arcColumns: arcColumns, bigM: bigM)
        Self.addSwitchRows(
            to: &model, cluster: cluster, nodeColumns: nodeColumns, arcColumns: arcColumns, bigM: bigM,
            redundantEnableRows: redundantEnableRows)
        Self.addArcCapacityRows(to: &model, cluster: cluster, arcColumns: arcColumns, tight: tightArcCapacities)
        self.model = model
        self.nodeColumns = nodeColumns
        self.arcColumns = arcColumns
    }

    /// Columns: starts, holds, flows, switches (Helix's order); a node that cannot hold a layer
    /// and the links touching it are left out.
    private static func addColumns(
        to model: inout MILPModel, cluster: Cluster, redundantEnableRows: Bool
    ) -> (nodes: [NodeColumns?], arcs: [ArcColumns]) {
        let layers = cluster.model.layerCount
        var starts = [Int?](repeating: nil, count: cluster.nodes.count)
        for (index, node) in cluster.nodes.enumerated() where cluster.maxHoldableLayers(nodeAt: index) >= 1 {
            starts[index] = model.addVariable(
                "start_\(node.id)", lowerBound: 0,
                upperBound: redundantEnableRows ? Double(layers - 1) : .infinity, kind: .integer)
        }
        var nodeColumns = [NodeColumns?](repeating: nil, count: cluster.nodes.count)
        for (index, node) in cluster.nodes.enumerated() {
            guard let start = starts[index] else { continue }
            let holds = (1...cluster.maxHoldableLayers(nodeAt: index)).map { k in
                model.addVariable("hold_\(node.id)_\(k)", kind: .binary)
            }
            nodeColumns[index] = NodeColumns(start: start, holds: holds)
        }
        let coordinator = Cluster.coordinatorIndex
        var modelledLinks: [Int] = []
        for (linkIndex, ends) in cluster.linkEnds.enumerated() {
            let fromOK = ends.from == coordinator || nodeColumns[ends.from] != nil
            let toOK = ends.to == coordinator || nodeColumns[ends.to] != nil
            if fromOK && toOK && !(ends.from == coordinator && ends.to == coordinator) {
                modelledLinks.append(linkIndex)
            }
        }
        var flows: [Int] = []
        for linkIndex in modelledLinks {
            let objective = cluster.linkEnds[linkIndex].from == coordinator ? 1.0 : 0.0
            flows.append(model.addVariable("flow_\(Self.arcLabel(cluster, linkIndex))", objective: objective))
        }
        var arcColumns: [ArcColumns] = []
        for (position, linkIndex) in modelledLinks.enumerated() {
            let switchColumn = model.addVariable("switch_\(Self.arcLabel(cluster, linkIndex))", kind: .binary)
            arcColumns.append(ArcColumns(link: linkIndex, flow: flows[position], switchColumn: switchColumn))
        }

        return (nodeColumns, arcColumns)
    }

    /// `link.from_link.to`, the coordinator named `source` or `sink`, as Helix names arcs.
    private static func arcLabel(_ cluster: Cluster, _ linkIndex: Int) -> String {
        let link = cluster.links[linkIndex]
        return "\(link.from.nodeID ?? "source")_\(link.to.nodeID ?? "sink")"
    }

    /// end_i = start_i + Σ k·hold_i_k, as terms scaled by `sign`.
    private static func endTerms(_ columns: NodeColumns, sign: Double) -> [MILPModel.Term] {
        [MILPModel.Term(columns.start, sign)]
            + columns.holds.enumerated().map { MILPModel.Term($0.element, sign * Double($0.offset + 1)) }
    }

    /// Rows 1–3: placement (one hold, end within the model), flow conservation, node throughput.
    private static func addNodeRows(
        to model: inout MILPModel, cluster: Cluster, nodeColumns: [NodeColumns?], arcColumns: [ArcColumns], bigM: Double
    ) {
        let coordinator = Cluster.coordinatorIndex
        // 1. Placement rows.
        for (index, node) in cluster.nodes.enumerated() {
            guard let columns = nodeColumns[index] else { continue }
            model.addConstraint("hold_constraint_\(node.id)", columns.holds.map { MILPModel.Term($0, 1) }, equals: 1)
            model.addConstraint("end_constraint_\(node.id)", Self.endTerms(columns, sign: 1), atMost: bigM)
        }
        // Arcs into and out of each node.
        var inArcs = [[Int]](repeating: [], count: cluster.nodes.count)
        var outArcs = [[Int]](repeating: [], count: cluster.nodes.count)
        for (position, arc) in arcColumns.enumerated() {
            let ends = cluster.linkEnds[arc.link]
            if ends.to != coordinator { inArcs[ends.to].append(position) }
            if ends.from != coordinator { outArcs[ends.from].append(position) }
        }
        // 2. Flow conservation.
        for (index, node) in cluster.nodes.enumerated() where nodeColumns[index] != nil {
            let terms = inArcs[index].map { MILPModel.Term(arcColumns[$0].flow, 1) }
                + outArcs[index].map { MILPModel.Term(arcColumns[$0].flow, -1) }
            model.addConstraint("node_flow_constraint_\(node.id)", terms, equals: 0)
        }
        // 3. Node throughput.
        for (index, node) in cluster.nodes.enumerated() {
            guard let columns = nodeColumns[index] else { continue }
            let capacityTerms = columns.holds.enumerated().map { k, hold in
                MILPModel.Term(hold, -cluster.nodeCapacityTokensPerSecond(nodeAt: index, layers: k + 1))
            }
            model.addConstraint(
                "node_throughput_constraint_\(node.id)",
                capacityTerms + inArcs[index].map { MILPModel.Term(arcColumns[$0].flow, 1) }, atMost: 0)
        }
    }

    /// Rows 4: an arc may carry flow only where its tail's range ends at its head's start.
    private static func addSwitchRows(
        to model: inout MILPModel, cluster: Cluster, nodeColumns: [NodeColumns?], arcColumns: [ArcColumns], bigM: Double,
        redundantEnableRows: Bool
    ) {
        let coordinator = Cluster.coordinatorIndex
        // 4. Switch rows.
        for arc in arcColumns {
            let ends = cluster.linkEnds[arc.link]
            let label = Self.arcLabel(cluster, arc.link)
            let switchTerm = { (coefficient: Double) in MILPModel.Term(arc.switchColumn, coefficient) }
            if ends.from == coordinator, let head = nodeColumns[ends.to] {
                if redundantEnableRows {
                    model.addConstraint(
                        "edge_enable_constr_\(label)", [MILPModel.Term(head.start, 1), switchTerm(1)], atLeast: 1)
                }
                model.addConstraint(
                    "edge_disable_constr_\(label)", [MILPModel.Term(head.start, 1), switchTerm(bigM)], atMost: bigM)
            } else if ends.to == coordinator, let tail = nodeColumns[ends.from] {
                if redundantEnableRows {
                    model.addConstraint(
                        "edge_enable_constr_\(label)", Self.endTerms(tail, sign: -1) + [switchTerm(bigM - 1)],
                        atLeast: -(bigM - 1))
                }
                model.addConstraint(
                    "edge_disable_constr_\(label)", Self.endTerms(tail, sign: -1) + [switchTerm(bigM)], atMost: 0)
            } else if let tail = nodeColumns[ends.from], let head = nodeColumns[ends.to] {
                model.addConstraint(
                    "edge_disable_constr1_\(label)",
                    Self.endTerms(tail, sign: 1) + [MILPModel.Term(head.start, -1), switchTerm(bigM)], atMost: bigM)
                model.addConstraint(
                    "edge_disable_constr2_\(label)",
                    Self.endTerms(tail, sign: -1) + [MILPModel.Term(head.start, 1), switchTerm(bigM)], atMost: bigM)
            }
        }
    }

    /// Rows 5: an arc's flow within its capacity when switched on (capped by its nodes' largest
    /// capacity with `tight`).
    private static func addArcCapacityRows(to model: inout MILPModel, cluster: Cluster, arcColumns: [ArcColumns], tight tightArcCapacities: Bool) {
        let coordinator = Cluster.coordinatorIndex
        // 5. Arc capacity.
        let largestNodeCapacity = cluster.nodes.indices.map { index in
            (0..<cluster.maxHoldableLayers(nodeAt: index)).reduce(0.0) {
                Swift.max($0, cluster.nodeCapacityTokensPerSecond(nodeAt: index, layers: $1 + 1))
            }
        }
        for arc in arcColumns {
            var capacity = cluster.capacityTokensPerSecond(of: cluster.links[arc.link])
            if tightArcCapacities {
                let ends = cluster.linkEnds[arc.link]
                for end in [ends.from, ends.to] where end != coordinator {
                    capacity = Swift.min(capacity, largestNodeCapacity[end])
                }
            }
            model.addConstraint(
                "edge_flow_constr_\(Self.arcLabel(cluster, arc.link))",
                [MILPModel.Term(arc.flow, 1), MILPModel.Term(arc.switchColumn, -capacity)], atMost: 0)
        }

    }
}
