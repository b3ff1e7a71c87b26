import Glibc

/// An error about the index folder or its files, with a message for people.
public struct IndexError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// The folder holds no index (no manifest).
    static func noIndex(at folder: String) -> IndexError {
        IndexError("no index at \(folder) (create one with `yulu index --index \(folder) PATH...`)")
    }
}

/// File-system steps the index relies on for crash safety.
enum Disk {
    /// Writes `bytes` to `path` so that a crash leaves the old file or the new, never a
    /// mix: write a temporary file beside it, fsync it, rename it over, fsync the folder.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(IndexError) {
        let temporary = "\(path).tmp-\(getpid())"
        try write(bytes, to: temporary)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw IndexError("cannot rename \(temporary) to \(path): \(reason)")
        }
        try syncFolder(of: path)
    }

    /// Writes and fsyncs a new file (failing if it exists).
    static func write(_ bytes: [UInt8], to path: String) throws(IndexError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + written, bytes.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw IndexError("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw IndexError("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    static func syncFolder(of path: String) throws(IndexError) {
        let folder = parent(of: path)
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IndexError("cannot open folder \(folder)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw IndexError("cannot sync folder \(folder)") }
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func createFolder(_ path: String) throws(IndexError) {
        var components: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            components.append(part)
            let prefix = (path.hasPrefix("/") ? "/" : "") + components.joined(separator: "/")
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw IndexError("cannot create folder \(prefix): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// The names in a folder (not . or ..).
    static func names(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }
}

/// A file mapped read-only into memory; unmapped when the last reference goes.
public final class MappedFile: @unchecked Sendable {
    /// The file's bytes. Immutable: the mapping is read-only.
    public let bytes: UnsafeRawBufferPointer
    public let path: String

    public init(path: String) throws(IndexError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IndexError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw IndexError("cannot stat \(path)") }
        let size = Int(info.st_size)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw IndexError("cannot map \(path): \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}

/// The writer lock: at most one process changes an index at a time. Readers never take it.
/// Held through `flock`, so a writer killed with SIGKILL releases it with its process.
final class WriterLock {
    private let descriptor: Int32

    init(folder: String) throws(IndexError) {
        let path = folder + "/LOCK"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexError("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw IndexError("another yulu process is writing to \(folder); try again when it has finished")
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
