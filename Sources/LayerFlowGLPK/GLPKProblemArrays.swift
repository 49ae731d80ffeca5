import LayerFlow

/// A ``MILPModel`` lowered to the flat arrays the C shim passes to GLPK.
///
/// Lowering is where the model is made acceptable to GLPK: integer and binary bounds are
/// rounded to integers (`glp_intopt` rejects fractional bounds on integer columns), binaries
/// become integer columns with bounds in [0, 1] (so a fixed binary stays fixed), repeated
/// (row, column) terms are summed and zeros dropped (`glp_load_matrix` aborts on duplicates),
/// and the matrix arrays are 1-based with an unused entry 0, as GLPK expects.
struct GLPKProblemArrays {
    var maximize: Bool
    var objectiveConstant: Double
    var columnLower: [Double]
    var columnUpper: [Double]
    var columnObjective: [Double]
    var columnInteger: [UInt8]
    var rowLower: [Double]
    var rowUpper: [Double]
    /// 1-based row of each matrix entry; index 0 is unused.
    var elementRow: [Int32]
    /// 1-based column of each matrix entry; index 0 is unused.
    var elementColumn: [Int32]
    /// Value of each matrix entry; index 0 is unused.
    var elementValue: [Double]

    var columnCount: Int { columnLower.count }
    var rowCount: Int { rowLower.count }
    var elementCount: Int { elementValue.count - 1 }

    /// Lowers a model that has passed ``MILPModel/validate()``.
    ///
    /// - Throws: ``MILPSolverError/invalidModel(_:)`` when a count does not fit GLPK's `int`.
    init(model: MILPModel) throws(MILPSolverError) {
        let limit = Int(Int32.max) - 1
        guard model.variables.count <= limit, model.constraints.count <= limit else {
            throw .invalidModel("GLPK addresses rows and columns with 32-bit ints; the model has \(model.variables.count) variables and \(model.constraints.count) constraints")
        }
        maximize = model.sense == .maximize
        objectiveConstant = model.objectiveConstant
        columnLower = []
        columnUpper = []
        columnObjective = []
        columnInteger = []
        columnLower.reserveCapacity(model.variables.count)
        columnUpper.reserveCapacity(model.variables.count)
        for index in model.variables.indices {
            let bounds = model.effectiveBounds(ofVariable: index)
            columnLower.append(bounds.lower)
            columnUpper.append(bounds.upper)
            columnObjective.append(model.variables[index].objective)
            columnInteger.append(model.variables[index].kind == .continuous ? 0 : 1)
        }
        rowLower = model.constraints.map(\.lowerBound)
        rowUpper = model.constraints.map(\.upperBound)
        elementRow = [0]
        elementColumn = [0]
        elementValue = [0]
        for index in model.constraints.indices {
            for term in model.mergedTerms(ofConstraint: index) {
                elementRow.append(Int32(index + 1))
                elementColumn.append(Int32(term.variable + 1))
                elementValue.append(term.coefficient)
            }
        }
        guard elementValue.count - 1 <= limit else {
            throw .invalidModel("GLPK counts matrix entries with a 32-bit int; the model has \(elementValue.count - 1)")
        }
    }

    /// The first column whose (rounded) bounds admit no value, if any: the model is then
    /// infeasible without asking GLPK (which would report invalid bounds instead).
    var firstEmptyColumn: Int? {
        columnLower.indices.first { columnLower[$0] > columnUpper[$0] }
    }
}
