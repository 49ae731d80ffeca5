extension MILPModel {
    /// The bounds a solver enforces for variable `index`: its own bounds, intersected with
    /// [0, 1] for a binary, and rounded inward to integers for integer and binary variables
    /// (a bound within 1e-9 of an integer counts as that integer). The result may be empty
    /// (`lower > upper`), in which case the model is infeasible.
    ///
    /// - Precondition: `index` is a valid variable index.
    public func effectiveBounds(ofVariable index: Int) -> (lower: Double, upper: Double) {
        let variable = variables[index]
        var lower = variable.lowerBound, upper = variable.upperBound
        switch variable.kind {
        case .continuous:
            return (lower, upper)
        case .binary:
            lower = Swift.max(lower, 0)
            upper = Swift.min(upper, 1)
        case .integer:
            break
        }
        // Rounding leaves ±infinity unchanged; `+ 0` turns a -0.0 from ceil(-1e-9) into 0.
        return ((lower - 1e-9).rounded(.up) + 0, (upper + 1e-9).rounded(.down) + 0)
    }

    /// The objective at `values` (one value per variable), constant included.
    ///
    /// - Returns: `.nan` when `values.count` differs from `variables.count`.
    /// - Complexity: O(`variables.count`).
    public func objectiveValue(_ values: [Double]) -> Double {
        guard values.count == variables.count else { return .nan }
        var total = objectiveConstant
        for (variable, value) in zip(variables, values) where variable.objective != 0 {
            total += variable.objective * value
        }
        return total
    }

    /// The value of constraint `index`'s linear expression at `values`.
    ///
    /// - Returns: `.nan` when `values.count` differs from `variables.count` or a term names
    ///   no variable.
    /// - Precondition: `index` is a valid constraint index.
    public func activity(ofConstraint index: Int, _ values: [Double]) -> Double {
        guard values.count == variables.count else { return .nan }
        var total = 0.0
        for term in constraints[index].terms {
            guard values.indices.contains(term.variable) else { return .nan }
            total += term.coefficient * values[term.variable]
        }
        return total
    }

    /// The largest absolute violation of a variable bound, a constraint, or integrality
    /// (distance to the nearest integer for integer and binary variables) at `values`.
    ///
    /// Used to check solutions returned by a solver or handed to it as incumbents: 0 at a
    /// feasible point, positive otherwise.
    ///
    /// - Returns: `.infinity` when `values.count` differs from `variables.count`, a value is
    ///   not finite, or a term names no variable.
    /// - Complexity: O(`variables.count` + `termCount`).
    public func maxViolation(_ values: [Double]) -> Double {
        var worst = maxVariableViolation(values)
        guard worst.isFinite else { return worst }
        for index in constraints.indices {
            let activity = activity(ofConstraint: index, values)
            guard !activity.isNaN else { return .infinity }
            let constraint = constraints[index]
            worst = Swift.max(worst, constraint.lowerBound - activity, activity - constraint.upperBound)
        }
        return worst
    }

    /// The largest bound or integrality violation of the variables (infinity for a malformed vector).
    private func maxVariableViolation(_ values: [Double]) -> Double {
        guard values.count == variables.count else { return .infinity }
        var worst = 0.0
        for index in variables.indices {
            let value = values[index]
            guard value.isFinite else { return .infinity }
            let (lower, upper) = effectiveBounds(ofVariable: index)
            worst = Swift.max(worst, lower - value, value - upper)
            if variables[index].kind != .continuous {
                worst = Swift.max(worst, Swift.abs(value - value.rounded()))
            }
        }
        return worst
    }

    /// Like `maxViolation`, but each row's violation divided by the row's scale
    /// `max(1, Σ |a_i · x_i|, |finite bounds|)`, so that rows with coefficients like 5e8 are judged
    /// relative to their size. Bound and integrality violations are absolute.
    /// - Complexity: O(`variables.count` + `termCount`).
    public func maxScaledViolation(_ values: [Double]) -> Double {
        var worst = maxVariableViolation(values)
        guard worst.isFinite else { return worst }
        for constraint in constraints {
            var activity = 0.0
            var magnitude = 1.0
            for term in constraint.terms {
                let product = term.coefficient * values[term.variable]
                activity += product
                magnitude += Swift.abs(product)
            }
            guard !activity.isNaN else { return .infinity }
            if constraint.lowerBound.isFinite { magnitude = Swift.max(magnitude, Swift.abs(constraint.lowerBound)) }
            if constraint.upperBound.isFinite { magnitude = Swift.max(magnitude, Swift.abs(constraint.upperBound)) }
            worst = Swift.max(worst, (constraint.lowerBound - activity) / magnitude, (activity - constraint.upperBound) / magnitude)
        }
        return worst
    }

    /// Checks that the model is well formed: every number is finite except infinite bounds on
    /// the correct side, every lower bound is at most its upper bound, and every term names an
    /// existing variable.
    ///
    /// A binary whose bounds exclude both 0 and 1 is well formed (the model is infeasible, not
    /// invalid).
    ///
    /// - Throws: ``MILPSolverError/invalidModel(_:)`` naming the first offending variable or
    ///   constraint by index and name.
    /// - Complexity: O(`variables.count` + `termCount`).
    public func validate() throws(MILPSolverError) {
        guard objectiveConstant.isFinite else {
            throw .invalidModel("objective constant is \(objectiveConstant), expected a finite number")
        }
        for (index, variable) in variables.enumerated() {
            let label = "variable \(index) '\(variable.name)'"
            guard variable.objective.isFinite else {
                throw .invalidModel("\(label): objective coefficient is \(variable.objective)")
            }
            if let problem = Self.boundProblem(variable.lowerBound, variable.upperBound) {
                throw .invalidModel("\(label): \(problem)")
            }
        }
        for (index, constraint) in constraints.enumerated() {
            let label = "constraint \(index) '\(constraint.name)'"
            if let problem = Self.boundProblem(constraint.lowerBound, constraint.upperBound) {
                throw .invalidModel("\(label): \(problem)")
            }
            for term in constraint.terms {
                guard variables.indices.contains(term.variable) else {
                    throw .invalidModel("\(label): term names variable \(term.variable), but the model has \(variables.count) variables")
                }
                guard term.coefficient.isFinite else {
                    throw .invalidModel("\(label): coefficient of variable \(term.variable) '\(variables[term.variable].name)' is \(term.coefficient)")
                }
            }
        }
    }

    private static func boundProblem(_ lower: Double, _ upper: Double) -> String? {
        if lower.isNaN || upper.isNaN { return "bounds [\(lower), \(upper)] contain NaN" }
        if lower == .infinity { return "lower bound is +infinity" }
        if upper == -.infinity { return "upper bound is -infinity" }
        if lower > upper { return "lower bound \(lower) exceeds upper bound \(upper)" }
        return nil
    }

    /// The constraints' terms with repeated variables summed and zero coefficients dropped,
    /// sorted by variable index: the form a solver's sparse matrix expects.
    ///
    /// - Precondition: the model is valid (see ``validate()``).
    /// - Complexity: O(`termCount` · log(terms per row)).
    public func mergedTerms(ofConstraint index: Int) -> [Term] {
        // Sort by (variable, position) so repeated terms are summed in the order written:
        // the result is deterministic, bit for bit.
        let sorted = constraints[index].terms.enumerated().sorted {
            ($0.element.variable, $0.offset) < ($1.element.variable, $1.offset)
        }
        var merged: [Term] = []
        merged.reserveCapacity(sorted.count)
        for (_, term) in sorted {
            if let last = merged.last, last.variable == term.variable {
                merged[merged.count - 1].coefficient += term.coefficient
            } else {
                merged.append(term)
            }
        }
        return merged.filter { $0.coefficient != 0 }
    }
}
