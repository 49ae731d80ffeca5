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
    static func validate(links: [Link], nodeIndexByID: [String: Int]) throws -> [LinkEnds] {
        var ends: [LinkEnds] = []
        ends.reserveCapacity(links.count)
        var seen = Set<Link.Key>()
        seen.reserveCapacity(links.count)
        for (i, link) in links.enumerated() {
            let field = "links[\(i)]"
            for (end, name) in [(link.from, "from"), (link.to, "to")] {
                if let id = end.nodeID, nodeIndexByID[id] == nil {
                    throw ClusterError.unknownLinkEndpoint(field: "\(field).\(name)", id: id)
                }
            }
            if link.from == link.to {
                throw ClusterError.selfLink(field: field, endpoint: link.from.description)
            }
            try requireFinite(link.bandwidthBytesPerSecond, "\(field).bandwidthBytesPerSecond", positive: false)
            try requireFinite(link.latencySeconds, "\(field).latencySeconds", positive: false)
            if !seen.insert(link.key).inserted {
                throw ClusterError.duplicateLink(field: field, from: link.from.description, to: link.to.description)
            }
            func position(_ end: Endpoint) -> Int {
                end.nodeID.flatMap { nodeIndexByID[$0] } ?? Cluster.coordinatorIndex
            }
            ends.append(LinkEnds(from: position(link.from), to: position(link.to)))
        }
        return ends
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
