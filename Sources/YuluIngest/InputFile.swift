/// A file to ingest: where it is, the id its documents take, and how to read it.
public struct InputFile: Sendable, Equatable {
    /// Where the file is: its path as text, for reports, and as the file system names it.
    let source: InputPath
    /// The document id (for CSV and JSONL, the prefix of `FILE#N` record ids).
    public let id: String
    public let format: FileFormat

    public init(path: String, id: String, format: FileFormat) {
        self.init(source: InputPath(path), id: id, format: format)
    }

    init(source: InputPath, id: String, format: FileFormat) {
        self.source = source
        self.id = id
        self.format = format
    }

    /// The path as text, for reports (a name that is not UTF-8 as `RawPaths.text(of:)` reads it).
    public var path: String { source.text }

    /// The file's size in bytes (0 when it cannot be read).
    public var byteCount: Int { RawPaths.size(of: source.bytes) }
}

/// A path: its text, for reports and ids, and its bytes, which the file system knows it
/// by. They differ when a name is not UTF-8 (a glob over GB18030 names, a folder unpacked
/// from a Windows zip): the text then reads each name as `RawPaths.text(of:)` does.
public struct InputPath: Sendable, Equatable {
    public let text: String
    public let bytes: [UInt8]

    public init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    /// A path whose text was read already (a folder walk escapes names that clash).
    init(text: String, bytes: [UInt8]) {
        self.text = text
        self.bytes = bytes
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        text = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { RawPaths.text(of: Array($0)) }.joined(separator: "/")
    }

    /// Whether anything is there (a link is followed).
    public var exists: Bool { RawPaths.kind(of: bytes, following: true) != .missing }
}
