import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// Helix's MILP rebuilt from the shared instances: exact model sizes, warm starts that are feasible
/// and worth exactly the reference max flows, decoding, and the LP export.
@Suite(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason))
struct HelixFormulationTests {
    /// The size of Helix's own model for each shared instance, and how Helix built it.
    struct ExpectedSize: Sendable, CustomTestStringConvertible {
        var file: String
        /// Helix's `remove_redundant = False`.
        var redundantEnableRows: Bool
        var rows: Int
        var columns: Int
        var binaries: Int
        /// Binaries plus general integers (the starts), as Gurobi counts "integer" variables.
        var integers: Int

        var testDescription: String { file }
    }

    /// From the `lpModelSize` / `gurobiTrace` of each file's Helix reference.
    static let expectedSizes: [ExpectedSize] = [
        ExpectedSize(file: "helix-single24-llama70b.json", redundantEnableRows: false,
                     rows: 1848, columns: 1376, binaries: 752, integers: 776),
        ExpectedSize(file: "helix-single24-a100-llama30b.json", redundantEnableRows: true,
                     rows: 76, columns: 116, binaries: 92, integers: 96),
        ExpectedSize(file: "helix-single24-l4-llama30b.json", redundantEnableRows: true,
                     rows: 248, columns: 240, binaries: 160, integers: 168),
        ExpectedSize(file: "helix-single24-t4-llama30b.json", redundantEnableRows: true,
                     rows: 516, columns: 408, binaries: 240, integers: 252),
        ExpectedSize(file: "helix-cluster10-llama30b.json", redundantEnableRows: false,
                     rows: 350, columns: 316, binaries: 196, integers: 206),
    ]

    @Test(arguments: expectedSizes)
    func modelHasHelixSize(expected: ExpectedSize) throws {
        let instance = try SharedData.instance(expected.file)
        let cluster = try instance.cluster()
        let formulation = HelixFormulation(cluster: cluster, redundantEnableRows: expected.redundantEnableRows)
        let model = formulation.model
        #expect(model.constraints.count == expected.rows)
        #expect(model.variables.count == expected.columns)
        #expect(model.binaryCount == expected.binaries)
        #expect(model.binaryCount + model.integerCount == expected.integers)
        #expect(model.integerCount == cluster.nodes.count)
        #expect(model.sense == .maximize)
        // Helix bounds start_i ≤ L − 1 only when it keeps the redundant rows.
        let layers = Double(cluster.model.layerCount)
        for variable in model.variables where variable.kind == .integer {
            #expect(variable.lowerBound == 0)
            #expect(variable.upperBound == (expected.redundantEnableRows ? layers - 1 : .infinity))
        }
        // The enable rows are exactly one per coordinator arc.
        let coordinatorArcs = cluster.linkEnds.filter { $0.from == Cluster.coordinatorIndex || $0.to == Cluster.coordinatorIndex }.count
        let other = HelixFormulation(cluster: cluster, redundantEnableRows: !expected.redundantEnableRows).model
        #expect(abs(other.constraints.count - model.constraints.count) == coordinatorArcs)
        #expect(other.variables.count == model.variables.count)
        try model.validate()
    }

    /// The sizes recorded in the files agree with the table above (so the table is not made up).
    @Test(arguments: expectedSizes)
    func expectedSizesMatchTheFiles(expected: ExpectedSize) throws {
        let instance = try SharedData.instance(expected.file)
        var recorded: [(rows: Int, cols: Int, binaries: Int)] = []
        for reference in try instance.referencePlacements {
            for key in ["lpModelSize", "gurobiTrace"] {
                guard let size = reference.entry[key],
                      let rows = size["rows"]?.doubleValue, let cols = size["cols"]?.doubleValue,
                      let binaries = size["binaries"]?.doubleValue
                else { continue }
                recorded.append((Int(rows), Int(cols), Int(binaries)))
            }
        }
        try #require(!recorded.isEmpty, "\(expected.file) records no Helix model size")
        for size in recorded {
            #expect(size.rows == expected.rows && size.cols == expected.columns && size.binaries == expected.binaries)
        }
    }

    /// (redundantEnableRows, tightArcCapacities) variants of the model.
    static let variants: [[Bool]] = [[false, false], [true, false], [false, true], [true, true]]

    @Test(arguments: SharedData.instanceNames, variants)
    func referencePlacementsEncodeAsFeasibleWarmStarts(file: String, variant: [Bool]) throws {
        let instance = try SharedData.instance(file)
        let cluster = try instance.cluster()
        let formulation = HelixFormulation(
            cluster: cluster, redundantEnableRows: variant[0], tightArcCapacities: variant[1])
        var checked = 0
        for reference in try instance.referencePlacements where reference.linkSet == .links {
            guard let placement = reference.placement, let maxFlow = reference.maxFlow else { continue }
            let values = try formulation.values(for: placement)
            let label = "\(file) \(reference.method)"
            #expect(formulation.model.maxViolation(values) <= 1e-6, "\(label)")
            let objective = formulation.model.objectiveValue(values)
            #expect(relativeDifference(objective, maxFlow) <= 1e-9, "\(label): \(objective) vs \(maxFlow)")

            let decoded = formulation.placement(from: values)
            if placement.ranges.count == cluster.nodes.count {
                #expect(decoded == placement, "\(label)")
            } else {
                // Nodes the placement leaves empty come back with the one-layer range [0, 1).
                for node in cluster.nodes {
                    #expect(decoded[node.id] == (placement[node.id] ?? LayerRange(0, 1)), "\(label) node \(node.id)")
                }
                let decodedFlow = try cluster.evaluate(decoded).throughputTokensPerSecond
                #expect(decodedFlow >= maxFlow * (1 - 1e-12), "\(label)")
            }
            checked += 1
        }
        #expect(checked > 0, "\(file) has no reference placement with a strict max flow")
    }

