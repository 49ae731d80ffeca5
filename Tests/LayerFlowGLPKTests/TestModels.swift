import LayerFlow
import Testing

/// Small models with known optima, and a hard one for limit tests.
enum TestModels {
    /// max 10a + 13b + 7c + 8d  s.t. 4a + 6b + 3c + 5d ≤ 10, binaries. The only optimum is
    /// {a, b} = 23 (the other pairs that fit: {b, c} = 20, {a, d} = 18, {a, c} = 17, {c, d} = 15;
    /// no three items fit).
    static func knapsack() -> MILPModel {
        var model = MILPModel(name: "knapsack", sense: .maximize)
        let values = [10.0, 13, 7, 8], weights = [4.0, 6, 3, 5]
        let items = values.indices.map { model.addVariable("item\($0)", kind: .binary, objective: values[$0]) }
        model.addConstraint("capacity", items.map { MILPModel.Term($0, weights[$0]) }, atMost: 10)
        return model
    }

    /// 3×3 assignment, minimise cost; optimum 5 (worker 0→task 1, 1→task 0, 2→task 2).
    static func assignment() -> (model: MILPModel, x: [[Int]]) {
        let cost: [[Double]] = [[4, 1, 3], [2, 0, 5], [3, 2, 2]]
        var model = MILPModel(name: "assignment", sense: .minimize)
        let x = (0..<3).map { worker in
            (0..<3).map { task in model.addVariable("x_\(worker)_\(task)", kind: .binary, objective: cost[worker][task]) }
        }
        for worker in 0..<3 {
            model.addConstraint("worker\(worker)", (0..<3).map { MILPModel.Term(x[worker][$0], 1) }, equals: 1)
        }
        for task in 0..<3 {
            model.addConstraint("task\(task)", (0..<3).map { MILPModel.Term(x[$0][task], 1) }, equals: 1)
        }
        return (model, x)
    }

    /// x + y ≤ 1 and x + y ≥ 3 with integer x, y ≥ 0.
    static func infeasible() -> MILPModel {
        var model = MILPModel(name: "infeasible", sense: .maximize)
        let x = model.addVariable("x", kind: .integer, objective: 1)
        let y = model.addVariable("y", kind: .integer, objective: 1)
        model.addConstraint("low", [.init(x, 1), .init(y, 1)], atMost: 1)
        model.addConstraint("high", [.init(x, 1), .init(y, 1)], atLeast: 3)
        return model
    }

    /// max x + y s.t. x − y ≤ 1, continuous, unbounded above.
    static func unboundedLP() -> MILPModel {
        var model = MILPModel(name: "unbounded", sense: .maximize)
        let x = model.addVariable("x", objective: 1)
        let y = model.addVariable("y", objective: 1)
        model.addConstraint("diff", [.init(x, 1), .init(y, -1)], atMost: 1)
        return model
    }

    /// A random multi-dimensional 0-1 knapsack: `items` binaries, `dimensions` capacity rows at
    /// half the total weight. Hard for GLPK at 200 items × 5 rows.
    static func multiKnapsack(items: Int = 200, dimensions: Int = 5, seed: UInt64 = 42) -> MILPModel {
        var generator = SplitMix64(seed: seed)
        var model = MILPModel(name: "mkp_\(items)_\(dimensions)", sense: .maximize)
        var weights: [[Double]] = Array(repeating: [], count: dimensions)
        var variables: [Int] = []
        for item in 0..<items {
            var total = 0.0
            for d in 0..<dimensions {
                let w = Double(generator.next() % 1000 + 1)
                weights[d].append(w)
                total += w
            }
            let value = (total / Double(dimensions) + Double(generator.next() % 500)).rounded()
            variables.append(model.addVariable("item\(item)", kind: .binary, objective: value))
        }
        for d in 0..<dimensions {
            let capacity = (weights[d].reduce(0, +) / 2).rounded()
            model.addConstraint("dim\(d)", variables.map { MILPModel.Term($0, weights[d][$0]) }, atMost: capacity)
        }
        return model
    }

    /// A feasible solution of a packing model (all rows `≤`, nonnegative weights): take items
    /// greedily by objective while every row still fits.
    static func greedy(_ model: MILPModel) -> [Double] {
        var values = [Double](repeating: 0, count: model.variables.count)
        let order = model.variables.indices.sorted {
            (model.variables[$0].objective, $1) > (model.variables[$1].objective, $0)
        }
        for index in order {
            values[index] = 1
            if model.maxViolation(values) > 0 { values[index] = 0 }
        }
        return values
    }
}

/// A tiny deterministic generator (SplitMix64) so test models are the same on every machine.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Parameterised tests name a model by its name rather than its full dump.
extension MILPModel: CustomTestStringConvertible {
    public var testDescription: String { "\"\(name)\" (\(variables.count) variables, \(constraints.count) rows)" }
}
