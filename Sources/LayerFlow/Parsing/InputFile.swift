import Foundation

/// Reads an input file whole, turning the system's failure into `FormatError.unreadableFile`
/// naming the path (every reader of cluster, plan, placement and config files goes through it).
enum InputFile {
    static func read(path: String) throws(FormatError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
