import Foundation
import LayerFlow
import LayerFlowTestSupport
import Testing

/// Malformed clusters and placements: each is rejected with a typed error naming the field, node
/// or link at fault, and none crashes.
struct MalformedInputTests {
    /// A mutation of a valid native cluster file and the text its error must contain.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var mentions: String
        var mutate: @Sendable (inout [String: Any]) -> Void

        var testDescription: String { name }
    }

    static func validNativeObject() throws -> [String: Any] {
        let data = try NativeClusterFormat.encode(try ClusterFixtures.small())
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static let cases: [Case] = [
        Case(name: "missing format tag", mentions: "unsupported file format") { $0["format"] = nil },
        Case(name: "unknown format version", mentions: "layerflow-cluster/9") { $0["format"] = "layerflow-cluster/9" },
        Case(name: "missing model", mentions: "model") { $0["model"] = nil },
        Case(name: "zero layers", mentions: "model.layerCount") { $0[path: "model", "layerCount"] = 0 },
        Case(name: "negative layers", mentions: "model.layerCount") { $0[path: "model", "layerCount"] = -3 },
        Case(name: "layer count as a string", mentions: "model.layerCount") { $0[path: "model", "layerCount"] = "80" },
        Case(name: "zero activation bytes", mentions: "model.activationBytesPerToken") { $0[path: "model", "activationBytesPerToken"] = 0 },
        Case(name: "negative token bytes", mentions: "model.tokenBytes") { $0[path: "model", "tokenBytes"] = -2 },
        Case(name: "negative parameter bytes", mentions: "model.parameterBytesPerLayer") { $0[path: "model", "parameterBytesPerLayer"] = -1 },
        Case(name: "unknown GPU type", mentions: "unknown GPU type 'H900'") { $0[index: "nodes", 1, "type"] = "H900" },
        Case(name: "duplicate node ids", mentions: "'n0' is used twice") { $0[index: "nodes", 1, "id"] = "n0" },
        Case(name: "reserved node id", mentions: "nodes[2].id") { $0[index: "nodes", 2, "id"] = "coordinator" },
        Case(name: "empty node id", mentions: "nodes[0].id") { $0[index: "nodes", 0, "id"] = "" },
        Case(name: "link to a missing node", mentions: "links[0].to: no node with id 'ghost'") { $0[index: "links", 0, "to"] = "ghost" },
        Case(name: "link from a missing node", mentions: "links[3].from: no node with id 'ghost'") { $0[index: "links", 3, "from"] = "ghost" },
        Case(name: "negative bandwidth", mentions: "links[2].bandwidthBytesPerSecond") { $0[index: "links", 2, "bandwidthBytesPerSecond"] = -5 },
        Case(name: "bandwidth as text", mentions: "links[2].bandwidthBytesPerSecond") { $0[index: "links", 2, "bandwidthBytesPerSecond"] = "fast" },
        Case(name: "negative latency", mentions: "links[4].latencySeconds") { $0[index: "links", 4, "latencySeconds"] = -0.1 },
        Case(name: "self link", mentions: "links[2]: link from 'n0' to itself") { $0[index: "links", 2, "to"] = "n0" },
        Case(name: "coordinator to coordinator", mentions: "links[0]: link from 'coordinator' to itself") { $0[index: "links", 0, "to"] = "coordinator" },
        Case(name: "duplicate link", mentions: "links[1]: link n0→coordinator is given twice") { $0[index: "links", 1, "from"] = "n0"; $0[index: "links", 1, "to"] = "coordinator"; $0[index: "links", 0, "from"] = "n0"; $0[index: "links", 0, "to"] = "coordinator" },
        Case(name: "table shorter than maxLayers", mentions: "GPU type 'big' throughputTokensPerSecondByLayerCount") { $0[index: "gpuTypes", 0, "maxLayers"] = 7 },
        Case(name: "zero maxLayers", mentions: "gpuTypes[1].maxLayers") { $0[index: "gpuTypes", 1, "maxLayers"] = 0 },
        Case(name: "negative throughput entry", mentions: "gpuTypes[0].throughputTokensPerSecondByLayerCount[2]") {
            var type = ($0["gpuTypes"] as! [[String: Any]])[0]
            var table = type["throughputTokensPerSecondByLayerCount"] as! [Double]
            table[2] = -1
            type["throughputTokensPerSecondByLayerCount"] = table
            var types = $0["gpuTypes"] as! [[String: Any]]
            types[0] = type
            $0["gpuTypes"] = types
        },
        Case(name: "duplicate GPU type", mentions: "GPU type 'big' is defined twice") { $0[index: "gpuTypes", 1, "name"] = "big" },
        Case(name: "zero NIC", mentions: "gpuTypes[0].nicInBytesPerSecond") { $0[index: "gpuTypes", 0, "nicInBytesPerSecond"] = 0 },
        Case(name: "no nodes", mentions: "the cluster has no nodes") { $0["nodes"] = [Any](); $0["links"] = [Any]() },
        Case(name: "nodes not an array", mentions: "nodes") { $0["nodes"] = "n0,n1" },
        Case(name: "missing node type", mentions: "nodes[1].type") { $0[index: "nodes", 1, "type"] = nil },
        Case(name: "unknown bandwidth convention", mentions: "bandwidthConvention") { $0["bandwidthConvention"] = "metric" },
        Case(name: "wrong-length KV table", mentions: "kvCacheTokenLayersByLayerCount") { $0[index: "gpuTypes", 1, "kvCacheTokenLayersByLayerCount"] = [1.0, 2.0] },
    ]

    @Test(arguments: cases)
    func nativeClusterFileIsRejected(_ testCase: Case) throws {
        var object = try Self.validNativeObject()
        testCase.mutate(&object)
        let data = try JSONSerialization.data(withJSONObject: object)
        let error = try #require(throws: (any Error).self) { try ClusterFile.decode(data) }
        #expect(error is FormatError || error is ClusterError, "untyped error \(type(of: error))")
        #expect(String(describing: error).contains(testCase.mentions), "\(error) should mention \(testCase.mentions)")
    }

    @Test(arguments: [
        ("{not json", "not valid JSON at line 1, column 2: expected a key in double quotes"),
        ("", "the file is empty"),
        ("[1, 2]", "expected"),
        ("{\"format\": \"layerflow-cluster/1\", \"links\": [{\"bandwidthBytesPerSecond\": NaN}]}", "valid JSON"),
    ])
    func unparsableTextIsRejected(text: String, mentions: String) throws {
        let error = try #require(throws: FormatError.self) { try ClusterFile.decode(Data(text.utf8)) }
        #expect(error.description.contains(mentions), "\(error)")
    }

    @Test(arguments: [Double.nan, .infinity, -1])
    func nonFiniteBandwidthThroughTheAPIIsRejected(bandwidth: Double) throws {
        let base = try ClusterFixtures.small()
        var links = base.links
        links[7].bandwidthBytesPerSecond = bandwidth
        #expect(throws: ClusterError.self) {
            try Cluster(name: "x", model: base.model, gpuTypes: base.gpuTypes, nodes: base.nodes, links: links)
        }
        do {
            _ = try Cluster(name: "x", model: base.model, gpuTypes: base.gpuTypes, nodes: base.nodes, links: links)
        } catch let error as ClusterError {
            guard case .invalidNumber(let field, _, _) = error else { Issue.record("wrong case \(error)"); return }
            #expect(field == "links[7].bandwidthBytesPerSecond")
        }
    }

    @Test(arguments: [
        ("{\"schema\": \"helix-instance/1\", \"name\": \"x\"}", "model"),
        ("{\"schema\": \"helix-instance/2\"}", "helix-instance/2"),
    ])
    func helixFilesAreRejected(text: String, mentions: String) throws {
        let error = try #require(throws: FormatError.self) { try ClusterFile.decode(Data(text.utf8)) }
        #expect(error.description.contains(mentions), "\(error)")
    }

    @Test(.enabled(if: SharedData.isAvailable, SharedData.unavailableReason), arguments: [
        ("\"to\": \"sink\"", "\"to\": \"middle\"", "is not a node index"),
        ("\"from\": \"source\"", "\"from\": \"sink\"", "links[0].from"),
        ("\"type\": \"T4\"", "\"type\": \"T5\"", "unknown GPU type 'T5'"),
    ])
    func corruptedHelixInstanceIsRejected(find: String, replace: String, mentions: String) throws {
        let text = String(decoding: try SharedData.instanceData("helix-cluster10-llama30b.json"), as: UTF8.self)
        let range = try #require(text.range(of: find))
        let corrupted = text.replacingCharacters(in: range, with: replace)
        let error = try #require(throws: (any Error).self) { try ClusterFile.decode(Data(corrupted.utf8)) }
        #expect(String(describing: error).contains(mentions), "\(error)")
    }
}

private extension Dictionary where Key == String, Value == Any {
    /// Reads or writes `self[a][b]`.
    subscript(path a: String, _ b: String) -> Any? {
        get { (self[a] as? [String: Any])?[b] }
        set {
            var inner = self[a] as? [String: Any] ?? [:]
            inner[b] = newValue
            self[a] = inner
        }
    }

    /// Reads or writes `self[a][i][b]`.
    subscript(index a: String, _ i: Int, _ b: String) -> Any? {
        get { (self[a] as? [[String: Any]])?[i][b] }
        set {
            var array = self[a] as? [[String: Any]] ?? []
            array[i][b] = newValue
            self[a] = array
        }
    }
}
