import Foundation
import Testing

/// The folder layering of docs/Architecture.md holds: no folder of the LayerFlow module uses one
/// above it, and there is no cycle (`scripts/folder-dependencies.py --check`).
@Suite struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: python != nil, "no python3 to run scripts/folder-dependencies.py"))
    func foldersUseOnlyTheFoldersBelowThem() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.python))
        process.arguments = [Self.root.appendingPathComponent("scripts/folder-dependencies.py").path, "--check"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("no cycle"), "\(text)")
    }
}
