import Foundation
import LayerFlow
import Testing

/// `layerflow schedule`: exit codes, the JSON contract, the exported tables, malformed lengths.
@Suite(.serialized)
struct ScheduleCommandTests {
    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/helix-single24-llama70b.json").path

    /// A plan file with two parallel first stages (a1, a2 on [0, 2)) feeding b on [2, 4); KV
    /// caches of 1,000 tokens per layer on a1 and a2, so at the default high-water mark (0.9) no
    /// request above 900 tokens fits any route.
    static func twoWidePlan(in directory: URL) throws -> String {
        func type(_ name: String, throughput: Double, kvTokens: Int) -> GPUType {
            GPUType(name: name, vramBytes: 40e9, nicInBytesPerSecond: 1e9, nicOutBytesPerSecond: 1e9, maxLayers: 4,
                    throughputTokensPerSecondByLayerCount: [2 * throughput, throughput, throughput, throughput],
                    kvCacheTokenLayersByLayerCount: (1...4).map { Double($0 * kvTokens) })
        }
        func link(_ from: Endpoint, _ to: Endpoint) -> Link { Link(from: from, to: to, bandwidthBytesPerSecond: 1e9) }
        let cluster = try Cluster(
            name: "two-wide",
            model: ModelSpec(name: "toy", layerCount: 4, parameterBytesPerLayer: 4e9, activationBytesPerToken: 8192, tokenBytes: 2),
            gpuTypes: [type("g", throughput: 1000, kvTokens: 1000), type("wide", throughput: 8000, kvTokens: 1_000_000)],
            nodes: [ComputeNode(id: "a1", type: "g"), ComputeNode(id: "a2", type: "g"), ComputeNode(id: "b", type: "wide")],
            links: [link(.coordinator, .node("a1")), link(.coordinator, .node("a2")), link(.node("a1"), .node("b")),
                    link(.node("a2"), .node("b")), link(.node("b"), .coordinator)])
        let placement = Placement(["a1": LayerRange(0, 2), "a2": LayerRange(0, 2), "b": LayerRange(2, 4)])
        let document = PlanDocument(
            baseline: "hand-made", evaluation: try cluster.evaluate(placement, rule: .strict), cluster: cluster,
            options: PlanOptions())
        let path = directory.appendingPathComponent("two-wide-plan.json").path
        try document.encoded().write(to: URL(fileURLWithPath: path))
        return path
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func schedulesAPlanWrittenByPlanAndPrintsTheNodeTable() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let planFile = directory.appendingPathComponent("plan.json").path
        let plan = try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--method", "swarm", "--json", planFile])
        #expect(plan.status == 0, "\(plan.stderr)")
        let result = try CLIRunner.run(["schedule", planFile, "--requests", "2000", "--seed", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.contains("traffic share"))
        #expect(result.stdout.contains("KV capacity"))
        #expect(result.stdout.contains("Routed: 2000"))
        #expect(result.stdout.contains("layerflow simulate"), "the timing of a served workload is simulate's")
    }

    @Test func jsonHasTheContractKeysAndTheCountsAddUp() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.twoWidePlan(in: directory)
        let result = try CLIRunner.run(["schedule", plan, "--requests", "500", "--seed", "9", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try Self.json(result.stdout)
        #expect(object["format"] as? String == "layerflow-schedule-summary/2")
        let routed = try #require(object["routed"] as? Int)
        let rejected = try #require(object["rejected"] as? Int)
        #expect(routed + rejected == 500)
        #expect(object["largestAdmissibleFootprintTokens"] as? Int == 900)
        // Synthetic footprints average about 1,000 tokens: many exceed every route's 900.
        #expect(rejected > 0 && routed > 0)
        #expect(object["rejectionsByReason"] as? [String: Int] == ["exceeds-route-capacity": rejected])
        #expect(object["distinctRoutes"] as? Int == 2)
        for key in ["queued", "kvWithinCapacity", "durationIterations"] {
            #expect(object[key] == nil, "\(key) belonged to the removed iteration-counting run")
        }
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["id"] as? String } == ["a1", "a2", "b"])
        for node in nodes {
            for key in ["id", "layers", "requests", "tokens", "trafficShare", "tokenShare", "flowShare", "kvCapacityTokens", "kvLimitTokens", "kvCapacitySource"] {
                #expect(node[key] != nil, "node \(node["id"] ?? "?") lacks \(key)")
            }
        }
        #expect(nodes[0]["kvCapacityTokens"] as? Int == 1000)
        #expect(nodes[0]["kvLimitTokens"] as? Int == 900)
        #expect(abs((nodes[2]["flowShare"] as? Double ?? 0) - 0.5) < 1e-12)
        // Every routed request passes through b, and the round robin splits the first stage evenly.
        #expect(nodes[2]["requests"] as? Int == routed)
        let a1 = try #require(nodes[0]["requests"] as? Int)
        let a2 = try #require(nodes[1]["requests"] as? Int)
        #expect(a1 + a2 == routed && abs(a1 - a2) <= 1)
    }

