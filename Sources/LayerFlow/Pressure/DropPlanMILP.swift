/// The copy-selection problem of a drop plan as two MILPs, the exact reference for
/// `CopySelection` on small cases.
///
/// Variables `y[c][s]`: how many groups of `s` members (2 ≤ s ≤ G) class `c` forms, at most
/// `⌊n_c ÷ s⌋`. Rows: class `c` uses at most its `n_c` replicas, `Σ_s s·y[c][s] ≤ n_c`; the freed
/// tokens meet the demand, `Σ (s − 1)·tokensPerCopy_c·y[c][s] ≥ demand`. First model: minimise the
/// copies `Σ (s − 1)·y`. Second: copies fixed at that minimum, binaries `z[s]` ("some group has s
/// members", `y[c][s] ≤ ⌊n_c ÷ s⌋·z[s]`) and a depth `D ≥ s·z[s]`, minimise `D`.
package enum DropPlanMILP {
    /// The fewest-copies model; its objective is the minimum number of copies.
    package static func copiesModel(classes: [(members: Int, tokensPerCopy: Int)], demand: Int, maxDepth: Int) -> MILPModel {
        var model = MILPModel(name: "drop-copies", sense: .minimize)
        _ = addGroups(to: &model, classes: classes, demand: demand, maxDepth: maxDepth, copiesWeight: 1)
        return model
    }

    /// The shallowest-depth model with exactly `copies` copies; its objective is the depth.
    package static func depthModel(classes: [(members: Int, tokensPerCopy: Int)], demand: Int, maxDepth: Int, copies: Int) -> MILPModel {
        var model = MILPModel(name: "drop-depth", sense: .minimize)
        let groups = addGroups(to: &model, classes: classes, demand: demand, maxDepth: maxDepth, copiesWeight: 0)
        var copyTerms: [MILPModel.Term] = []
        for row in groups { for (size, variable) in row { copyTerms.append(MILPModel.Term(variable, Double(size - 1))) } }
        _ = model.addConstraint("copies", copyTerms, equals: Double(copies))
        let depth = model.addVariable("depth", lowerBound: 1, upperBound: Double(maxDepth), kind: .continuous, objective: 1)
        guard maxDepth >= 2 else { return model }
        for size in 2...maxDepth {
            let used = model.addVariable("z[\(size)]", lowerBound: 0, upperBound: 1, kind: .binary, objective: 0)
            _ = model.addConstraint("depth>=\(size)", [MILPModel.Term(depth, 1), MILPModel.Term(used, -Double(size))], atLeast: 0)
            for (c, row) in groups.enumerated() {
                guard let variable = row[size] else { continue }
                let limit = Double(classes[c].members / size)
                _ = model.addConstraint("y[\(c)][\(size)]<=z", [MILPModel.Term(variable, 1), MILPModel.Term(used, -limit)], atMost: 0)
            }
        }
        return model
    }

    /// Adds the `y` variables and the class and demand rows; returns `y` by class, then by size.
    private static func addGroups(
        to model: inout MILPModel, classes: [(members: Int, tokensPerCopy: Int)], demand: Int, maxDepth: Int, copiesWeight: Double
    ) -> [[Int: Int]] {
        var groups: [[Int: Int]] = []
        var demandTerms: [MILPModel.Term] = []
        for (c, entry) in classes.enumerated() {
            var row: [Int: Int] = [:]
            var members: [MILPModel.Term] = []
            if maxDepth >= 2 {
                for size in 2...maxDepth where entry.members / size > 0 {
                    let variable = model.addVariable(
                        "y[\(c)][\(size)]", lowerBound: 0, upperBound: Double(entry.members / size), kind: .integer,
                        objective: copiesWeight * Double(size - 1))
                    row[size] = variable
                    members.append(MILPModel.Term(variable, Double(size)))
                    demandTerms.append(MILPModel.Term(variable, Double((size - 1) * entry.tokensPerCopy)))
                }
            }
            if !members.isEmpty { _ = model.addConstraint("members[\(c)]", members, atMost: Double(entry.members)) }
            groups.append(row)
        }
        _ = model.addConstraint("demand", demandTerms, atLeast: Double(demand))
        return groups
    }
}
