/// How large a placement MILP would be, estimated before it is built, and LayerFlow's limits on it.
///
/// The layer-coverage model grows with classes × layers × longest range (× entry points under
/// partial inference × hops with a stage limit, plus classes² × layers link columns); Helix's with
/// nodes × layers and links × layers. Past the limits a model takes gigabytes to build and more
/// time to load than any time limit allows, so the planner skips the MILP (its plan and bound
/// stay those of the heuristics and the solver-free bounds) and `layerflow model` refuses with a
/// `FormulationError`. The estimates are upper estimates of what the builders make.
public struct FormulationSize: Sendable, Hashable, CustomStringConvertible {
    /// Most columns a model may have.
    public static let maxColumns = 1_000_000
    /// Most nonzero coefficients a model may have.
    public static let maxNonzeros = 5_000_000

    public var formulation: String
    public var columns: Int
    public var nonzeros: Int

    package init(formulation: String, columns: Int, nonzeros: Int) {
        self.formulation = formulation
        self.columns = columns
        self.nonzeros = nonzeros
    }

    public var isWithinLimits: Bool { columns <= Self.maxColumns && nonzeros <= Self.maxNonzeros }

    public var description: String {
        "the \(formulation) model would have about \(columns) columns and \(nonzeros) nonzeros; "
            + "LayerFlow builds at most \(Self.maxColumns) columns and \(Self.maxNonzeros) nonzeros"
    }

    /// - Throws: `FormulationError.tooLarge` past the limits.
    public func check() throws(FormulationError) {
        if !isWithinLimits { throw .tooLarge(self) }
    }
}

/// Why a placement MILP is not built.
public enum FormulationError: LayerFlowError, Hashable {
    case tooLarge(FormulationSize)

    public var description: String {
        switch self {
        case .tooLarge(let size):
            return "\(size) (fewer node classes, layers or --max-stages make it smaller)"
        }
    }
}

/// Saturating arithmetic for the estimates (hostile sizes must not trap).
private func add(_ a: Int, _ b: Int) -> Int {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? .max : sum
}

private func multiply(_ a: Int, _ b: Int) -> Int {
    let (product, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? .max : product
}

extension LayerCoverageFormulation {
    /// The stage limit the model uses: a path visits distinct nodes whose range ends strictly
    /// increase, so no path has more than min(nodes, layers) stages, and a larger limit is the same
    /// model with more (empty) hops.
    static func effectiveMaxStages(_ maxStages: Int?, cluster: Cluster) -> Int? {
        maxStages.map { min(max($0, 0), cluster.nodes.count, cluster.model.layerCount) }
    }

    /// An upper estimate of the model's size, without building it.
    /// - Complexity: O(nodes + links + Σ over classes of maxLayers).
    public static func estimatedSize(cluster: Cluster, options: Options = Options()) -> FormulationSize {
        estimatedSize(cluster: cluster, classes: nil, options: options)
    }

    /// As `estimatedSize(cluster:options:)` over given node classes.
    package static func estimatedSize(cluster: Cluster, classes: NodeClasses?, options: Options = Options()) -> FormulationSize {
        let classes = classes ?? NodeClasses.forModeling(cluster)
        let layerCount = cluster.model.layerCount
        let hops = options.depthBudget ? 1 : effectiveMaxStages(options.maxStages, cluster: cluster) ?? 1
        let modelsLinks = !options.coverageOnly && (options.modelLinks ?? LinkProfile.linksMayBind(in: cluster))
        var columns = 1
        var nonzeros = 0
        var longest = 1
        for members in classes.members {
            let node = members[0]
            let limit = cluster.maxHoldableLayers(nodeAt: node)
            longest = max(longest, limit)
            for k in stride(from: 1, through: limit, by: 1) where cluster.nodeCapacityTokensPerSecond(nodeAt: node, layers: k) > 0 {
                let intervals = layerCount - k + 1
                // Count column: class-count, capacity, coverage and cardinality rows.
                columns = add(columns, intervals)
                nonzeros = add(nonzeros, multiply(intervals, 2 * k + 2))
                guard !options.coverageOnly else { continue }
                let flows = multiply(intervals, multiply(options.rule == .strict ? 1 : k, hops))
                columns = add(columns, flows)
                nonzeros = add(nonzeros, multiply(flows, options.depthBudget ? 7 : 6))
            }
        }
        if modelsLinks {
            let pairs = multiply(multiply(classes.count, classes.count), layerCount - 1)
            columns = add(columns, pairs)
            nonzeros = add(nonzeros, multiply(pairs, 4 + 2 * longest))
        }
        return FormulationSize(formulation: "layer-coverage", columns: columns, nonzeros: nonzeros)
    }
}

extension HelixFormulation {
    /// An upper estimate of the model's size, without building it.
    /// - Complexity: O(nodes + links).
    public static func estimatedSize(cluster: Cluster) -> FormulationSize {
        var columns = 0
        var nonzeros = 0
        let holdable = cluster.nodes.indices.map { cluster.maxHoldableLayers(nodeAt: $0) }
        for k in holdable where k >= 1 {
            columns = add(columns, 1 + k)
            nonzeros = add(nonzeros, 3 * k + 1)
        }
        for ends in cluster.linkEnds {
            let tail = ends.from == Cluster.coordinatorIndex ? 0 : holdable[ends.from]
            columns = add(columns, 2)
            nonzeros = add(nonzeros, 2 * tail + 12)
        }
        return FormulationSize(formulation: "helix", columns: columns, nonzeros: nonzeros)
    }
}

extension FormulationError {
    /// What the failure is about (the CLI's exit code follows it).
    public var kind: LayerFlowErrorKind { .invalidInput }
}
