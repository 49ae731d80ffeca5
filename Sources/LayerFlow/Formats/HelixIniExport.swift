/// Writes a cluster (and a placement) as Helix's files: `cluster.ini`, `machine_profiles.ini` and a
/// solution `.ini`, which `HelixIniImport` (and Helix's `LoadExistingLayout`) read back.
///
/// Node i of the file is `cluster.nodes[i]` (its id is kept in a comment, escaped with
/// `DisplayText` so that no id can end the comment and start a section). Bandwidths are written in
/// bits per second (`8 · bandwidthBytesPerSecond`), the unit Helix's files name, whatever the
/// cluster's convention: Helix will compute capacities its own way (bits taken as bytes), which is
/// what `BandwidthConvention.helix` reproduces. Numbers are written so they evaluate back to the
/// same doubles.
public enum HelixIniExport {
    /// The text of the three files, and the node id behind each Helix index.
    public struct Files: Sendable, Hashable {
        public var cluster: String
        public var machineProfiles: String
        /// Nil when no placement was given.
        public var solution: String?
        /// `nodeIDs[i]` is the cluster's id of Helix's `ComputeNode-i` (`compute_node_{i+2}`).
        public var nodeIDs: [String]
    }

    /// The files of `cluster` and, when given, `placement`.
    /// - Throws: `HelixIniError.notExpressible` when the two directions of a node pair differ in
    ///   bandwidth or latency (Helix's node links are undirected) or a GPU type's name cannot be a
    ///   section name; `PlacementError` for a placement that does not fit the cluster.
    /// - Complexity: O(nodes + links · log links).
    public static func files(cluster: Cluster, placement: Placement? = nil) throws -> Files {
        let solution = try placement.map { placement -> String in
            try placement.validate(for: cluster)
            return try HelixIniSolution(placement: placement, cluster: cluster).text(nodeCount: cluster.nodes.count)
        }
        return Files(
            cluster: try clusterText(cluster), machineProfiles: try profilesText(cluster), solution: solution,
            nodeIDs: cluster.nodes.map(\.id))
    }

    static func clusterText(_ cluster: Cluster) throws -> String {
        let coordinator = Cluster.coordinatorIndex
        var sourceTargets: [Int] = []
        var targets = [[String]](repeating: [], count: cluster.nodes.count)
        var sourced = Set<Int>()
        var sinkSources: [Int] = []
        var sections: [(key: String, bandwidth: Double, latency: Double)] = []
        var pairFigures: [String: (bandwidth: Double, latency: Double)] = [:]
        for (index, ends) in cluster.linkEnds.enumerated() {
            let link = cluster.links[index]
            if ends.from == coordinator {
                sourceTargets.append(ends.to)
                sourced.insert(ends.to)
                sections.append(("source-\(ends.to)", link.bandwidthBytesPerSecond, link.latencySeconds))
            } else if ends.to == coordinator {
                targets[ends.from].append("'sink'")
                sinkSources.append(ends.from)
                sections.append(("\(ends.from)-sink", link.bandwidthBytesPerSecond, link.latencySeconds))
            } else {
                targets[ends.from].append(String(ends.to))
                let key = "\(min(ends.from, ends.to))-\(max(ends.from, ends.to))"
                if let other = pairFigures[key] {
                    guard other.bandwidth == link.bandwidthBytesPerSecond, other.latency == link.latencySeconds else {
                        throw HelixIniError.notExpressible(
                            "link \(link.from)→\(link.to) and its reverse differ in bandwidth or latency; Helix's node links are undirected")
                    }
                } else {
                    pairFigures[key] = (link.bandwidthBytesPerSecond, link.latencySeconds)
                    sections.append((key, link.bandwidthBytesPerSecond, link.latencySeconds))
                }
            }
        }
        // Names and ids are user text: escaped, they cannot end a comment line and start a section.
        var lines = [
            "# Cluster \"\(DisplayText.escaped(cluster.name))\" written by LayerFlow for Helix (model \(DisplayText.escaped(cluster.model.name)), \(cluster.model.layerCount) layers).",
            "# Bandwidths in bits per second; LayerFlow's bandwidth convention for this cluster: \(cluster.bandwidthConvention.rawValue).",
        ]
        for (index, node) in cluster.nodes.enumerated() {
            lines.append("# ComputeNode-\(index) = LayerFlow node \(DisplayText.quoted(node.id))")
        }
        lines += ["", "[NodeNames]", "total_compute_nodes=\(cluster.nodes.count)", ""]
        lines += ["[SourceNode]", "connected_nodes=[\(sourceTargets.map(String.init).joined(separator: ", "))]", ""]
        lines += ["[SinkNode]", "connected_nodes=[\(sinkSources.map(String.init).joined(separator: ", "))]", ""]
        for (index, node) in cluster.nodes.enumerated() {
            let connected = (sourced.contains(index) ? ["'source'"] : []) + targets[index]
            lines += ["[ComputeNode-\(index)]", "type=\(try sectionName(node.type))", "connected_nodes=[\(connected.joined(separator: ", "))]", ""]
        }
        for section in sections {
            lines += [
                "[Link-\(section.key)]",
                "bandwidth=\(HelixIniNumber.bitsPerSecond(section.bandwidth * 8))",
                "latency=\(HelixIniNumber.seconds(section.latency))", "",
            ]
        }
        return lines.joined(separator: "\n")
    }

