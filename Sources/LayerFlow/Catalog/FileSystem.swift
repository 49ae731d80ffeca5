import Foundation

/// The few file-system questions the catalog asks.
enum FileSystem {
    /// Whether `path` names an existing regular file (not a directory).
    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
