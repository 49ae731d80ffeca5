/// LayerFlow's MILP formulation of placement: interchangeable nodes aggregated into integer counts
/// of layer intervals, flows along layer boundaries, and layer-coverage rows.
///
/// Variables. For each node class c (see `NodeClasses`), start s and length k with `s + k ≤ L`:
/// an integer `y[c,s,k] ∈ [0, n_c]`, how many class-c nodes hold layers `s..<s+k`. For each such
/// interval, flow variables `f[c,s,k,b,h] ≥ 0`: flow entering the interval at boundary b (b = s under
/// strict contiguity; any `s ≤ b < s+k` under partial inference) as the h-th hop of its path (h is
/// only tracked when the number of stages is limited). One continuous F, the throughput.
///
/// Rows. Class counts `Σ y[c,·,·] ≤ n_c`. Interval capacity `Σ f[c,s,k,·,·] ≤ min(cap_c(k), U)·y`,
/// where U is a proven upper bound on F (no node can carry more than the whole flow). With a target
/// T, F is fixed to T and U = T: any placement reaching T can also carry exactly T. Flow
/// conservation at every boundary (and hop). `F = Σ` flow entering at boundary 0. Layer coverage
/// `Σ_{intervals holding ℓ} min(cap, U)·y ≥ F` for every layer ℓ — implied by the flows, but as
/// explicit rows they let the solver's cover and MIR cuts see that every layer needs enough nodes;
/// with a target T (`F ≥ T`) the right-hand side becomes the constant T.
/// Optional link rows (when links can bind or the mesh is incomplete): class-to-class flows at every
/// boundary limited by what the class's links can carry per node — a relaxation.
///
/// Nodes of a class have identical capacities and link profiles, so any integer solution maps to a
/// placement by giving each interval the next unused nodes of its class; when no link can bind on a
/// complete mesh, that placement's max flow is at least F (checked by our max-flow, not trusted).
/// Otherwise the model is a relaxation: its bound stays valid, its solutions are re-evaluated.
/// See `docs/Guides/Planner.md` for sizes and measurements.
public struct LayerCoverageFormulation: Sendable {
    public struct Options: Sendable, Hashable {
        /// Fix F to `target`: a feasibility test of "some placement reaches target" (objective 0).
        public var target: Double?
        /// A proven upper bound on F, used to cap interval capacities (tightens the relaxation).
        public var upperBound: Double?
        /// Limit the number of nodes on any path (hop-indexed flows).
        public var maxStages: Int?
        public var rule: ContiguityRule
        /// Model link capacities between classes (automatic: only when some link can bind).
        public var modelLinks: Bool?
        /// Leave out flows and conservation: only counts and layer coverage. A weaker relaxation of
        /// "some placement reaches target", much smaller and often enough to refute a target.
        public var coverageOnly: Bool
        /// With `maxStages` D: instead of hop-indexed flows, one *depth-budget* row `Σ f ≤ D · F`.
        ///
        /// Valid: a placement with a flow of value ≥ T whose paths visit at most D nodes each,
        /// scaled to exactly T, gives counts `y` and node flows that meet the capacity rows
        /// (`≤ min(cap, T)`), conservation and coverage, and its node flows add up to
        /// `Σ_paths x_p · |p| ≤ D · T`. So a refuted target is above every depth-limited max flow.
        /// A relaxation of the hop-indexed model (a mix of deeper and shallower paths passes the
        /// row), with the size of the model without a stage limit; unlike the work bound it keeps
        /// positions (the holders of each layer carry F together). See `docs/Guides/Planner.md`.
        public var depthBudget: Bool

        /// Whether flows carry a hop index (a stage limit, not relaxed to the depth budget).
        var tracksHops: Bool { maxStages != nil && !depthBudget }

        public init(
            target: Double? = nil, upperBound: Double? = nil, maxStages: Int? = nil,
            rule: ContiguityRule = .strict, modelLinks: Bool? = nil, coverageOnly: Bool = false,
            depthBudget: Bool = false
        ) {
            self.coverageOnly = coverageOnly
            self.depthBudget = depthBudget
            self.target = target
            self.upperBound = upperBound
            self.maxStages = maxStages
            self.rule = rule
            self.modelLinks = modelLinks
        }
    }

    /// One class-interval of the model.
    public struct Interval: Sendable, Hashable {
        public var classIndex: Int
        public var range: LayerRange
        public var capacity: Double
        /// Column of its count variable y.
        public var countVariable: Int
    }

    /// One flow column: an interval entered at a boundary, as a given hop.
    struct FlowColumn: Sendable, Hashable {
        var interval: Int
        var entry: Int
        var hop: Int
        var variable: Int
    }

    public let model: MILPModel
    public let intervals: [Interval]
    package let classes: NodeClasses
    /// Column of F.
    public let throughputVariable: Int
    public let options: Options
    /// Whether class-to-class link rows are in the model.
    public let modelsLinks: Bool
    let flows: [FlowColumn]
    let linkFlows: [LinkFlowColumn]
    let layerCount: Int

