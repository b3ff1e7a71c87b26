import Foundation

/// The file system as it names things: paths are bytes, which need not be UTF-8. A zip
/// made on a Chinese Windows and unpacked on Linux leaves names in GB18030 (or Big5);
/// Foundation reads such a name into U+FFFD and then cannot open the file, so folders
/// are walked and files read here, by their bytes.
enum RawPaths {
    /// What a path names, links followed or not as the caller asks; `missing` when
    /// nothing is there (or it cannot be looked at).
    enum Kind {
        case file, folder, link, other, missing
    }

    /// The names in `folder` (not `.` or `..`), as bytes; nil when it cannot be read.
    static func names(in folder: [UInt8]) -> [[UInt8]]? {
        guard let directory = withCString(folder, { opendir($0) }) else { return nil }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] { names.append(name) }
        }
        return names
    }

    /// What `path` is: a link is `.link` unless `following` (then what it points to).
    static func kind(of path: [UInt8], following: Bool) -> Kind {
        var info = stat()
        guard withCString(path, { following ? stat($0, &info) : lstat($0, &info) }) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFLNK: return .link
        default: return .other
        }
    }

    /// The size of the file at `path` in bytes; 0 when it cannot be read.
    static func size(of path: [UInt8]) -> Int {
        var info = stat()
        return withCString(path) { stat($0, &info) } == 0 ? Int(info.st_size) : 0
    }

    /// The bytes of the file at `path`, or why they cannot be read (the system's words).
    static func contents(of path: [UInt8]) -> Result<[UInt8], ReadFailure> {
        let descriptor = withCString(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return .failure(ReadFailure()) }
        defer { close(descriptor) }
        var info = stat()
        var bytes = [UInt8](repeating: 0, count: fstat(descriptor, &info) == 0 ? max(Int(info.st_size), 0) + 1 : 1 << 16)
        var filled = 0
        while true {
            if filled == bytes.count { bytes += repeatElement(0, count: bytes.count) }
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return .failure(ReadFailure()) }
            guard count > 0 else { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return .success(bytes)
    }

    /// Why a file could not be read: the system's message for `errno` when it was made.
    struct ReadFailure: Error {
        let reason = String(cString: strerror(errno)).lowercased()
    }

    /// A name as text, for ids and reports: UTF-8 as it is; other bytes as GB18030 or Big5
    /// when they read cleanly as one (`TextDecoding` picks the reading with the most
    /// common characters), else `escaped`.
    static func text(of name: [UInt8]) -> String {
        if let text = String(validating: name, as: UTF8.self) { return text }
        if let decoded = try? TextDecoding.decode(name), !decoded.isRepaired, TextDecoding.isLegacy(decoded.encoding) {
            return decoded.text
        }
        return escaped(name)
    }

    /// `name` with every byte beyond ASCII written `%XX` (for a name that is not UTF-8).
    static func escaped(_ name: [UInt8]) -> String {
        name.map { $0 < 0x80 ? String(Unicode.Scalar($0)) : String(format: "%%%02X", $0) }.joined()
    }

    private static func withCString<Result>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> Result) -> Result {
        (path + [0]).withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) } }
    }
}
