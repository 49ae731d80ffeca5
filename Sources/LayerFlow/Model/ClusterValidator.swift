/// The checks behind `Cluster.init`. Each returns the lookup tables the cluster keeps.
enum ClusterValidator {
    static func requireFinite(_ value: Double, _ field: String, positive: Bool) throws {
        let ok = value.isFinite && (positive ? value > 0 : value >= 0)
        if !ok {
            throw ClusterError.invalidNumber(
                field: field, value: value, requirement: positive ? "finite and > 0" : "finite and >= 0")
        }
    }

    static func validate(model: ModelSpec) throws {
        if model.layerCount < 1 {
            throw ClusterError.invalidCount(field: "model.layerCount", value: model.layerCount, requirement: ">= 1")
        }
        if model.layerCount > InputLimits.maxLayers {
            throw ClusterError.limitExceeded(field: "model.layerCount", value: model.layerCount, limit: InputLimits.maxLayers)
        }
        try requireFinite(model.parameterBytesPerLayer, "model.parameterBytesPerLayer", positive: false)
        try requireFinite(model.activationBytesPerToken, "model.activationBytesPerToken", positive: true)
        try requireFinite(model.tokenBytes, "model.tokenBytes", positive: true)
        if let kv = model.kvCacheBytesPerTokenPerLayer {
            try requireFinite(kv, "model.kvCacheBytesPerTokenPerLayer", positive: false)
        }
    }

    static func validate(gpuTypes: [GPUType]) throws -> [String: Int] {
        var indexByName: [String: Int] = [:]
        for (i, type) in gpuTypes.enumerated() {
            let field = "gpuTypes[\(i)]"
            if type.name.isEmpty { throw ClusterError.emptyIdentifier(field: "\(field).name") }
            if indexByName[type.name] != nil { throw ClusterError.duplicateGPUType(name: type.name) }
            indexByName[type.name] = i
            try requireFinite(type.vramBytes, "\(field).vramBytes", positive: false)
            try requireFinite(type.nicInBytesPerSecond, "\(field).nicInBytesPerSecond", positive: true)
            try requireFinite(type.nicOutBytesPerSecond, "\(field).nicOutBytesPerSecond", positive: true)
            if type.maxLayers < 1 {
                throw ClusterError.invalidCount(field: "\(field).maxLayers", value: type.maxLayers, requirement: ">= 1")
            }
            let table = type.throughputTokensPerSecondByLayerCount
            if table.count != type.maxLayers {
                throw ClusterError.tableLengthMismatch(
                    gpuType: type.name, field: "throughputTokensPerSecondByLayerCount",
                    expected: type.maxLayers, actual: table.count)
            }
            for (k, value) in table.enumerated() {
                try requireFinite(value, "\(field).throughputTokensPerSecondByLayerCount[\(k)]", positive: false)
            }
            if let kv = type.kvCacheTokenLayersByLayerCount {
                if kv.count != type.maxLayers {
                    throw ClusterError.tableLengthMismatch(
                        gpuType: type.name, field: "kvCacheTokenLayersByLayerCount",
                        expected: type.maxLayers, actual: kv.count)
                }
                for (k, value) in kv.enumerated() {
                    try requireFinite(value, "\(field).kvCacheTokenLayersByLayerCount[\(k)]", positive: false)
                }
            }
            if let serving = type.serving {
                try validate(serving: serving, gpuType: type.name, maxLayers: type.maxLayers)
            }
        }
        return indexByName
    }

