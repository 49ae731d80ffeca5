import Foundation
import LayerFlow
import Testing

/// Locates the shared benchmark material (`../shared` beside the package, or `$LAYERFLOW_SHARED`).
/// Tests that need it are disabled, with this reason, where it is absent.
public enum SharedData {
    public static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["LAYERFLOW_SHARED"] {
            return URL(fileURLWithPath: override)
        }
        // Tests/LayerFlowTestSupport/SharedData.swift → package root → its parent.
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared")
    }()

    public static let instancesDirectory = directory.appendingPathComponent("instances")

    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: instancesDirectory.appendingPathComponent("SCHEMA.md").path)
    }

    public static let unavailableReason: Comment = "../shared/instances is not beside the package (set LAYERFLOW_SHARED to point at it)"

    /// File names of every shared instance, sorted.
    public static var instanceNames: [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: instancesDirectory.path) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    public static func instanceData(_ name: String) throws -> Data {
        try Data(contentsOf: instancesDirectory.appendingPathComponent(name))
    }

    public static func instance(_ name: String) throws -> HelixInstance {
        try HelixInstance.decode(try instanceData(name))
    }
}