    struct LinkFlowColumn: Sendable, Hashable {
        var fromClass: Int
        var toClass: Int
        var boundary: Int
        var variable: Int
    }

    /// - Complexity: O(C·L·K·E·H) columns for C classes, L layers, K the longest range, E entry
    ///   points (1, or K under partial inference) and H hops (1, or maxStages clamped to
    ///   min(nodes, layers)); see `estimatedSize` for the size before building.
    public init(cluster: Cluster, options: Options = Options()) {
        self.init(cluster: cluster, classes: nil, options: options, linkProfile: nil)
    }

    /// As `init(cluster:options:)` over given node classes (the planner's, shared with its bounds).
    package init(cluster: Cluster, classes: NodeClasses?, options: Options = Options()) {
        self.init(cluster: cluster, classes: classes, options: options, linkProfile: nil)
    }

    /// - Parameter linkProfile: the classes' `LinkProfile`, when the caller keeps one (it reads
    ///   every link: the planner builds many models of one cluster).
    init(cluster: Cluster, classes: NodeClasses?, options: Options, linkProfile: LinkProfile?) {
        let classes = classes ?? NodeClasses.forModeling(cluster)
        let layerCount = cluster.model.layerCount
        var options = options
        options.maxStages = Self.effectiveMaxStages(options.maxStages, cluster: cluster)
        // No node carries more than the whole flow: cap interval capacities by a proven upper bound
        // on F, or, for a target T, by T itself (a placement reaching T also carries exactly T).
        let cap = min(options.target ?? .infinity, options.upperBound ?? .infinity)
        let profile = linkProfile ?? LinkProfile(cluster: cluster, classes: classes)
        let modelsLinks = options.modelLinks ?? profile.linksMayBind
        var model = MILPModel(name: "layerflow_coverage", sense: .maximize)
        let throughput = model.addVariable(
            "F", lowerBound: options.target ?? 0, upperBound: options.target ?? options.upperBound ?? .infinity,
            objective: options.target == nil ? 1 : 0)

        // Count variables, one per class-interval a node of the class can hold with positive capacity.
        var intervals: [Interval] = []
        var longest = 1
        for (c, members) in classes.members.enumerated() {
            let node = members[0]
            let limit = cluster.maxHoldableLayers(nodeAt: node)
            longest = max(longest, limit)
            for k in stride(from: 1, through: limit, by: 1) {
                let capacity = cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: k)
                guard capacity > 0 else { continue }
                for s in 0...(layerCount - k) {
                    let y = model.addVariable(
                        "y_c\(c)_s\(s)_k\(k)", lowerBound: 0, upperBound: Double(members.count), kind: .integer)
                    intervals.append(Interval(classIndex: c, range: LayerRange(s, s + k), capacity: capacity, countVariable: y))
                }
            }
        }

        // Flow columns.
        // (No hop at all under a stage limit of 0: nothing can flow.)
        let hops: [Int] = options.tracksHops ? options.maxStages.map { $0 >= 1 ? Array(1...$0) : [] } ?? [] : [0]
        var flows: [FlowColumn] = []
        for (index, interval) in intervals.enumerated() where !options.coverageOnly {
            let entries = options.rule == .strict
                ? [interval.range.start] : Array(interval.range.start..<interval.range.end)
            for entry in entries {
                for hop in hops {
                    if options.tracksHops, let stages = options.maxStages {
                        // Hop h entering at b: the h-1 hops before covered b layers, the D-h after cover the rest.
                        if (hop - 1) * longest < entry || (stages - hop) * longest < layerCount - interval.range.end { continue }
                        if entry == 0 && hop != 1 { continue }
                    }
                    let f = model.addVariable("f_\(index)_b\(entry)_h\(hop)")
                    flows.append(FlowColumn(interval: index, entry: entry, hop: hop, variable: f))
                }
            }
        }

