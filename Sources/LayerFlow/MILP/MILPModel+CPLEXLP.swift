extension MILPModel {
    /// The model as CPLEX LP file text, for solving or inspecting it with another tool
    /// (`glpsol --lp`, HiGHS, CBC, CPLEX, Gurobi).
    ///
    /// Sections: `Maximize`/`Minimize`, `Subject To`, `Bounds`, `General`, `Binary`, `End`.
    /// The text is deterministic: the same model gives the same bytes. It is written for the
    /// common subset that GLPK's reader accepts as well:
    ///
    /// - Names keep letters, digits, `_` and `.`; other characters become `_`. A name that
    ///   would start with a digit, `.` or `e`/`E` (read as an exponent by some readers) or
    ///   that equals an LP keyword gets a `_` prefix; names are cut to 250 characters and made
    ///   unique with `_2`, `_3`, … in insertion order. Empty names become `x<index>` / `c<index>`.
    /// - A ranged row `lo ≤ expr ≤ hi` becomes two rows `<name>.lo` and `<name>.hi`, because
    ///   GLPK's reader has no ranged-row syntax. A row with no finite bound is omitted.
    /// - A nonzero ``objectiveConstant`` becomes a variable `objective_constant` fixed at 1
    ///   with the constant as its coefficient (GLPK's reader rejects a constant term).
    /// - Every variable is declared in `Bounds`, except binaries with bounds [0, 1], which are
    ///   declared in `Binary`; integer and binary bounds are written as
    ///   ``effectiveBounds(ofVariable:)`` (rounded to integers).
    /// - Repeated terms in a row are summed (``mergedTerms(ofConstraint:)``).
    ///
    /// - Precondition: the model is valid (see ``validate()``); infinite coefficients have no
    ///   LP representation.
    /// - Complexity: O(`variables.count` + `termCount` · log(terms per row)).
    public func cplexLP() -> String {
        let columns = lpColumns()
        var out = "\\ Problem: \(Self.commentSafe(name))\n"
        out += "\\ \(variables.count) variables (\(integerCount) integer, \(binaryCount) binary), \(constraints.count) constraints\n"
        for note in columns.notes { out += note + "\n" }
        out += sense == .maximize ? "Maximize\n" : "Minimize\n"
        var objectiveTerms = columns.objective.indices.compactMap { index in
            columns.objective[index] == 0 ? nil : (columns.names[index], columns.objective[index])
        }
        if objectiveTerms.isEmpty { objectiveTerms = [(columns.names[0], 0)] }
        out += Self.lpExpression(label: "obj", objectiveTerms) + "\n"
        out += lpRows(columnNames: columns.names)
        out += Self.lpBounds(columns)
        out += Self.lpIntegrality(columns)
        out += "End\n"
        return out
    }

    /// The columns as the LP text names and bounds them, with the extra columns LP format needs
    /// (a fixed column carrying the objective constant; a placeholder when there is none).
    private struct LPColumns {
        var names: [String]
        var objective: [Double]
        var lower: [Double]
        var upper: [Double]
        var isBinary: [Bool]
        var isGeneral: [Bool]
        /// Comment lines explaining the extra columns.
        var notes: [String] = []
        var table: LPNameTable

        mutating func append(_ name: String, objective coefficient: Double, lower: Double, upper: Double, note: String) {
            names.append(table.claim(name, fallback: name))
            objective.append(coefficient)
            self.lower.append(lower)
            self.upper.append(upper)
            isBinary.append(false)
            isGeneral.append(false)
            notes.append(note)
        }
    }

    private func lpColumns() -> LPColumns {
        var table = LPNameTable()
        let names = variables.enumerated().map { index, variable in table.claim(variable.name, fallback: "x\(index)") }
        let bounds = variables.indices.map { effectiveBounds(ofVariable: $0) }
        let isBinary = variables.indices.map { index in
            variables[index].kind == .binary && bounds[index].lower == 0 && bounds[index].upper == 1
        }
        var columns = LPColumns(
            names: names, objective: variables.map(\.objective), lower: bounds.map(\.lower), upper: bounds.map(\.upper),
            isBinary: isBinary, isGeneral: variables.indices.map { variables[$0].kind != .continuous && !isBinary[$0] },
            table: table)
        if objectiveConstant != 0 {
            columns.append("objective_constant", objective: objectiveConstant, lower: 1, upper: 1,
                           note: "\\ objective constant \(Self.lpNumber(objectiveConstant)) is carried by the fixed variable")
        }
        if columns.names.isEmpty {
            columns.append("placeholder", objective: 0, lower: 0, upper: 0, note: "\\ the model has no variables; LP format needs one")
        }
        return columns
    }

    /// `Subject To`: one row per bounded constraint (two for a ranged one).
    private func lpRows(columnNames names: [String]) -> String {
        var out = "Subject To\n"
        var rowNames = LPNameTable()
        rowNames.reserve("obj")
        var wroteRow = false
        for (index, constraint) in constraints.enumerated() {
            var terms = mergedTerms(ofConstraint: index).map { (names[$0.variable], $0.coefficient) }
            if terms.isEmpty { terms = [(names[0], 0)] }
            let lower = constraint.lowerBound, upper = constraint.upperBound
            let base = constraint.name.isEmpty ? "c\(index)" : constraint.name
            if lower.isFinite && upper.isFinite && lower != upper {
                let lowName = rowNames.claim(base + ".lo", fallback: "c\(index).lo")
                let highName = rowNames.claim(base + ".hi", fallback: "c\(index).hi")
                out += Self.lpExpression(label: lowName, terms) + " >= \(Self.lpNumber(lower))\n"
                out += Self.lpExpression(label: highName, terms) + " <= \(Self.lpNumber(upper))\n"
            } else if lower.isFinite || upper.isFinite {
                let rowName = rowNames.claim(base, fallback: "c\(index)")
                let relation = lower == upper ? " = \(Self.lpNumber(lower))"
                    : lower.isFinite ? " >= \(Self.lpNumber(lower))" : " <= \(Self.lpNumber(upper))"
                out += Self.lpExpression(label: rowName, terms) + relation + "\n"
            } else {
                out += "\\ constraint \(index) '\(Self.commentSafe(constraint.name))' has no finite bound and is omitted\n"
                continue
            }
            wroteRow = true
        }
        if !wroteRow {
            out += "\\ the model has no bounded constraints; LP format needs one\n"
            out += Self.lpExpression(label: rowNames.claim("no_constraints", fallback: "no_constraints"), [(names[0], 0)]) + " >= 0\n"
        }
        return out
    }

    /// `Bounds`: every column but the binaries in [0, 1].
    private static func lpBounds(_ columns: LPColumns) -> String {
        var out = "Bounds\n"
        for index in columns.names.indices where !columns.isBinary[index] {
            let name = columns.names[index], lower = columns.lower[index], upper = columns.upper[index]
            if lower == upper {
                out += " \(name) = \(lpNumber(lower))\n"
            } else if lower == -.infinity && upper == .infinity {
                out += " \(name) free\n"
            } else if upper == .infinity {
                out += " \(name) >= \(lpNumber(lower))\n"
            } else {
                let lowerText = lower == -.infinity ? "-inf" : lpNumber(lower)
                out += " \(lowerText) <= \(name) <= \(lpNumber(upper))\n"
            }
        }
        return out
    }

    /// `General` and `Binary`, each only when it has a column.
    private static func lpIntegrality(_ columns: LPColumns) -> String {
        var out = ""
        let generals = columns.names.indices.filter { columns.isGeneral[$0] }.map { columns.names[$0] }
        if !generals.isEmpty { out += "General\n" + lpNameList(generals) }
        let binaries = columns.names.indices.filter { columns.isBinary[$0] }.map { columns.names[$0] }
        if !binaries.isEmpty { out += "Binary\n" + lpNameList(binaries) }
        return out
    }

    /// `label: + c1 x1 - c2 x2 …`, wrapped so no line grows past about 200 characters.
    private static func lpExpression(label: String, _ terms: [(String, Double)]) -> String {
        var text = " \(label):"
        var lineLength = text.count
        for (name, coefficient) in terms {
            let piece = (coefficient < 0 ? " - " : " + ") + lpNumber(Swift.abs(coefficient)) + " " + name
            if lineLength + piece.count > 200 {
                text += "\n  "
                lineLength = 2
            }
            text += piece
            lineLength += piece.count
        }
        return text
    }

    private static func lpNameList(_ names: [String]) -> String {
        var text = ""
        var line = ""
        for name in names {
            if !line.isEmpty && line.count + name.count + 1 > 200 {
                text += line + "\n"
                line = ""
            }
            line += " " + name
        }
        if !line.isEmpty { text += line + "\n" }
        return text
    }

    /// A finite number in the shortest form that reads back to the same `Double`.
    static func lpNumber(_ value: Double) -> String {
        if value == value.rounded() && Swift.abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    private static func commentSafe(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}

/// Assigns LP-safe, unique names in insertion order (see ``MILPModel/cplexLP()``).
struct LPNameTable {
    private var taken: Set<String> = []

    /// Words an LP reader may take as a section keyword or bound word.
    private static let keywords: Set<String> = [
        "max", "maximize", "maximise", "maximum", "min", "minimize", "minimise", "minimum",
        "st", "s.t.", "st.", "subject", "to", "such", "that", "bound", "bounds", "free", "inf", "infinity",
        "general", "generals", "gen", "integer", "integers", "binary", "binaries", "bin", "end",
        "semi", "semis", "semi-continuous", "sos", "sos1", "sos2", "lazy", "user", "cuts",
    ]

    mutating func reserve(_ name: String) {
        taken.insert(name)
    }

    mutating func claim(_ raw: String, fallback: String) -> String {
        var base = Self.sanitise(raw.isEmpty ? fallback : raw)
        if base.isEmpty { base = Self.sanitise(fallback) }
        var candidate = base
        var suffix = 2
        while taken.contains(candidate) {
            candidate = base + "_\(suffix)"
            suffix += 1
        }
        taken.insert(candidate)
        return candidate
    }

    static func sanitise(_ raw: String) -> String {
        var name = String(raw.unicodeScalars.map { scalar -> Character in
            let isAllowed = scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "_" || scalar == ".")
            return isAllowed ? Character(scalar) : "_"
        })
        if let first = name.unicodeScalars.first,
           ("0"..."9").contains(first) || first == "." || first == "e" || first == "E" || keywords.contains(name.lowercased()) {
            name = "_" + name
        }
        if name.count > 250 { name = String(name.prefix(250)) }
        return name
    }
}
