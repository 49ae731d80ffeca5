import Foundation
import LayerFlow
import Testing

/// Hostile and malformed input on the command line: every case exits with its documented code and
/// a one-line message naming the culprit (option, file, field path, node id), and nothing a file
/// or an argument holds reaches the terminal or an exported script raw.
@Suite(.serialized)
struct HostileInputCommandTests {
    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/helix-single24-llama70b.json").path

    static let hostileID = "n0\n[SourceNode]\nrm -rf / #\u{1B}[31mRED"
    static let escapedID = #"n0\n[SourceNode]\nrm -rf / #\u{1B}[31mRED"#

    static func exampleText() throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: example)), as: UTF8.self)
    }

    /// Writes `text` to a fresh file and returns its path.
    static func file(_ name: String, _ text: String) throws -> String {
        let url = try CLIRunner.temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The example with its first `find` replaced by `replace`, as a file.
    static func example(replacing find: String, with replace: String) throws -> String {
        let text = try exampleText()
        let range = try #require(text.range(of: find))
        return try file("cluster.json", text.replacingCharacters(in: range, with: replace))
    }

    /// The example with node "0" renamed to the hostile id (in its node entry and its links).
    static func hostileCluster() throws -> String {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(exampleText().utf8)) as? [String: Any])
        var copy = object
        copy["nodes"] = (object["nodes"] as! [[String: Any]]).map { node in
            var node = node
            if node["id"] as? String == "0" { node["id"] = hostileID }
            return node
        }
        copy["links"] = (object["links"] as! [[String: Any]]).map { link in
            var link = link
            for end in ["from", "to"] where link[end] as? String == "0" { link[end] = hostileID }
            return link
        }
        return try file("hostile.json", String(decoding: try JSONSerialization.data(withJSONObject: copy), as: UTF8.self))
    }

    static func plan(_ cluster: String, method: String) throws -> String {
        let path = try CLIRunner.temporaryDirectory().appendingPathComponent("plan.json").path
        let result = try CLIRunner.run(["plan", "--objective", "max-flow", cluster, "--method", method, "--json", path])
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    /// The checks every failure shares: the code, one `error:` line, no raw control characters.
    func expectFailure(_ result: CLIRunner.Result, code: Int32, mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == code, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        for text in mentions {
            #expect(result.stderr.contains(text), "\(result.stderr) should mention \(text)", sourceLocation: sourceLocation)
        }
        #expect(!result.stderr.contains("\u{1B}"), "raw escape in \(result.stderr)", sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("EncodingError") && !result.stderr.contains("DecodingError"),
                "\(result.stderr)", sourceLocation: sourceLocation)
    }

    // MARK: Option values

    @Test(arguments: ["nan", "inf", "-5", "1e309"])
    func modelRefusesATargetThatIsNotAFiniteRate(target: String) throws {
        let lp = try CLIRunner.temporaryDirectory().appendingPathComponent("x.lp").path
        let result = try CLIRunner.run(["model", Self.example, "--target=\(target)", "--lp", lp])
        expectFailure(result, code: 64, mentions: ["--target must be a finite number"])
        #expect(!FileManager.default.fileExists(atPath: lp))
    }

    @Test func modelRefusesZeroStagesAndPlanNamesItsOptions() throws {
        expectFailure(try CLIRunner.run(["model", Self.example, "--max-stages=0"]), code: 64, mentions: ["--max-stages"])
        expectFailure(try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--time-limit", "nan"]), code: 64, mentions: ["--time-limit: nan"])
        expectFailure(try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--target-gap=-1"]), code: 64, mentions: ["--target-gap"])
        expectFailure(try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--prune", "4,8,inf"]), code: 64, mentions: ["--prune: THRESHOLD"])
        let plan = try Self.plan(Self.example, method: "swarm")
        expectFailure(try CLIRunner.run(["schedule", plan, "--requests", "200000000"]), code: 64, mentions: ["--requests: 200000000 is more than LayerFlow's limit of \(InputLimits.maxRequests)"])
        expectFailure(try CLIRunner.run(["schedule", plan, "--high-water", "nan"]), code: 64, mentions: ["--high-water"])
    }

    @Test func quickClusterOptionsNameTheEntryAndTheOption() throws {
        expectFailure(
            try CLIRunner.run(["plan", "--objective", "max-flow", "--model", "llama-2-70b", "--gpus", "4xA100,,8xL4,"]), code: 64,
            mentions: ["--gpus '4xA100,,8xL4,': empty entry at position 2"])
        expectFailure(
            try CLIRunner.run(["plan", "--objective", "max-flow", "--model", "llama-2-70b", "--gpus", "4xA100", "--network", "1e308Gbps"]), code: 64,
            mentions: ["--network '1e308Gbps'"])
        #expect(!(try CLIRunner.run(["plan", "--objective", "max-flow", "--model", "llama-2-70b", "--gpus", "4xA100", "--network", "1e308Gbps"])).stderr.contains("links["))
        expectFailure(
            try CLIRunner.run(["plan", "--objective", "max-flow", "--model", "llama-2-70b", "--gpus", "4x\u{1B}[31mA100"]), code: 64,
            mentions: [#"unknown GPU '\u{1B}[31mA100'"#])
    }

    @Test func configJSONErrorsAreDataErrors() throws {
        let fraction = try Self.file("config.json", #"{"num_hidden_layers": 2.5, "hidden_size": 8}"#)
        expectFailure(
            try CLIRunner.run(["plan", "--objective", "max-flow", "--model", fraction, "--gpus", "4xA100"]), code: 65,
            mentions: [fraction, "num_hidden_layers"])
        let broken = try Self.file("config.json", "{not json")
        expectFailure(
            try CLIRunner.run(["plan", "--objective", "max-flow", "--model", broken, "--gpus", "4xA100"]), code: 65,
            mentions: [broken, "line 1, column 2"])
        let duplicate = try Self.file("config.json", #"{"num_hidden_layers": 2, "num_hidden_layers": 80}"#)
        expectFailure(
            try CLIRunner.run(["plan", "--objective", "max-flow", "--model", duplicate, "--gpus", "4xA100"]), code: 65,
            mentions: ["num_hidden_layers: the key is given twice"])
    }

    // MARK: JSON types, ranges and duplicate keys

    @Test(arguments: [
        ("80.5", "model.layerCount: expected an integer (Int), found 80.5"),
        ("1e400", "model.layerCount: the number 1e400 is out of range"),
        ("\"80\"", "model.layerCount: expected an integer (Int), found the string"),
    ])
    func clusterFieldsOfTheWrongTypeNameThePathAndTheType(value: String, message: String) throws {
        let cluster = try Self.example(replacing: "\"layerCount\" : 80", with: "\"layerCount\" : \(value)")
        expectFailure(try CLIRunner.run(["plan", "--objective", "max-flow", cluster, "--method", "swarm"]), code: 65, mentions: [cluster, message])
    }

    @Test func aDuplicateKeyIsAnError() throws {
        let cluster = try Self.example(replacing: "\"layerCount\" : 80", with: "\"layerCount\" : 80, \"layerCount\" : 40")
        expectFailure(try CLIRunner.run(["plan", "--objective", "max-flow", cluster, "--method", "swarm"]), code: 65, mentions: ["model.layerCount: the key is given twice"])
    }

    @Test func evaluateNamesTheMalformedFile() throws {
        let plan = try Self.plan(Self.example, method: "swarm")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: plan))) as? [String: Any])
        var placement = try #require(object["placement"] as? [String: Any])
        let node = try #require(placement.keys.sorted().first)
        placement[node] = [0.5, 8]
        object["placement"] = placement
        let bad = try Self.file("placement.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        expectFailure(
            try CLIRunner.run(["evaluate", Self.example, "--placement", bad]), code: 65,
            mentions: ["\(bad): placement.\(node)[0]: expected an integer (Int), found 0.5"])
        let cluster = try Self.example(replacing: "\"layerCount\" : 80", with: "\"layerCount\" : 80.5")
        let result = try CLIRunner.run(["evaluate", cluster, "--placement", plan])
        expectFailure(result, code: 65, mentions: ["\(cluster): model.layerCount"])
        // The cluster file given as the placement.
        expectFailure(
            try CLIRunner.run(["evaluate", Self.example, "--placement", Self.example]), code: 65,
            mentions: ["\(Self.example): unsupported file format 'layerflow-cluster/1': this command needs a placement"])
    }

    @Test(arguments: [["render", "--svg", "-"], ["export", "--format", "vllm"], ["schedule"]])
    func planReadersGivenAClusterSayTheyNeedAPlan(command: [String]) throws {
        let result = try CLIRunner.run([command[0], Self.example] + command.dropFirst())
        expectFailure(result, code: 65, mentions: [
            "unsupported file format 'layerflow-cluster/1': this command needs a plan file", "layerflow plan CLUSTER --json",
        ])
        #expect(!result.stderr.contains("expected \"format\": \"layerflow-cluster/1\""))
    }

    @Test func aHugeValueEverywhereIsRefusedNotEncodedAsInfinity() throws {
        let integers: Set<String> = [
            "layerCount", "maxLayers", "batch", "promptMaxRequests", "promptMaxTokens", "decodeMaxSequences", "decodeMaxContextTokens",
        ]
        func huge(_ value: Any, key: String?) -> Any {
            if let key, integers.contains(key) { return value }
            if let object = value as? [String: Any] {
                var result: [String: Any] = [:]
                for (key, member) in object { result[key] = huge(member, key: key) }
                return result
            }
            if let array = value as? [Any] { return array.map { huge($0, key: key) } }
            if value is String { return value }
            return 1e308
        }
        let object = try JSONSerialization.jsonObject(with: Data(Self.exampleText().utf8))
        let cluster = try Self.file("huge.json", String(decoding: try JSONSerialization.data(withJSONObject: huge(object, key: nil)), as: UTF8.self))
        for arguments in [["plan", "--objective", "max-flow", cluster, "--method", "swarm", "--json"], ["compare", cluster, "--json"]] {
            expectFailure(try CLIRunner.run(arguments), code: 65, mentions: [cluster, "small enough"])
        }
    }

    @Test func aKVTableOf1e308DoesNotCrashTheSimulator() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(Self.exampleText().utf8)) as? [String: Any])
        var copy = object
        copy["gpuTypes"] = (object["gpuTypes"] as! [[String: Any]]).map { type in
            var type = type
            type["kvCacheTokenLayersByLayerCount"] = (type["kvCacheTokenLayersByLayerCount"] as! [Any]).map { _ in 1e308 }
            return type
        }
        let cluster = try Self.file("kv.json", String(decoding: try JSONSerialization.data(withJSONObject: copy), as: UTF8.self))
        let plan = try Self.plan(cluster, method: "swarm")
        let result = try CLIRunner.run(["simulate", plan, "--workload", "offline", "--duration", "5", "--json", "-"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    // MARK: Node ids in exports and on the terminal

    @Test func exportsEscapeOrRefuseAHostileNodeID() throws {
        let cluster = try Self.hostileCluster()
        let petalsPlan = try Self.plan(cluster, method: "petals")
        let petals = try CLIRunner.run(["export", petalsPlan, "--format", "petals"])
        #expect(petals.status == 0, "\(petals.stderr)")
        for line in petals.stdout.split(separator: "\n") {
            #expect(line.hasPrefix("#") || line.hasPrefix("python -m petals.cli.run_server "), "injected line: \(line)")
        }
        #expect(petals.stdout.contains("# node \(Self.escapedID) ("))

        let directory = try CLIRunner.temporaryDirectory()
        let ini = try CLIRunner.run(["export", petalsPlan, "--format", "helix-ini", "--output", directory.path])
        #expect(ini.status == 0, "\(ini.stderr)")
        let text = try String(contentsOf: directory.appendingPathComponent("cluster.ini"), encoding: .utf8)
        #expect(text.split(separator: "\n").filter { $0 == "[SourceNode]" }.count == 1)
        #expect(!text.contains("\u{1B}") && !text.contains("\nrm -rf"))

        let pipelinePlan = try Self.plan(cluster, method: "separate")
        let vllm = try CLIRunner.run(["export", pipelinePlan, "--format", "vllm"])
        expectFailure(vllm, code: 65, mentions: ["node id '\(Self.escapedID)' cannot be written in the vLLM export"])
        #expect(vllm.stdout.isEmpty)
    }

    @Test func terminalOutputEscapesIdsNamesAndPaths() throws {
        let cluster = try Self.hostileCluster()
        let plan = try CLIRunner.run(["plan", "--objective", "max-flow", cluster, "--method", "petals"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(!plan.stdout.contains("\u{1B}"))
        #expect(plan.stdout.contains(Self.escapedID))
        #expect(!plan.stdout.split(separator: "\n").contains { $0.hasPrefix("[SourceNode]") })
        let missing = "/nonexistent/\u{1B}[2Jplan\n.json"
        expectFailure(try CLIRunner.run(["render", missing, "--svg", "-"]), code: 66, mentions: [#"/nonexistent/\u{1B}[2Jplan\n.json"#])
        // ArgumentParser's own messages quote the typed value: escaped too.
        expectFailure(try CLIRunner.run(["plan", "--objective", "max-flow", Self.example, "--method", "\u{1B}[31mmagic"]), code: 64, mentions: [#"\u{1B}[31mmagic"#])
    }

    @Test func aRequestLengthCSVWithAByteOrderMarkIsRead() throws {
        let plan = try Self.plan(Self.example, method: "swarm")
        let csv = try CLIRunner.temporaryDirectory().appendingPathComponent("lengths.csv")
        try (Data([0xEF, 0xBB, 0xBF]) + Data("prompt,output\n10,20\n30,40\n".utf8)).write(to: csv)
        let result = try CLIRunner.run(["schedule", plan, "--lengths", csv.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Routed: 2"))
    }
}
