import Foundation
import LayerFlow
import Testing

/// Locates the shared benchmark material (`../shared` beside the package, or `$LAYERFLOW_SHARED`).
/// Tests that need it are disabled, with this reason, where it is absent.
enum SharedData {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["LAYERFLOW_SHARED"] {
            return URL(fileURLWithPath: override)
        }
        // Tests/LayerFlowTests/Support/SharedData.swift → package root → its parent.
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared")
    }()

    static let instancesDirectory = directory.appendingPathComponent("instances")

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: instancesDirectory.appendingPathComponent("SCHEMA.md").path)
    }

    static let unavailableReason: Comment = "../shared/instances is not beside the package (set LAYERFLOW_SHARED to point at it)"

    /// File names of every shared instance, sorted.
    static var instanceNames: [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: instancesDirectory.path) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func instanceData(_ name: String) throws -> Data {
        try Data(contentsOf: instancesDirectory.appendingPathComponent(name))
    }

    static func instance(_ name: String) throws -> HelixInstance {
        try HelixInstance.decode(try instanceData(name))
    }
}