    /// The rules of a serving profile (`ServingProfileRule`), and one batch-limit entry per layer count.
    static func validate(serving: ServingProfile, gpuType: String, maxLayers: Int) throws {
        func fail(_ field: String, _ value: Double, _ rule: ServingProfileRule) -> ClusterError {
            .invalidServingProfile(gpuType: gpuType, field: field, value: value, rule: rule)
        }
        for (name, curve) in [("promptLayerTimes", serving.promptLayerTimes), ("decodeLayerTimes", serving.decodeLayerTimes)] {
            if curve.count < 2 { throw fail(name, Double(curve.count), .curveHasTwoPoints) }
            if curve[0].batch != 0 { throw fail("\(name)[0].batch", Double(curve[0].batch), .curveStartsAtZero) }
            for (i, point) in curve.enumerated() {
                if i > 0, point.batch <= curve[i - 1].batch {
                    throw fail("\(name)[\(i)].batch", Double(point.batch), .batchesAscend)
                }
                if !(point.milliseconds.isFinite && point.milliseconds >= 0) {
                    throw fail("\(name)[\(i)].milliseconds", point.milliseconds, .millisecondsFiniteNonNegative)
                }
            }
        }
        if serving.batchLimitsByLayerCount.count != maxLayers {
            throw ClusterError.tableLengthMismatch(
                gpuType: gpuType, field: "serving.batchLimitsByLayerCount",
                expected: maxLayers, actual: serving.batchLimitsByLayerCount.count)
        }
        for (k, limits) in serving.batchLimitsByLayerCount.enumerated() {
            let entries = [
                ("promptMaxRequests", limits.promptMaxRequests), ("promptMaxTokens", limits.promptMaxTokens),
                ("decodeMaxSequences", limits.decodeMaxSequences), ("decodeMaxContextTokens", limits.decodeMaxContextTokens),
            ]
            for (name, value) in entries where value < 1 {
                throw fail("batchLimitsByLayerCount[\(k)].\(name)", Double(value), .limitAtLeastOne)
            }
        }
        if let disk = serving.diskBytesPerSecond, !(disk.isFinite && disk > 0) {
            throw fail("diskBytesPerSecond", disk, .diskSpeedPositive)
        }
    }

    static func validate(
        nodes: [ComputeNode], typeIndexByName: [String: Int]
    ) throws -> (indexByID: [String: Int], typeIndexOfNode: [Int]) {
        if nodes.isEmpty { throw ClusterError.noNodes }
        if nodes.count > InputLimits.maxNodes {
            throw ClusterError.limitExceeded(field: "nodes", value: nodes.count, limit: InputLimits.maxNodes)
        }
        var indexByID: [String: Int] = [:]
        var typeIndexOfNode: [Int] = []
        typeIndexOfNode.reserveCapacity(nodes.count)
        for (i, node) in nodes.enumerated() {
            if node.id.isEmpty { throw ClusterError.emptyIdentifier(field: "nodes[\(i)].id") }
            if node.id == Endpoint.coordinatorID { throw ClusterError.reservedNodeID(field: "nodes[\(i)].id") }
            if indexByID[node.id] != nil { throw ClusterError.duplicateNodeID(id: node.id) }
            guard let typeIndex = typeIndexByName[node.type] else {
                throw ClusterError.unknownGPUType(node: node.id, type: node.type)
            }
            indexByID[node.id] = i
            typeIndexOfNode.append(typeIndex)
        }
        return (indexByID, typeIndexOfNode)
    }

    /// Returns each link's endpoints as node positions, `Cluster.coordinatorIndex` for the coordinator.
    /// Duplicates are found by bucketing the links by tail position (no hashing of id strings or
    /// pairs), and field names are only formatted for an error: a 2,000-node complete mesh (4
    /// million links) validates in a fraction of a second.
    /// - Complexity: O(nodes + links).
    static func validate(links: [Link], nodeIndexByID: [String: Int]) throws -> [LinkEnds] {
        if links.count > InputLimits.maxLinks {
            throw ClusterError.limitExceeded(field: "links", value: links.count, limit: InputLimits.maxLinks)
        }
        var ends: [LinkEnds] = []
        ends.reserveCapacity(links.count)
        for (i, link) in links.enumerated() {
            func position(_ end: Endpoint, _ name: String) throws -> Int {
                guard case .node(let id) = end else { return Cluster.coordinatorIndex }
                guard let index = nodeIndexByID[id] else {
                    throw ClusterError.unknownLinkEndpoint(field: "links[\(i)].\(name)", id: id)
                }
                return index
            }
            let from = try position(link.from, "from")
            let to = try position(link.to, "to")
            if from == to {
                throw ClusterError.selfLink(field: "links[\(i)]", endpoint: link.from.description)
            }
            if !(link.bandwidthBytesPerSecond.isFinite && link.bandwidthBytesPerSecond >= 0) {
                try requireFinite(link.bandwidthBytesPerSecond, "links[\(i)].bandwidthBytesPerSecond", positive: false)
            }
            if !(link.latencySeconds.isFinite && link.latencySeconds >= 0) {
                try requireFinite(link.latencySeconds, "links[\(i)].latencySeconds", positive: false)
            }
            ends.append(LinkEnds(from: from, to: to))
        }
        if let duplicate = firstDuplicate(ends, nodeCount: nodeIndexByID.count) {
            let link = links[duplicate]
            throw ClusterError.duplicateLink(
                field: "links[\(duplicate)]", from: link.from.description, to: link.to.description)
        }
        return ends
    }

