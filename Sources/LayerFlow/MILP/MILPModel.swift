/// A mixed-integer linear program, independent of any solver.
///
/// Formulations (placement, routing) build a `MILPModel`; a ``MILPSolver``
/// backend such as GLPK solves it, and ``cplexLP()`` exports it for other
/// solvers. Variables and constraints are addressed by the integer index that
/// ``addVariable(_:lowerBound:upperBound:kind:objective:)`` and
/// ``addConstraint(_:_:lowerBound:upperBound:)`` return, in insertion order.
///
/// Bounds may be infinite (`-.infinity`, `.infinity`). A row is *ranged*:
/// `lowerBound ≤ Σ coefficient·x ≤ upperBound`; equal bounds make an
/// equality. A row may name one variable several times; the terms are summed.
/// Nothing is validated while building (so building stays cheap and
/// non-throwing); ``validate()`` and every solver check the model before use.
public struct MILPModel: Sendable, Hashable {
    /// The optimisation direction.
    public enum Sense: String, Sendable, Codable {
        /// Maximise the objective.
        case maximize
        /// Minimise the objective.
        case minimize
    }

    /// The domain of a variable.
    public enum VariableKind: String, Sendable, Codable {
        /// Any real value within the bounds.
        case continuous
        /// An integer within the bounds.
        case integer
        /// An integer within the bounds intersected with [0, 1].
        case binary
    }

    /// One decision variable (a column).
    public struct Variable: Sendable, Hashable {
        /// A name for logs and LP export; need not be unique or LP-safe.
        public var name: String
        /// Lower bound; `-.infinity` for none.
        public var lowerBound: Double
        /// Upper bound; `.infinity` for none.
        public var upperBound: Double
        /// Continuous, integer or binary.
        public var kind: VariableKind
        /// Objective coefficient.
        public var objective: Double

        /// Creates a variable description.
        public init(name: String, lowerBound: Double, upperBound: Double, kind: VariableKind, objective: Double) {
            self.name = name
            self.lowerBound = lowerBound
            self.upperBound = upperBound
            self.kind = kind
            self.objective = objective
        }
    }

    /// A coefficient of one variable in a constraint.
    public struct Term: Sendable, Hashable {
        /// Index of the variable, as returned by `addVariable`.
        public var variable: Int
        /// Coefficient of that variable.
        public var coefficient: Double

        /// Creates a term `coefficient · x[variable]`.
        public init(variable: Int, coefficient: Double) {
            self.variable = variable
            self.coefficient = coefficient
        }

        /// Creates a term `coefficient · x[variable]`.
        public init(_ variable: Int, _ coefficient: Double) {
            self.init(variable: variable, coefficient: coefficient)
        }
    }

    /// A ranged linear constraint (a row): `lowerBound ≤ Σ terms ≤ upperBound`.
    public struct Constraint: Sendable, Hashable {
        /// A name for logs and LP export; need not be unique or LP-safe.
        public var name: String
        /// The linear expression; a variable may appear more than once (terms add up).
        public var terms: [Term]
        /// Lower bound; `-.infinity` for none.
        public var lowerBound: Double
        /// Upper bound; `.infinity` for none.
        public var upperBound: Double

        /// Creates a constraint description.
        public init(name: String, terms: [Term], lowerBound: Double, upperBound: Double) {
            self.name = name
            self.terms = terms
            self.lowerBound = lowerBound
            self.upperBound = upperBound
        }
    }

    /// The model's name (used in logs and as a comment in LP export).
    public var name: String
    /// Whether the objective is maximised or minimised.
    public var sense: Sense
    /// A constant added to the objective; solvers report objectives including it.
    public var objectiveConstant: Double
    /// The variables, in the order they were added.
    public private(set) var variables: [Variable]
    /// The constraints, in the order they were added.
    public private(set) var constraints: [Constraint]

    /// Creates an empty model.
    public init(name: String, sense: Sense) {
        self.name = name
        self.sense = sense
        self.objectiveConstant = 0
        self.variables = []
        self.constraints = []
    }

    /// Adds a variable and returns its index.
    ///
    /// - Parameters:
    ///   - name: a label for logs and LP export.
    ///   - lowerBound: lower bound, `-.infinity` for none (default 0).
    ///   - upperBound: upper bound, `.infinity` for none.
    ///   - kind: continuous, integer or binary. A binary's bounds are intersected with [0, 1].
    ///   - objective: objective coefficient.
    /// - Returns: the variable's index, `variables.count - 1`.
    /// - Complexity: amortised O(1).
    @discardableResult
    public mutating func addVariable(
        _ name: String, lowerBound: Double = 0, upperBound: Double = .infinity,
        kind: VariableKind = .continuous, objective: Double = 0
    ) -> Int {
        variables.append(Variable(
            name: name, lowerBound: lowerBound, upperBound: upperBound, kind: kind, objective: objective))
        return variables.count - 1
    }

    /// Adds a ranged constraint `lowerBound ≤ Σ terms ≤ upperBound` and returns its index.
    ///
    /// - Complexity: amortised O(1) plus copying `terms`.
    @discardableResult
    public mutating func addConstraint(
        _ name: String, _ terms: [Term], lowerBound: Double = -.infinity, upperBound: Double = .infinity
    ) -> Int {
        constraints.append(Constraint(name: name, terms: terms, lowerBound: lowerBound, upperBound: upperBound))
        return constraints.count - 1
    }

    /// Adds an equality `Σ terms = value` and returns its index.
    @discardableResult
    public mutating func addConstraint(_ name: String, _ terms: [Term], equals value: Double) -> Int {
        addConstraint(name, terms, lowerBound: value, upperBound: value)
    }

    /// Adds `Σ terms ≤ value` and returns its index.
    @discardableResult
    public mutating func addConstraint(_ name: String, _ terms: [Term], atMost value: Double) -> Int {
        addConstraint(name, terms, lowerBound: -.infinity, upperBound: value)
    }

    /// Adds `Σ terms ≥ value` and returns its index.
    @discardableResult
    public mutating func addConstraint(_ name: String, _ terms: [Term], atLeast value: Double) -> Int {
        addConstraint(name, terms, lowerBound: value, upperBound: .infinity)
    }

    /// Replaces the bounds of variable `index`, for example to fix variables in a matheuristic.
    ///
    /// - Precondition: `index` is a variable index returned by `addVariable`.
    public mutating func setBounds(ofVariable index: Int, lowerBound: Double, upperBound: Double) {
        precondition(variables.indices.contains(index), "MILPModel.setBounds: no variable \(index)")
        variables[index].lowerBound = lowerBound
        variables[index].upperBound = upperBound
    }

    /// Replaces the objective coefficient of variable `index`.
    ///
    /// - Precondition: `index` is a variable index returned by `addVariable`.
    public mutating func setObjective(ofVariable index: Int, _ coefficient: Double) {
        precondition(variables.indices.contains(index), "MILPModel.setObjective: no variable \(index)")
        variables[index].objective = coefficient
    }

    /// The number of `.binary` variables.
    public var binaryCount: Int { variables.lazy.filter { $0.kind == .binary }.count }

    /// The number of `.integer` variables; binaries are *not* included (see ``binaryCount``).
    public var integerCount: Int { variables.lazy.filter { $0.kind == .integer }.count }

    /// The number of terms over all constraints, as written (repeated variables counted each time).
    public var termCount: Int { constraints.reduce(0) { $0 + $1.terms.count } }
}
