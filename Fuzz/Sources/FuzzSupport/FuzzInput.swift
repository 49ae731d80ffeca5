import Foundation
import LayerFlow

/// What a fuzz target does with the bytes libFuzzer hands it.
public enum FuzzInput {
    /// The input as `Data` (a copy: the readers may keep it).
    public static func data(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Data {
        guard let start, count > 0 else { return Data() }
        return Data(bytes: start, count: count)
    }

    /// The input as text, invalid UTF-8 replaced (what the file readers do with a file's bytes).
    public static func text(_ start: UnsafePointer<UInt8>?, _ count: Int) -> String {
        guard let start, count > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    /// The line that separates the files of one input in targets that read several files together
    /// (a comment line in `.ini` syntax, so a single file reads the same with or without it).
    public static let fileSeparator = "#%%"

    /// `text` cut into files at lines that are exactly `fileSeparator`.
    public static func files(_ text: String) -> [String] {
        var files: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == fileSeparator {
                files.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        files.append(current.joined(separator: "\n"))
        return files
    }
}

/// Stops the run when an invariant of a reader's result does not hold: libFuzzer records the input
/// as a crash, like a trap in the reader itself.
public func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) {
    if !condition { fatalError("fuzz invariant: \(message())", file: file, line: line) }
}

/// The work the command-line tool does with a cluster once it is read, in small: its compute bound,
/// a flow network of a placement (when it fits the cluster) and that network's max flow and depth.
public enum FuzzCluster {
    public static func exercise(_ cluster: Cluster, placement: Placement? = nil, rule: ContiguityRule = .strict) {
        let bound = cluster.computeUpperBoundTokensPerSecond
        fuzzCheck(!bound.isNaN, "compute upper bound is NaN")
        guard let placement, (try? placement.validate(for: cluster)) != nil else { return }
        let network = FlowNetwork(cluster: cluster, ranges: placement.rangesByNodeIndex(in: cluster), rule: rule)
        let flow = network.maxFlow()
        _ = network.depth(of: flow, cluster: cluster)
    }

    /// Every way the tool writes a valid cluster must work, and the native format must read back
    /// the same cluster.
    public static func roundTrip(_ cluster: Cluster) {
        let encoded: Data
        do {
            encoded = try NativeClusterFormat.encode(cluster)
        } catch {
            fatalError("a valid cluster did not encode: \(error)")
        }
        do {
            let decoded = try NativeClusterFormat.decode(encoded)
            fuzzCheck(decoded == cluster, "native round trip changed the cluster")
        } catch {
            fatalError("an encoded cluster did not decode: \(error)")
        }
        // Helix's files cannot say everything (asymmetric node links); what they can say must read back.
        if let files = try? HelixIniExport.files(cluster: cluster),
           let topology = try? HelixIniTopology.parse(files.cluster, file: "cluster.ini"),
           let profiles = try? HelixIniMachineProfiles.parse(files.machineProfiles, file: "machine_profiles.ini") {
            _ = try? HelixIniImport.cluster(
                topology: topology, profiles: profiles, tables: .cluster(cluster), name: cluster.name)
        }
    }
}

/// What the commands that read a plan (`render`, `export`, `schedule`) do with its cluster and
/// placement: the picture, the vLLM and Petals launch scripts, Helix's files, and the scheduler's
/// routes for a few requests.
public enum FuzzPlan {
    public static func exercise(cluster: Cluster, placement: Placement, rule: ContiguityRule) {
        if let picture = try? PlanPicture(cluster: cluster, placement: placement, rule: rule) {
            _ = picture.svg()
        }
        _ = (try? VLLMLayout(cluster: cluster, placement: placement, rule: rule))?.script()
        _ = (try? PetalsLayout(cluster: cluster, placement: placement))?.script()
        _ = try? HelixIniExport.files(cluster: cluster, placement: placement)
        if let scheduler = try? Scheduler(cluster: cluster, placement: placement, rule: rule) {
            _ = scheduler.table(for: RequestLengths.synthetic(count: 4, seed: 1))
            _ = scheduler.nextHopTables()
        }
    }
}
