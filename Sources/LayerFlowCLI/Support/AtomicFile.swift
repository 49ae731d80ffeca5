import Foundation

/// Writes output files so that a reader never sees half a file and a failure leaves nothing behind:
/// each file is written to a temporary file in its own directory (so the rename stays on one file
/// system), flushed, then renamed over the destination.
enum AtomicFile {
    /// Why an output file could not be written.
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes one file atomically.
    /// - Throws: `WriteError` naming the path; the destination is then untouched and no temporary
    ///   file remains.
    static func write(_ data: Data, to path: String) throws {
        try write([(path, data)])
    }

    /// Writes several files, all or none as far as the file system allows: every temporary file is
    /// written first; only when all are complete are they renamed into place. A failure before the
    /// renames removes every temporary file and leaves every destination untouched.
    /// - Throws: `WriteError` naming the first path that failed.
    static func write(_ files: [(path: String, data: Data)]) throws {
        var staged: [(temporary: String, path: String)] = []
        do {
            for file in files {
                let temporary = try stage(file.data, for: file.path)
                staged.append((temporary, file.path))
            }
            for (index, entry) in staged.enumerated() where rename(entry.temporary, entry.path) != 0 {
                let reason = String(cString: strerror(errno))
                for later in staged[index...] { unlink(later.temporary) }
                throw WriteError(path: entry.path, reason: reason)
            }
        } catch {
            for entry in staged { unlink(entry.temporary) }
            throw error
        }
    }

    /// Checks, before any work is done, that `path` could be created: its directory exists, is a
    /// directory and is writable, and `path` itself is not a directory.
    /// - Throws: `WriteError` naming the path and why not.
    static func checkWritable(_ path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw WriteError(path: path, reason: "the directory \(directory) does not exist")
        }
        guard isDirectory.boolValue else { throw WriteError(path: path, reason: "\(directory) is not a directory") }
        guard access(directory, W_OK) == 0 else {
            throw WriteError(path: path, reason: "the directory \(directory) is not writable")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw WriteError(path: path, reason: "it is a directory")
        }
    }

    /// Writes `data` to a fresh temporary file beside `path` and returns its path.
    private static func stage(_ data: Data, for path: String) throws -> String {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var template = Array((directory + "/." + url.lastPathComponent + ".tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw WriteError(path: path, reason: String(cString: strerror(errno)))
        }
        let temporary = String(cString: template)
        var failure: String?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        // mkstemp creates the file 0600; give it the usual permissions (0666 less the umask).
        let mask = umask(0)
        umask(mask)
        if failure == nil, fchmod(descriptor, 0o666 & ~mask) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw WriteError(path: path, reason: failure)
        }
        return temporary
    }
}
