import LayerFlow
import Testing

@Suite("MILP model: CPLEX LP export")
struct MILPModelLPExportTests {
    @Test func smallModelText() {
        let text = MILPModelTests.small().cplexLP()
        #expect(text == """
            \\ Problem: small
            \\ 2 variables (1 integer, 1 binary), 2 constraints
            \\ objective constant 1 is carried by the fixed variable
            Maximize
             obj: + 3 x + 2 y + 1 objective_constant
            Subject To
             sum: + 1 x + 1 y <= 4
             diff: + 1 x - 1 y >= -1
            Bounds
             0 <= x <= 3
             objective_constant = 1
            General
             x
            Binary
             y
            End

            """)
    }

    @Test func exportIsDeterministic() {
        let model = MILPModelTests.small()
        #expect(model.cplexLP() == model.cplexLP())
    }

    @Test func namesAreMadeSafeAndUnique() {
        var model = MILPModel(name: "names\nwith newline", sense: .minimize)
        let names = ["x", "x", "1st", "e7", "E", "free", "a b/c", "", ".dot", "ok.name_1", "Ünïcode"]
        for name in names { model.addVariable(name, objective: 1) }
        model.addConstraint("st", (0..<names.count).map { MILPModel.Term($0, 1) }, atLeast: 1)
        model.addConstraint("st", [.init(0, 1)], atLeast: 0)
        let text = model.cplexLP()
        #expect(text.hasPrefix("\\ Problem: names with newline\n"))
        let objective = text.split(separator: "\n").first { $0.hasPrefix(" obj:") }.map(String.init)
        #expect(objective == " obj: + 1 x + 1 x_2 + 1 _1st + 1 _e7 + 1 _E + 1 _free + 1 a_b_c + 1 x7 + 1 _.dot + 1 ok.name_1 + 1 _n_code")
        #expect(text.contains(" _st: "))
        #expect(text.contains(" _st_2: "))
    }

    @Test func longNamesAreCutAndLongRowsWrapped() {
        var model = MILPModel(name: "long", sense: .minimize)
        let long = String(repeating: "v", count: 300)
        for _ in 0..<40 { model.addVariable(long, objective: 1) }
        model.addConstraint("wide", (0..<40).map { MILPModel.Term($0, 1) }, atMost: 1)
        let text = model.cplexLP()
        for line in text.split(separator: "\n") {
            #expect(line.count <= 510, "LP lines must stay short")
        }
        #expect(text.contains(String(repeating: "v", count: 250) + "_40"))
        #expect(!text.contains(String(repeating: "v", count: 251)))
    }

    @Test func emptyModelsStillProduceReadableLP() {
        let empty = MILPModel(name: "empty", sense: .minimize)
        let text = empty.cplexLP()
        #expect(text.contains("obj: + 0 placeholder"))
        #expect(text.contains("no_constraints: + 0 placeholder >= 0"))
        #expect(text.hasSuffix("End\n"))
    }
}
