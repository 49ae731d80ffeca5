import Foundation
import LayerFlow
import Testing

@Suite("MILP model: building, checking, evaluating")
struct MILPModelTests {
    /// max 3x + 2y + 1 s.t. x + y ≤ 4, x − y ≥ −1, x integer in [0, 3], y binary.
    static func small() -> MILPModel {
        var model = MILPModel(name: "small", sense: .maximize)
        model.objectiveConstant = 1
        let x = model.addVariable("x", upperBound: 3, kind: .integer, objective: 3)
        let y = model.addVariable("y", kind: .binary, objective: 2)
        model.addConstraint("sum", [.init(x, 1), .init(y, 1)], atMost: 4)
        model.addConstraint("diff", [.init(x, 1), .init(y, -1)], atLeast: -1)
        return model
    }

    @Test func indicesCountsAndConvenienceRows() {
        var model = Self.small()
        #expect(model.variables.count == 2)
        #expect(model.binaryCount == 1)
        #expect(model.integerCount == 1) // binaries are not counted as integers
        let z = model.addVariable("z", lowerBound: -.infinity)
        #expect(z == 2)
        let eq = model.addConstraint("eq", [.init(z, 1)], equals: 5)
        #expect(eq == 2)
        #expect(model.constraints[eq].lowerBound == 5 && model.constraints[eq].upperBound == 5)
        #expect(model.constraints[0].lowerBound == -.infinity && model.constraints[0].upperBound == 4)
        #expect(model.constraints[1].lowerBound == -1 && model.constraints[1].upperBound == .infinity)
        #expect(model.termCount == 5)
        model.setBounds(ofVariable: z, lowerBound: 1, upperBound: 1)
        #expect(model.variables[z].lowerBound == 1 && model.variables[z].upperBound == 1)
        model.setObjective(ofVariable: z, 4)
        #expect(model.variables[z].objective == 4)
    }

    @Test func objectiveIncludesTheConstant() {
        let model = Self.small()
        #expect(model.objectiveValue([3, 1]) == 12)
        #expect(model.objectiveValue([1]).isNaN)
    }

    @Test func maxViolationIsZeroAtFeasiblePointsAndPositiveElsewhere() {
        let model = Self.small()
        #expect(model.maxViolation([3, 1]) == 0)
        #expect(model.maxViolation([0, 0]) == 0)
        #expect(model.maxViolation([3.5, 0]) == 0.5)     // bound and integrality
        #expect(model.maxViolation([0, 1]) == 0)
        #expect(model.maxViolation([3, 1.0]) == 0)
        #expect(model.maxViolation([0.25, 0]) == 0.25)   // integrality
        #expect(model.maxViolation([0, 2]) == 1)         // binary above 1, and diff = -2 < -1
        #expect(model.maxViolation([-1, 0]) == 1)        // lower bound
        #expect(model.maxViolation([1]) == .infinity)    // wrong length
        #expect(model.maxViolation([.nan, 0]) == .infinity)
        var rows = MILPModel(name: "rows", sense: .minimize)
        let a = rows.addVariable("a", lowerBound: -.infinity)
        rows.addConstraint("range", [.init(a, 2)], lowerBound: 1, upperBound: 3)
        #expect(rows.maxViolation([1]) == 0)
        #expect(rows.maxViolation([2]) == 1)
        #expect(rows.maxViolation([0]) == 1)
    }