        // Class counts.
        for (c, members) in classes.members.enumerated() {
            let terms = intervals.filter { $0.classIndex == c }.map { MILPModel.Term($0.countVariable, 1) }
            model.addConstraint("count_c\(c)", terms, atMost: Double(members.count))
        }
        // Interval capacity.
        var flowsOfInterval = [[Int]](repeating: [], count: intervals.count)
        for column in flows { flowsOfInterval[column.interval].append(column.variable) }
        for (index, interval) in intervals.enumerated() where !options.coverageOnly {
            var terms = flowsOfInterval[index].map { MILPModel.Term($0, 1) }
            terms.append(MILPModel.Term(interval.countVariable, -min(interval.capacity, cap)))
            model.addConstraint("cap_\(index)", terms, atMost: 0)
        }
        // Conservation at each (boundary, hop): what leaves intervals ending at b as hop h enters
        // intervals at b as hop h + 1 (hops are all 0 when not tracked).
        let hopCount = (options.tracksHops ? options.maxStages ?? 0 : 0) + 2
        var leaving = [[MILPModel.Term]](repeating: [], count: (layerCount + 1) * hopCount)
        var entering = [[MILPModel.Term]](repeating: [], count: (layerCount + 1) * hopCount)
        for column in flows {
            let end = intervals[column.interval].range.end
            leaving[end * hopCount + column.hop].append(.init(column.variable, 1))
            let previousHop = options.tracksHops ? column.hop - 1 : 0
            if previousHop >= 0 { entering[column.entry * hopCount + previousHop].append(.init(column.variable, -1)) }
        }
        for boundary in 1..<layerCount {
            for hop in 0..<hopCount {
                let terms = leaving[boundary * hopCount + hop] + entering[boundary * hopCount + hop]
                if !terms.isEmpty { model.addConstraint("flow_b\(boundary)_h\(hop)", terms, equals: 0) }
            }
        }
        // Source and sink.
        var sourceTerms = [MILPModel.Term(throughput, 1)]
        var sinkTerms = [MILPModel.Term(throughput, -1)]
        for column in flows {
            if column.entry == 0 { sourceTerms.append(.init(column.variable, -1)) }
            if intervals[column.interval].range.end == layerCount { sinkTerms.append(.init(column.variable, 1)) }
        }
        if !options.coverageOnly {
            model.addConstraint("source", sourceTerms, equals: 0)
            model.addConstraint("sink", sinkTerms, equals: 0)
        }
        // Depth budget: every path visits at most maxStages nodes, so node visits ≤ maxStages · F.
        if options.depthBudget, !options.coverageOnly, let stages = options.maxStages {
            var terms = flows.map { MILPModel.Term($0.variable, 1) }
            terms.append(.init(throughput, -Double(stages)))
            model.addConstraint("depth_budget", terms, atMost: 0)
        }
        // Layer coverage.
        for layer in 0..<layerCount {
            var terms = intervals.filter { $0.range.start <= layer && layer < $0.range.end }
                .map { MILPModel.Term($0.countVariable, min($0.capacity, cap)) }
            if let target = options.target {
                model.addConstraint("cover_l\(layer)", terms, atLeast: target)
                Self.addCardinalityCover(to: &model, layer: layer, intervals: intervals, target: target)
            } else {
                terms.append(.init(throughput, -1))
                model.addConstraint("cover_l\(layer)", terms, atLeast: 0)
            }
        }
        var linkFlows: [LinkFlowColumn] = []
        if modelsLinks && !options.coverageOnly {
            linkFlows = profile.addRows(
                to: &model, intervals: intervals, flows: flows, layerCount: layerCount, classCount: classes.count, cap: cap)
        }
        self.model = model
        self.intervals = intervals
        self.classes = classes
        self.throughputVariable = throughput
        self.options = options
        self.modelsLinks = modelsLinks
        self.flows = flows
        self.linkFlows = linkFlows
        self.layerCount = layerCount
    }

    /// Cardinality cover for a layer under a target T: an interval whose capacity reaches T can
    /// serve the layer alone; any set of weaker ones needs at least `r = ⌈T / a⌉` nodes, a being the
    /// largest weaker capacity. Hence `Σ_strong r·y + Σ_weak y ≥ r`, valid for integer counts. The
    /// capacity row alone lets the relaxation cover a layer with 1.000001 nodes of capacity just under
    /// T; this row makes it pay for a second node, which is what refutes near-optimal targets.
    static func addCardinalityCover(to model: inout MILPModel, layer: Int, intervals: [Interval], target: Double) {
        let covering = intervals.filter { $0.range.start <= layer && layer < $0.range.end }
        guard let largestWeak = covering.map(\.capacity).filter({ $0 < target }).max(), largestWeak > 0 else { return }
        let needed = (target / largestWeak).rounded(.up)
        guard needed >= 2 else { return }
        let terms = covering.map { MILPModel.Term($0.countVariable, $0.capacity >= target ? needed : 1) }
        model.addConstraint("card_l\(layer)", terms, atLeast: needed)
    }

    /// The placement a solution describes: each interval's count of nodes taken from its class in order.
    public func ranges(from values: [Double], nodeCount: Int) -> [LayerRange?] {
        var ranges = [LayerRange?](repeating: nil, count: nodeCount)
        var next = [Int](repeating: 0, count: classes.count)
        for interval in intervals {
            let count = Int(values[interval.countVariable].rounded())
            guard count > 0 else { continue }
            let members = classes.members[interval.classIndex]
            for _ in 0..<count where next[interval.classIndex] < members.count {
                ranges[members[next[interval.classIndex]]] = interval.range
                next[interval.classIndex] += 1
            }
        }
        return ranges
    }
}
