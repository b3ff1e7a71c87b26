import Foundation

/// Options for reading files.
public struct IngestOptions: Sendable {
    /// The CSV column holding the text; by default the column with the longest values.
    public var textColumn: String?

    public init(textColumn: String? = nil) {
        self.textColumn = textColumn
    }
}

/// Turns files into documents (DESIGN, "Ingest"): decode, read the format, clean,
/// take metadata, split paragraphs. A file or record that cannot be read is reported
/// with its reason and the rest goes on. Holds a `Cleaner`: one ingestor per thread.
public final class Ingestor {
    private let options: IngestOptions
    private let assembler = DocumentAssembler(cleaner: Cleaner())

    public init(options: IngestOptions = IngestOptions()) {
        self.options = options
    }

    /// The files under `paths`: folders are walked recursively in a stable (byte-wise
    /// name) order, skipping hidden files and folders; a file named directly is taken
    /// whatever its extension. Ids are paths relative to the folder named, or the file
    /// name for a file named directly. A name that is not UTF-8 (a zip from a Chinese
    /// Windows unpacked on Linux) is read as `RawPaths.text(of:)` says; should that
    /// reading be a UTF-8 name of the same folder, or one taken before it, it is
    /// `RawPaths.escaped` instead, so no file replaces another.
    public static func inputFiles(_ paths: [InputPath]) -> (files: [InputFile], skipped: [SkippedInput]) {
        var files: [InputFile] = []
        var skipped: [SkippedInput] = []
        for path in paths {
            switch RawPaths.kind(of: path.bytes, following: true) {
            case .folder:
                walk(path, relative: "", into: &files, skipped: &skipped)
            case .missing:
                skipped.append(SkippedInput(path: path.text, reason: "no such file or folder"))
            default:
                let name = (path.text as NSString).lastPathComponent
                files.append(InputFile(source: path, id: name, format: FileFormat(fileName: name) ?? .plainText))
            }
        }
        return (files, skipped)
    }

    /// `inputFiles` of paths given as text.
    public static func inputFiles(_ paths: [String]) -> (files: [InputFile], skipped: [SkippedInput]) {
        inputFiles(paths.map(InputPath.init))
    }

    private static func walk(_ folder: InputPath, relative: String, into files: inout [InputFile], skipped: inout [SkippedInput]) {
        guard let names = RawPaths.names(in: folder.bytes) else {
            skipped.append(SkippedInput(path: folder.text, reason: "folder cannot be read"))
            return
        }
        var taken = Set(names.compactMap { String(validating: $0, as: UTF8.self) })
        for name in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) where name.first != UInt8(ascii: ".") {
            var text = RawPaths.text(of: name)
            if String(validating: name, as: UTF8.self) == nil, !taken.insert(text).inserted { text = RawPaths.escaped(name) }
            let path = InputPath(text: (folder.text as NSString).appendingPathComponent(text),
                                 bytes: (folder.bytes.last == UInt8(ascii: "/") ? folder.bytes : folder.bytes + [UInt8(ascii: "/")]) + name)
            let id = relative.isEmpty ? text : relative + "/" + text
            switch RawPaths.kind(of: path.bytes, following: false) {
            case .folder:
                walk(path, relative: id, into: &files, skipped: &skipped)
            case .link where RawPaths.kind(of: path.bytes, following: true) == .folder:
                skipped.append(SkippedInput(path: path.text, reason: "link to a folder, not followed"))
            default:
                if let format = FileFormat(fileName: text) {
                    files.append(InputFile(source: path, id: id, format: format))
                } else {
                    skipped.append(SkippedInput(path: path.text, reason: "not a format Yulu reads (txt, md, html, csv, jsonl)"))
                }
            }
        }
    }

    /// What ingesting a file gave: its documents, and its reports: what of it was not
    /// read, what had to be repaired in its bytes (the documents' fields say so too), and
    /// whether its reading is doubtful.
    public struct Result: Sendable {
        public var documents: [Document] = []
        public var reports = InputReports()
    }

    /// Reads and ingests one file.
    public func ingest(_ file: InputFile) -> Result {
        switch RawPaths.contents(of: file.source.bytes) {
        case .success(let bytes):
            return ingest(bytes, as: file)
        case .failure(let failure):
            return Result(reports: InputReports(skipped: [SkippedInput(path: file.path, reason: "cannot be read: \(failure.reason)")]))
        }
    }

    /// Ingests the bytes of one file. A file whose bytes were repaired gives documents
    /// that say so: `undecodable` counts the replaced byte sequences (on each of its
    /// documents, as `encoding` is), and a file cut inside a character makes its last
    /// document `truncated`.
    public func ingest(_ bytes: [UInt8], as file: InputFile) -> Result {
        let decoded: DecodedText
        do {
            decoded = try TextDecoding.decode(bytes)
        } catch {
            return Result(reports: InputReports(skipped: [SkippedInput(path: file.path, reason: error.reason)]))
        }
        guard decoded.text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            return Result(reports: InputReports(skipped: [SkippedInput(path: file.path, reason: "empty file (no text)")]))
        }
        let (raws, skipped) = read(decoded.text, as: file)
        var documents = raws.map { assembler.assemble($0, decoded: decoded) }
        if decoded.cutAtEnd, !documents.isEmpty {
            documents[documents.count - 1].fields["truncated"] = .flag(true)
        }
        return Result(documents: documents, reports: InputReports(
            skipped: skipped, repaired: decoded.isRepaired ? [RepairedInput(path: file.path, repairs: decoded.repairs)] : [],
            doubtful: decoded.doubt.map { [DoubtfulInput(path: file.path, reason: $0)] } ?? []))
    }

    private func read(_ text: String, as file: InputFile) -> ([RawDocument], [SkippedInput]) {
        switch file.format {
        case .plainText:
            return ([RawDocument(id: file.id, lines: TextLines.split(text))], [])
        case .markdown:
            let (lines, title) = MarkdownText.read(text)
            return ([RawDocument(id: file.id, lines: lines, title: title)], [])
        case .html:
            let (body, title) = HTMLText.read(text)
            return ([RawDocument(id: file.id, lines: TextLines.split(body), title: title)], [])
        case .csv:
            return RecordReader.csv(text, file: file, textColumn: options.textColumn)
        case .jsonLines:
            return RecordReader.jsonLines(text, file: file)
        }
    }
}
