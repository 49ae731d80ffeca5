import Foundation
import Synchronization

/// The one way the commands write output files, so that a reader never sees half a file and a
/// failure leaves nothing behind: each file is written to a temporary file in its destination's
/// directory (so the rename stays on one file system), synced to disk, then renamed over the
/// destination, and the directory is synced after the rename. An existing destination is not
/// touched before its replacement is complete. A destination that is a device or a FIFO
/// (`/dev/null`, `/dev/stdout`) is written in place, as a stream; a symbolic link is followed and
/// the file it points to replaced (the link stays).
///
/// Standard output goes through `StandardOutput`, never through this type.
enum AtomicFile {
    /// Why an output file could not be written: 73 (`EX_CANTCREAT`) when it cannot be created
    /// (a missing or read-only directory, a directory in its place), 74 (`EX_IOERR`) when writing
    /// it failed (a full disk, an I/O error).
    struct WriteError: Error, CustomStringConvertible {
        enum Kind: Sendable {
            case cannotCreate, ioError
        }

        var path: String
        var reason: String
        var kind: Kind = .cannotCreate

        var exitCode: Int32 { kind == .cannotCreate ? 73 : 74 }

        var description: String {
            (kind == .cannotCreate ? "cannot create \(path): " : "cannot write \(path): ") + reason
        }
    }

    /// Writes one file atomically.
    /// - Throws: `WriteError` naming the path; the destination is then untouched and no temporary
    ///   file remains.
    static func write(_ data: Data, to path: String) throws {
        try write([(path, data)])
    }

    /// Writes several files, all or none as far as the file system allows: every destination is
    /// checked first, every temporary file is written and synced next, and only when all are
    /// complete are they renamed into place. A failure before the renames removes every temporary
    /// file and leaves every destination untouched.
    /// - Throws: `WriteError` naming the first path that failed.
    static func write(_ files: [(path: String, data: Data)]) throws {
        let targets = try files.map { try target(for: $0.path) }
        var staged: [(temporary: String, destination: String, path: String)] = []
        do {
            for (file, target) in zip(files, targets) {
                if case .file(let destination, let directory, let mode) = target {
                    let temporary = try stage(file.data, in: directory, for: file.path, mode: mode)
                    staged.append((temporary, destination, file.path))
                }
            }
            for (file, target) in zip(files, targets) {
                if case .stream(let path) = target { try writeStream(file.data, to: path) }
            }
            while let entry = staged.first {
                if rename(entry.temporary, entry.destination) != 0 {
                    let error = errno
                    throw WriteError(path: entry.path, reason: describe(error), kind: kind(of: error))
                }
                unregister(entry.temporary)
                staged.removeFirst()
            }
        } catch {
            for entry in staged { discard(entry.temporary) }
            throw error
        }
        var directories = Set<String>()
        for case .file(_, let directory, _) in targets where directories.insert(directory).inserted {
            syncDirectory(directory)
        }
    }

    /// Checks, before any work is done, that `path` could be written: its directory exists, is a
    /// directory and is writable, and `path` itself is not a directory.
    /// - Throws: `WriteError` naming the path and why not.
    static func checkWritable(_ path: String) throws {
        switch try target(for: path) {
        case .file(_, let directory, _):
            guard access(directory, W_OK) == 0 else {
                throw WriteError(path: path, reason: "the directory \(directory) is not writable (\(describe(errno)))")
            }
        case .stream(let stream):
            guard access(stream, W_OK) == 0 else {
                throw WriteError(path: path, reason: describe(errno))
            }
        }
    }