    static func profilesText(_ cluster: Cluster) throws -> String {
        func speed(_ bytesPerSecond: Double?) -> String {
            bytesPerSecond.map { HelixIniNumber.bitsPerSecond($0 * 8) } ?? "-1"
        }
        var lines = [
            "# Machine profiles written by LayerFlow for Helix. disk_speed is not known to LayerFlow",
            "# (Helix uses it only for model loading time); 1 gbps is written as a placeholder.",
            "[SourceNode]", "inbound_nic_speed = -1", "outbound_nic_speed = \(speed(cluster.coordinator.nicOutBytesPerSecond))",
            "disk_speed = -1", "vram_size = -1", "",
            "[SinkNode]", "inbound_nic_speed = \(speed(cluster.coordinator.nicInBytesPerSecond))", "outbound_nic_speed = -1",
            "disk_speed = -1", "vram_size = -1", "",
        ]
        for type in cluster.gpuTypes {
            lines += [
                "[\(try sectionName(type.name))]",
                "inbound_nic_speed = \(speed(type.nicInBytesPerSecond))",
                "outbound_nic_speed = \(speed(type.nicOutBytesPerSecond))",
                "disk_speed = 1 * gbps",
                "vram_size = \(HelixIniNumber.bytes(type.vramBytes))", "",
            ]
        }
        return lines.joined(separator: "\n")
    }

    /// A GPU type name usable as a section name and a `type=` value.
    private static func sectionName(_ name: String) throws -> String {
        let forbidden: Set<Character> = ["[", "]", "\n", "\r", "=", ":", "#", ";", "'", "\""]
        guard !name.isEmpty, name == name.helixTrimmed, !name.contains(where: forbidden.contains),
              !DisplayText.needsEscaping(name), name != "SourceNode", name != "SinkNode"
        else {
            throw HelixIniError.notExpressible(
                "GPU type name \(DisplayText.quoted(name)) cannot be a Helix machine-profile section "
                    + "(it must be non-empty, without surrounding spaces, control characters or any of [ ] = : # ; ' \")")
        }
        return name
    }
}

/// Numbers as Helix expressions that evaluate back to the same double.
enum HelixIniNumber {
    static func bitsPerSecond(_ value: Double) -> String {
        format(value, units: [("gbps", 1e9), ("mbps", 1e6), ("kbps", 1e3)])
    }

    static func bytes(_ value: Double) -> String {
        format(value, units: [("GB", 1e9), ("MB", 1e6), ("KB", 1e3)])
    }

    static func seconds(_ value: Double) -> String {
        format(value, units: [("MilliSec", 1e-3)], preferUnit: value < 1)
    }

    /// `q * unit` for the first unit where q = value / unit is a short literal and q · unit
    /// reproduces value exactly; else the plain literal.
    private static func format(_ value: Double, units: [(String, Double)], preferUnit: Bool = true) -> String {
        if preferUnit {
            for (name, factor) in units {
                let quotient = value / factor
                let text = literal(quotient)
                if quotient * factor == value, text.count <= 12, abs(quotient) >= 1 { return "\(text) * \(name)" }
            }
        }
        return literal(value)
    }

    /// The shortest literal Python reads back as the same double (`1000`, `0.5`, `1e-05`).
    static func literal(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