    /// The position of the first link (in input order) that repeats an earlier link's endpoints.
    /// Positions are shifted by one so that the coordinator (-1) is 0.
    static func firstDuplicate(_ ends: [LinkEnds], nodeCount: Int) -> Int? {
        let buckets = nodeCount + 1
        var start = [Int](repeating: 0, count: buckets + 1)
        for end in ends { start[end.from + 2] += 1 }
        for b in 0..<buckets { start[b + 1] += start[b] }
        var next = start
        var order = [Int](repeating: 0, count: ends.count)
        for (index, end) in ends.enumerated() {
            order[next[end.from + 1]] = index
            next[end.from + 1] += 1
        }
        // stamp[to]: the last tail bucket (plus one) that linked to `to`.
        var stamp = [Int](repeating: 0, count: buckets)
        var first: Int?
        for b in 0..<buckets {
            for slot in start[b]..<start[b + 1] {
                let index = order[slot]
                let head = ends[index].to + 1
                if stamp[head] == b + 1 {
                    // Within a bucket, links come in input order: this one repeats an earlier one.
                    first = min(first ?? index, index)
                } else {
                    stamp[head] = b + 1
                }
            }
        }
        return first
    }

    static func validate(coordinator: Coordinator) throws {
        if let nic = coordinator.nicInBytesPerSecond {
            try requireFinite(nic, "coordinator.nicInBytesPerSecond", positive: true)
        }
        if let nic = coordinator.nicOutBytesPerSecond {
            try requireFinite(nic, "coordinator.nicOutBytesPerSecond", positive: true)
        }
    }
}

