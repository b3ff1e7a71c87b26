/// A file to ingest: where it is, the id its documents take, and how to read it.
public struct InputFile: Sendable, Equatable {
    /// The path as text, for reports (a name that is not UTF-8 as `RawPaths.text(of:)` reads it).
    public let path: String
    /// The document id (for CSV and JSONL, the prefix of `FILE#N` record ids).
    public let id: String
    public let format: FileFormat
    /// The path as the file system names it, which the file is read by.
    let location: [UInt8]

    public init(path: String, id: String, format: FileFormat) {
        self.init(path: path, location: Array(path.utf8), id: id, format: format)
    }

    init(path: String, location: [UInt8], id: String, format: FileFormat) {
        self.path = path
        self.id = id
        self.format = format
        self.location = location
    }

    /// The file's size in bytes (0 when it cannot be read).
    public var byteCount: Int { RawPaths.size(of: location) }
}

/// A path a person named (on the command line): its text, for reports and ids, and its
/// bytes, which the file system knows it by. They differ when a name is not UTF-8 (a
/// glob over GB18030 names): the text then reads each name as `RawPaths.text(of:)` does.
public struct InputPath: Sendable, Equatable {
    public let text: String
    public let bytes: [UInt8]

    public init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        text = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { RawPaths.text(of: Array($0)) }.joined(separator: "/")
    }

    /// Whether anything is there (a link is followed).
    public var exists: Bool { RawPaths.kind(of: bytes, following: true) != .missing }
}
