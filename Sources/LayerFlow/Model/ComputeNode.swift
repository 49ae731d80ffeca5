/// One GPU server of the cluster.
public struct ComputeNode: Sendable, Hashable, Codable {
    /// Unique id within the cluster. `"coordinator"` is reserved.
    public var id: String
    /// Name of the node's `GPUType`.
    public var type: String
    /// Optional region (data centre, zone) the node sits in; informational, used by generators.
    public var region: String?
    /// Optional free-form labels.
    public var labels: [String: String]?

    public init(id: String, type: String, region: String? = nil, labels: [String: String]? = nil) {
        self.id = id
        self.type = type
        self.region = region
        self.labels = labels
    }
}