extension ClusterValidator {
    /// Figures that are each finite can still overflow together: a bandwidth of 1e308 is finite,
    /// its capacity under Helix's convention (× 8) is not, and 24 nodes of 1e308 tokens/s add up to
    /// infinity, which no JSON report can hold. So what the planner and evaluator derive must be
    /// finite too, under either bandwidth convention (a cluster's convention can be changed after
    /// it is built):
    ///
    /// - every link's capacity, bandwidth × 8 / bytes per token, and their sum;
    /// - the sum of all links' latencies (which bounds every path's latency);
    /// - every node's NIC capacity, min(nicIn, nicOut) × 8 / activationBytesPerToken, and the
    ///   coordinator's;
    /// - the compute sum Σ over nodes of max_k k · table[k−1] (the compute upper bound × L);
    /// - the parameter bytes of the whole model, parameterBytesPerLayer × layerCount.
    ///
    /// - Throws: `ClusterError.invalidNumber` naming the field, the largest contributor for a sum.
    /// - Complexity: O(Σ maxLayers over types + nodes + links).
    static func validateTotals(
        model: ModelSpec, gpuTypes: [GPUType], typeIndexOfNode: [Int], links: [Link], coordinator: Coordinator
    ) throws {
        let multiplier = BandwidthConvention.allCases.map(\.bandwidthMultiplier).max() ?? 1
        func tooLarge(_ field: String, _ value: Double, _ what: String) -> ClusterError {
            .invalidNumber(field: field, value: value, requirement: "small enough that \(what) is finite")
        }
        if !(model.parameterBytesPerLayer * Double(model.layerCount)).isFinite {
            throw tooLarge("model.parameterBytesPerLayer", model.parameterBytesPerLayer, "the whole model's bytes (× layerCount)")
        }
        var linkTotal = 0.0
        var largestLink: (index: Int, capacity: Double) = (0, 0)
        var latencyTotal = 0.0
        var slowestLink = 0
        for (i, link) in links.enumerated() {
            latencyTotal += link.latencySeconds
            if link.latencySeconds > links[slowestLink].latencySeconds { slowestLink = i }
            let coordinatorLink = link.from == .coordinator || link.to == .coordinator
            let bytesPerToken = coordinatorLink ? model.tokenBytes : model.activationBytesPerToken
            let capacity = link.bandwidthBytesPerSecond * multiplier / bytesPerToken
            guard capacity.isFinite else {
                throw tooLarge("links[\(i)].bandwidthBytesPerSecond", link.bandwidthBytesPerSecond,
                               "its capacity, bandwidth × 8 / \(coordinatorLink ? "tokenBytes" : "activationBytesPerToken") tokens/s,")
            }
            linkTotal += capacity
            if capacity > largestLink.capacity { largestLink = (i, capacity) }
        }
        if !latencyTotal.isFinite {
            throw tooLarge("links[\(slowestLink)].latencySeconds", links[slowestLink].latencySeconds,
                           "the sum of all links' latencies (seconds)")
        }
        if !linkTotal.isFinite {
            throw tooLarge("links[\(largestLink.index)].bandwidthBytesPerSecond", links[largestLink.index].bandwidthBytesPerSecond,
                           "the sum of all links' capacities (tokens/s)")
        }
        for (name, nic) in [("nicInBytesPerSecond", coordinator.nicInBytesPerSecond), ("nicOutBytesPerSecond", coordinator.nicOutBytesPerSecond)] {
            if let nic, !(nic * multiplier / model.tokenBytes).isFinite {
                throw tooLarge("coordinator.\(name)", nic, "its capacity, × 8 / tokenBytes tokens/s,")
            }
        }
        // Each type's best k · capacity(k), then the sum over the nodes.
        var best = [Double](repeating: 0, count: gpuTypes.count)
        var bestEntry = [Int](repeating: 0, count: gpuTypes.count)
        for (t, type) in gpuTypes.enumerated() {
            let nic = min(type.nicInBytesPerSecond, type.nicOutBytesPerSecond) * multiplier / model.activationBytesPerToken
            guard nic.isFinite else {
                let field = type.nicInBytesPerSecond <= type.nicOutBytesPerSecond ? "nicInBytesPerSecond" : "nicOutBytesPerSecond"
                throw tooLarge("gpuTypes[\(t)].\(field)", min(type.nicInBytesPerSecond, type.nicOutBytesPerSecond),
                               "its capacity, × 8 / activationBytesPerToken tokens/s,")
            }
            for (k, value) in type.throughputTokensPerSecondByLayerCount.enumerated() {
                let work = Double(k + 1) * value
                guard work.isFinite else {
                    throw tooLarge("gpuTypes[\(t)].throughputTokensPerSecondByLayerCount[\(k)]", value,
                                   "layers × tokens/s (\(k + 1) × the entry)")
                }
                if work > best[t] { (best[t], bestEntry[t]) = (work, k) }
            }
        }
        var computeTotal = 0.0
        for typeIndex in typeIndexOfNode { computeTotal += best[typeIndex] }
        if !computeTotal.isFinite, let t = best.indices.max(by: { best[$0] < best[$1] }) {
            throw tooLarge("gpuTypes[\(t)].throughputTokensPerSecondByLayerCount[\(bestEntry[t])]",
                           gpuTypes[t].throughputTokensPerSecondByLayerCount[bestEntry[t]],
                           "the cluster's compute, Σ over nodes of layers × tokens/s,")
        }
    }
}

extension Link {
    /// The (from, to) pair that identifies a directed link.
    struct Key: Hashable {
        var from: Endpoint
        var to: Endpoint
    }

    var key: Key { Key(from: from, to: to) }
}

extension ServingProfile {
    /// Checks the profile's rules as `Cluster.init` does, for a GPU type named `gpuType` with `maxLayers`.
    /// - Throws: `ClusterError.invalidServingProfile` or `.tableLengthMismatch`.
    package func validate(gpuType: String, maxLayers: Int) throws {
        try ClusterValidator.validate(serving: self, gpuType: gpuType, maxLayers: maxLayers)
    }
}