    /// Checks that `directory` is, or can be made, a directory files can be written in: it is a
    /// directory, or it does not exist and its nearest existing ancestor is a directory.
    /// - Throws: `WriteError` naming the directory.
    static func checkDirectory(_ directory: String) throws {
        var info = stat()
        if stat(directory, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw WriteError(path: directory, reason: "it exists and is not a directory")
            }
            return
        }
        let error = errno
        let parent = parentDirectory(of: directory)
        if error == ENOTDIR {
            let isFile = stat(parent, &info) == 0 && info.st_mode & S_IFMT != S_IFDIR
            throw WriteError(path: directory, reason: isFile ? "\(parent) is not a directory" : "a part of \(parent) is not a directory")
        }
        guard error == ENOENT else { throw WriteError(path: directory, reason: describe(error), kind: kind(of: error)) }
        guard parent != directory else { throw WriteError(path: directory, reason: describe(ENOENT)) }
        try checkDirectory(parent)
    }

    /// Creates `directory` and its missing parents.
    /// - Returns: the directories it created, outermost first (for `removeDirectories`).
    static func createDirectory(_ directory: String) throws -> [String] {
        try checkDirectory(directory)
        var missing: [String] = []
        var current = directory
        var info = stat()
        while stat(current, &info) != 0 {
            missing.insert(current, at: 0)
            current = parentDirectory(of: current)
        }
        var created: [String] = []
        for path in missing {
            if mkdir(path, 0o777) != 0, errno != EEXIST {
                let error = errno
                removeDirectories(created)
                throw WriteError(path: path, reason: describe(error), kind: kind(of: error))
            }
            created.append(path)
        }
        return created
    }

    /// Removes directories `createDirectory` made, innermost first, where they are still empty.
    static func removeDirectories(_ created: [String]) {
        for path in created.reversed() { rmdir(path) }
    }

    /// Removes the temporary files of writes still in progress: for a process that must stop at
    /// once (a second Ctrl-C), so that it leaves nothing half-written behind.
    static func removeTemporaryFiles() {
        for path in pending.withLock({ $0 }) { unlink(path) }
    }

    // MARK: Destinations

    private enum Target {
        /// A regular file, new or replacing one (`mode`: the permissions of the file replaced).
        case file(destination: String, directory: String, mode: mode_t?)
        /// A device, FIFO or socket: written in place.
        case stream(String)
    }

    /// Where `path` leads and how to write it.
    private static func target(for path: String) throws -> Target {
        guard !path.isEmpty else { throw WriteError(path: "''", reason: "the file name is empty") }
        if path.hasSuffix("/") { throw WriteError(path: path, reason: "the name ends in '/', which names a directory") }
        var destination = path
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, let real = realpath(path, nil) {
            destination = String(cString: real)
            free(real)
        }
        if stat(destination, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                throw WriteError(path: path, reason: "it is a directory")
            case S_IFREG:
                return .file(destination: destination, directory: parentDirectory(of: destination), mode: info.st_mode & 0o7777)
            default:
                return .stream(destination)
            }
        }
        let missing = errno
        let directory = parentDirectory(of: destination)
        if missing == ENOTDIR {
            let isFile = stat(directory, &info) == 0 && info.st_mode & S_IFMT != S_IFDIR
            throw WriteError(path: path, reason: isFile ? "\(directory) is not a directory" : "a part of \(directory) is not a directory")
        }
        guard missing == ENOENT else { throw WriteError(path: path, reason: describe(missing), kind: kind(of: missing)) }
        guard stat(directory, &info) == 0 else {
            let error = errno
            if error == ENOENT { throw WriteError(path: path, reason: "the directory \(directory) does not exist") }
            throw WriteError(path: path, reason: "\(directory): \(describe(error))", kind: kind(of: error))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw WriteError(path: path, reason: "\(directory) is not a directory")
        }
        return .file(destination: destination, directory: directory, mode: nil)
    }

    /// The directory part of `path` ("." for a bare name, "/" at the root). Done by hand:
    /// `NSString.deletingLastPathComponent` traps on some names in swift-corelibs-foundation.
    private static func parentDirectory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        var parent = trimmed[..<slash]
        while parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }

    /// The last component of `path`.
    private static func fileName(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    // MARK: Writing

    /// Temporary files written and not yet renamed or removed.
    private static let pending = Mutex<Set<String>>([])

    private static func unregister(_ temporary: String) {
        _ = pending.withLock { $0.remove(temporary) }
    }

    private static func discard(_ temporary: String) {
        unlink(temporary)
        unregister(temporary)
    }

    /// Writes `data` to a fresh temporary file in `directory`, synced, and returns its path.
    private static func stage(_ data: Data, in directory: String, for path: String, mode: mode_t?) throws -> String {
        let name = fileName(of: path)
        var template = Array((directory + "/." + name + ".tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            let error = errno
            throw WriteError(
                path: path, reason: "cannot create a file in \(directory): \(describe(error))", kind: kind(of: error))
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        pending.withLock { _ = $0.insert(temporary) }
        var failure = writeAll(data, to: descriptor)
        // mkstemp creates the file 0600: give it the permissions of the file it replaces, else the
        // usual ones (0666 less the umask).
        let mask = umask(0)
        umask(mask)
        if failure == nil, fchmod(descriptor, mode ?? (0o666 & ~mask)) != 0 { failure = errno }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if let failure {
            discard(temporary)
            throw WriteError(path: path, reason: describe(failure), kind: .ioError)
        }
        return temporary
    }

    /// Writes `data` to a device or FIFO.
    private static func writeStream(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = errno
            throw WriteError(path: path, reason: describe(error), kind: kind(of: error))
        }
        let failure = writeAll(data, to: descriptor)
        close(descriptor)
        if let failure { throw WriteError(path: path, reason: describe(failure), kind: .ioError) }
    }

    /// Writes all of `data`, retrying interrupted and short writes.
    /// - Returns: the `errno` of a failed write, nil when all was written.
    static func writeAll(_ data: Data, to descriptor: Int32) -> Int32? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    let error = errno
                    if error == EINTR { continue }
                    if error == EAGAIN {
                        var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&poller, 1, -1)
                        continue
                    }
                    return error
                }
                if written == 0 { return EIO }
                offset += written
            }
            return nil
        }
    }

    /// Syncs a directory so that a rename in it survives a crash (where the system allows it).
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    // MARK: Errors

    /// 73 for what prevents creating a file, 74 for a failing device.
    static func kind(of error: Int32) -> WriteError.Kind {
        switch error {
        case ENOSPC, EDQUOT, EIO, EFBIG: return .ioError
        default: return .cannotCreate
        }
    }

    /// `strerror`, starting in lower case: "no space left on device".
    static func describe(_ error: Int32) -> String {
        let text = String(cString: strerror(error))
        guard let first = text.first else { return "error \(error)" }
        return first.lowercased() + text.dropFirst()
    }
}