    @Test(arguments: expectedSizes)
    func tightArcCapacitiesOnlyLowerEdgeFlowCoefficients(expected: ExpectedSize) throws {
        let cluster = try SharedData.instance(expected.file).cluster()
        let helix = HelixFormulation(cluster: cluster, redundantEnableRows: expected.redundantEnableRows).model
        let tight = HelixFormulation(
            cluster: cluster, redundantEnableRows: expected.redundantEnableRows, tightArcCapacities: true).model
        #expect(tight.variables == helix.variables)
        #expect(tight.constraints.count == helix.constraints.count)
        var lowered = 0
        for (a, b) in zip(helix.constraints, tight.constraints) {
            guard a != b else { continue }
            #expect(a.name.hasPrefix("edge_flow_constr_"), "\(a.name) changed")
            #expect(a.terms.count == 2 && b.terms.count == 2 && a.terms[0] == b.terms[0])
            #expect(b.terms[1].coefficient > a.terms[1].coefficient && b.terms[1].coefficient < 0)
            lowered += 1
        }
        // Every coordinator arc's 5e8 tokens/s coefficient is capped.
        let coordinatorArcs = cluster.linkEnds.filter { $0.from == Cluster.coordinatorIndex || $0.to == Cluster.coordinatorIndex }.count
        #expect(lowered >= coordinatorArcs)
    }

    @Test func switchesFollowTheContiguityRule() throws {
        let instance = try SharedData.instance("helix-single24-a100-llama30b.json")
        let cluster = try instance.cluster()
        let formulation = HelixFormulation(cluster: cluster, redundantEnableRows: true)
        let placement = Placement(["0": LayerRange(0, 15), "1": LayerRange(15, 30), "2": LayerRange(30, 45), "3": LayerRange(45, 60)])
        let values = try formulation.values(for: placement)
        let model = formulation.model
        func value(_ name: String) throws -> Double {
            let index = try #require(model.variables.firstIndex { $0.name == name }, "no column \(name)")
            return values[index]
        }
        #expect(try value("switch_source_0") == 1)
        #expect(try value("switch_source_1") == 0)
        #expect(try value("switch_3_sink") == 1)
        #expect(try value("switch_2_sink") == 0)
        #expect(try value("switch_0_1") == 1)
        #expect(try value("switch_1_0") == 0)
        #expect(try value("switch_0_2") == 0)
        #expect(try value("start_2") == 30)
        #expect(try value("hold_2_15") == 1)
        #expect(abs(try value("flow_source_0") - 1044.533345056491) <= 1e-9)
    }

    @Test func invalidPlacementThrows() throws {
        let cluster = try SharedData.instance("helix-single24-a100-llama30b.json").cluster()
        let formulation = HelixFormulation(cluster: cluster)
        #expect(throws: PlacementError.self) { try formulation.values(for: Placement(["0": LayerRange(0, 30)])) }
        #expect(throws: PlacementError.self) { try formulation.values(for: Placement(["9": LayerRange(0, 1)])) }
    }

    @Test func decodingAWrongLengthVectorGivesAnEmptyPlacement() throws {
        let cluster = try SharedData.instance("helix-single24-a100-llama30b.json").cluster()
        let formulation = HelixFormulation(cluster: cluster)
        #expect(formulation.placement(from: [1, 2, 3]) == Placement())
    }

    @Test func cplexExportHasHelixCounts() throws {
        let cluster = try SharedData.instance("helix-single24-llama70b.json").cluster()
        let formulation = HelixFormulation(cluster: cluster)
        let text = formulation.model.cplexLP()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func section(_ header: String, until next: Set<String>) -> [String] {
            guard let start = lines.firstIndex(of: header) else { return [] }
            let rest = lines[(start + 1)...]
            return Array(rest.prefix { !next.contains($0) })
        }
        let headers: Set<String> = ["Subject To", "Bounds", "General", "Binary", "End"]
        let rowLines = section("Subject To", until: headers).filter { $0.hasPrefix(" ") && !$0.hasPrefix("  ") }
        #expect(rowLines.count == 1848)
        #expect(rowLines.filter { $0.contains("edge_enable_constr") }.isEmpty)
        // Bounds: every column that is not a binary (24 starts, 600 flows).
        let bounds = section("Bounds", until: headers)
        #expect(bounds.count == 624)
        #expect(bounds.filter { $0.hasPrefix(" start_") }.count == 24)
        let binaryNames = section("Binary", until: headers).flatMap { $0.split(separator: " ") }
        #expect(binaryNames.count == 752)
        let generalNames = section("General", until: headers).flatMap { $0.split(separator: " ") }
        #expect(generalNames.count == 24)
        #expect(text.contains("Maximize"))
    }
}
