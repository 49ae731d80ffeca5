/// Helix's machine-profile file (`machine_profile.ini`): per machine type its NIC speeds, disk
/// speed and memory; `[SourceNode]` and `[SinkNode]` give the coordinator's NICs (`-1` = none).
package struct HelixIniMachineProfiles: Sendable, Hashable {
    package struct Profile: Sendable, Hashable {
        /// Section name = machine type, e.g. `A100`, `T4x2`.
        package var name: String
        package var inboundNICBitsPerSecond: Double
        package var outboundNICBitsPerSecond: Double
        /// `disk_speed`, when present (Helix uses it for model loading time only).
        package var diskBitsPerSecond: Double?
        package var vramBytes: Double
    }

    /// Machine types in file order.
    package var profiles: [Profile]
    /// `[SourceNode] outbound_nic_speed`, nil when absent or negative.
    package var sourceOutboundBitsPerSecond: Double?
    /// `[SinkNode] inbound_nic_speed`, nil when absent or negative.
    package var sinkInboundBitsPerSecond: Double?
    /// The file name used in error messages.
    package var file: String

    /// The profile of a machine type, or nil.
    package func profile(named name: String) -> Profile? {
        profiles.first { $0.name == name }
    }

    /// Reads a machine-profile file's text.
    /// - Throws: `HelixIniError` naming the line or key.
    package static func parse(_ text: String, file: String) throws -> HelixIniMachineProfiles {
        let document = try HelixIniDocument.parse(text, file: file)
        func optionalSpeed(_ section: String, _ key: String) throws -> Double? {
            guard let section = document.section(section), section[key] != nil else { return nil }
            let value = try document.number(key, in: section)
            return value > 0 ? value : nil
        }
        var profiles: [Profile] = []
        for section in document.sections where section.name != "SourceNode" && section.name != "SinkNode" {
            func positive(_ key: String) throws -> Double {
                let entry = try document.requireEntry(key, in: section)
                let value = try document.number(key, in: section)
                guard value > 0 else {
                    throw HelixIniError.invalidValue(
                        file: file, line: entry.line, key: key, value: entry.value, expected: "a positive number")
                }
                return value
            }
            profiles.append(Profile(
                name: section.name, inboundNICBitsPerSecond: try positive("inbound_nic_speed"),
                outboundNICBitsPerSecond: try positive("outbound_nic_speed"),
                diskBitsPerSecond: section["disk_speed"] == nil ? nil : try document.number("disk_speed", in: section),
                vramBytes: try positive("vram_size")))
        }
        return HelixIniMachineProfiles(
            profiles: profiles, sourceOutboundBitsPerSecond: try optionalSpeed("SourceNode", "outbound_nic_speed"),
            sinkInboundBitsPerSecond: try optionalSpeed("SinkNode", "inbound_nic_speed"), file: file)
    }

    /// Reads a machine-profile file.
    /// - Throws: `FormatError.unreadableFile`, `HelixIniError`.
    package static func load(path: String) throws -> HelixIniMachineProfiles {
        try parse(try HelixIniText.read(path: path), file: path)
    }
}