    @Test func writesVersionedTableAndNextHopFiles() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.twoWidePlan(in: directory)
        let table = directory.appendingPathComponent("table.json").path
        let hops = directory.appendingPathComponent("hops.json").path
        let result = try CLIRunner.run(["schedule", plan, "--requests", "40", "--table", table, "--next-hops", hops])
        #expect(result.status == 0, "\(result.stderr)")
        let tableObject = try Self.json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: table)), as: UTF8.self))
        #expect(tableObject["format"] as? String == "layerflow-schedule-table/1")
        let requests = try #require(tableObject["requests"] as? [[String: Any]])
        #expect(requests.count == 40)
        #expect(requests.allSatisfy { $0["route"] is Int || $0["rejected"] != nil })
        let routes = try #require(tableObject["routes"] as? [[String: Any]])
        #expect(routes.count == 2, "one route through a1, one through a2")
        let hopsObject = try Self.json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: hops)), as: UTF8.self))
        #expect(hopsObject["format"] as? String == "layerflow-next-hops/1")
        let tables = try #require(hopsObject["tables"] as? [[String: Any]])
        #expect(tables.map { $0["at"] as? String } == ["coordinator", "a1", "a2", "b"])
    }

    @Test func csvLengthsAreReadAndRepeated() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.twoWidePlan(in: directory)
        let csv = directory.appendingPathComponent("lengths.csv")
        try Data("prompt,output\n100,20\n300,0\n".utf8).write(to: csv)
        let result = try CLIRunner.run(["schedule", plan, "--lengths", csv.path, "--requests", "7", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try Self.json(result.stdout)
        #expect(object["routed"] as? Int == 7)
        #expect((object["lengths"] as? [String: Any])?["source"] as? String == "csv")
    }

    @Test func malformedCSVExits65NamingTheLine() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.twoWidePlan(in: directory)
        let csv = directory.appendingPathComponent("bad.csv")
        try Data("prompt,output\n100,20\n12x,5\n".utf8).write(to: csv)
        let result = try CLIRunner.run(["schedule", plan, "--lengths", csv.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("line 3"))
        #expect(result.stderr.contains("'12x'"))
        #expect(result.stderr.contains("bad.csv"))
        #expect(result.stdout.isEmpty)
    }

    @Test func unreadableFilesExit66() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.twoWidePlan(in: directory)
        let missingPlan = try CLIRunner.run(["schedule", "/nonexistent/plan.json"])
        #expect(missingPlan.status == 66)
        #expect(missingPlan.stderr.contains("/nonexistent/plan.json"))
        let missingCSV = try CLIRunner.run(["schedule", plan, "--lengths", "/nonexistent/lengths.csv"])
        #expect(missingCSV.status == 66)
        #expect(missingCSV.stderr.contains("/nonexistent/lengths.csv"))
    }

    @Test func aClusterFileIsNotAPlanAndBadOptionsAreUsageErrors() throws {
        let notAPlan = try CLIRunner.run(["schedule", Self.example])
        #expect(notAPlan.status == 65)
        #expect(notAPlan.stderr.contains("error:"))
        let directory = try CLIRunner.temporaryDirectory()
        let plan = try Self.twoWidePlan(in: directory)
        let both = try CLIRunner.run(["schedule", plan, "--seed", "1", "--lengths", "x.csv"])
        #expect(both.status == 64)
        let highWater = try CLIRunner.run(["schedule", plan, "--high-water", "1.5"])
        #expect(highWater.status == 64)
        #expect(highWater.stderr.contains("--high-water"))
    }
}