    @Test func validationNamesTheOffender() {
        var model = Self.small()
        #expect(throws: Never.self) { try model.validate() }
        model.addConstraint("ghost row", [.init(9, 1)], atMost: 1)
        #expect {
            try model.validate()
        } throws: { error in
            guard case .invalidModel(let text) = error as? MILPSolverError else { return false }
            return text.contains("ghost row") && text.contains("variable 9")
        }
        var bounds = Self.small()
        bounds.setBounds(ofVariable: 0, lowerBound: 2, upperBound: 1)
        #expect(throws: MILPSolverError.invalidModel("variable 0 'x': lower bound 2.0 exceeds upper bound 1.0")) {
            try bounds.validate()
        }
        var nan = Self.small()
        nan.addConstraint("nan", [.init(0, .nan)], atMost: 1)
        #expect(throws: MILPSolverError.self) { try nan.validate() }
        var wrongSide = Self.small()
        wrongSide.addVariable("w", lowerBound: .infinity)
        #expect(throws: MILPSolverError.self) { try wrongSide.validate() }
        var constant = Self.small()
        constant.objectiveConstant = .infinity
        #expect(throws: MILPSolverError.self) { try constant.validate() }
    }

    @Test func effectiveBoundsIntersectBinariesAndRoundIntegers() {
        var model = MILPModel(name: "bounds", sense: .minimize)
        let b = model.addVariable("b", lowerBound: -5, upperBound: 5, kind: .binary)
        let i = model.addVariable("i", lowerBound: 0.5, upperBound: 2.9999999999, kind: .integer)
        let c = model.addVariable("c", lowerBound: 0.5, upperBound: 2.5)
        let free = model.addVariable("f", lowerBound: -.infinity, kind: .integer)
        #expect(model.effectiveBounds(ofVariable: b) == (0, 1))
        #expect(model.effectiveBounds(ofVariable: b).lower.sign == .plus) // no -0.0
        #expect(model.effectiveBounds(ofVariable: i) == (1, 3))
        #expect(model.effectiveBounds(ofVariable: c) == (0.5, 2.5))
        #expect(model.effectiveBounds(ofVariable: free) == (-.infinity, .infinity))
    }

    @Test func mergedTermsSumRepeatsDropZerosAndSort() {
        var model = MILPModel(name: "merge", sense: .minimize)
        let x = model.addVariable("x"), y = model.addVariable("y"), z = model.addVariable("z")
        model.addConstraint("r", [.init(z, 1), .init(x, 2), .init(y, 1), .init(x, 3), .init(y, -1)], atMost: 1)
        #expect(model.mergedTerms(ofConstraint: 0) == [.init(x, 5), .init(z, 1)])
    }

    @Test func optionsValidation() {
        let model = Self.small()
        #expect(throws: Never.self) { try MILPSolveOptions().validate(for: model) }
        #expect(throws: MILPSolverError.self) { try MILPSolveOptions(timeLimitSeconds: 0).validate(for: model) }
        #expect(throws: MILPSolverError.self) { try MILPSolveOptions(timeLimitSeconds: .infinity).validate(for: model) }
        #expect(throws: MILPSolverError.self) { try MILPSolveOptions(relativeGap: -1).validate(for: model) }
        #expect(throws: MILPSolverError.self) { try MILPSolveOptions(initialSolution: [1]).validate(for: model) }
        #expect(throws: Never.self) { try MILPSolveOptions(initialSolution: [1, 0]).validate(for: model) }
    }

    @Test func relativeGapFollowsGLPKsDefinition() {
        #expect(MILPProgress.relativeGap(incumbent: 100, bound: 110) == 10 / (100 + Double.ulpOfOne))
        #expect(MILPProgress.relativeGap(incumbent: nil, bound: 1) == nil)
        #expect(MILPProgress.relativeGap(incumbent: 0, bound: 0) == 0)
    }

    @Test func errorDescriptionsAreOneLine() {
        for error in [MILPSolverError.solverError(message: "m"), .invalidModel("x"), .invalidOptions("y"), .reentrantSolve] {
            #expect(!error.description.contains("\n"))
        }
    }
}

@Suite("MILP options: encoding")
struct MILPSolveOptionsCodingTests {
    @Test func setsEncodeSortedAndRoundTrip() throws {
        let options = MILPSolveOptions(
            timeLimitSeconds: 2, nodeLimit: 10, cuts: [.mir, .clique, .gomory, .cover],
            heuristics: [.simpleRounding, .feasibilityPump], branching: .mostFractional)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(options)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""cuts":["clique","cover","gomory","mir"]"#))
        #expect(text.contains(#""heuristics":["feasibilityPump","simpleRounding"]"#))
        #expect(try JSONDecoder().decode(MILPSolveOptions.self, from: data) == options)
        #expect(try JSONDecoder().decode(MILPSolveOptions.self, from: Data("{}".utf8)) == MILPSolveOptions())
    }
}
