/// What fusing data-parallel replicas into pipelines does: the groups, the placement after, the
/// KV tokens it frees, the throughput it keeps, the in-flight KV it moves and how to undo it.
public struct DropPlan: Sendable, Hashable, Codable {
    /// One fused group: replicas of one layer range chained into a pipeline, each member keeping a
    /// contiguous part of the range.
    public struct Group: Sendable, Hashable, Codable {
        public struct Member: Sendable, Hashable, Codable {
            public var node: String
            /// The replicated range the member held before the drop.
            public var heldBefore: LayerRange
            /// The part it keeps; the rest of its weights become KV cache.
            public var kept: LayerRange
            /// KV tokens it holds after (memory arithmetic of `PressureMemory`).
            public var kvTokensAfter: Int
        }

        /// Members in pipeline order (activations flow from the first to the last).
        public var members: [Member]
        /// The replicated range the group covers.
        public var range: LayerRange
        /// Weight copies donated: members − 1.
        public var donatedCopies: Int
        /// Freed parameter bytes ÷ KV bytes per token (all layers): what the group adds to the KV pool.
        public var addedKVTokens: Int
        /// Σ of the members' KV tokens before: what the replicas held as separate pipelines.
        public var kvTokensBefore: Int
        /// The fused pipeline's KV tokens (minimum over its stages; at most the pooled figure).
        public var pipelineKVTokensAfter: Int
        /// Bandwidth (bytes/s) of the link between consecutive members.
        public var linkBandwidthsBytesPerSecond: [Double]
        /// Extra stages a token crossing this group traverses: members − 1.
        public var extraHops: Int
    }

    /// KV of in-flight requests that must move because its layers left the member holding it.
    public struct KVMove: Sendable, Hashable, Codable {
        public var from: String
        public var to: String
        public var layers: LayerRange
        /// In-flight tokens whose KV moves.
        public var tokens: Int
        public var bytes: Double
        /// Seconds at the direct link's speed (link, sender NIC out, receiver NIC in); nil when
        /// the two have no direct link and the move must be relayed.
        public var seconds: Double?
    }

    /// The demand the plan meets, in tokens.
    public var demandTokens: Int
    public var groups: [Group]
    /// Nodes of replicated ranges left as they are.
    public var untouched: [String]
    public var placementBefore: Placement
    public var placementAfter: Placement
    /// Σ of the groups' `addedKVTokens`.
    public var addedKVTokens: Int
    public var donatedCopies: Int
    /// The deepest group (1 when the plan fuses nothing).
    public var pipelineDegree: Int
    public var throughputBeforeTokensPerSecond: Double
    public var throughputAfterTokensPerSecond: Double
    /// Average extra stages per token, weighted by the max-flow after (a token through a group of
    /// g members crosses g − 1 more stages).
    public var extraHopsPerToken: Double
    public var kvMoves: [KVMove]
    public var restore: RestorePlan
}
