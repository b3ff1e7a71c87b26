import Foundation

/// A file to ingest: where it is, the id its documents take, and how to read it.
public struct InputFile: Sendable, Equatable {
    public let path: String
    /// The document id (for CSV and JSONL, the prefix of `FILE#N` record ids).
    public let id: String
    public let format: FileFormat
}

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
    /// name for a file named directly.
    public static func inputFiles(_ paths: [String]) -> (files: [InputFile], skipped: [SkippedInput]) {
        var files: [InputFile] = []
        var skipped: [SkippedInput] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                skipped.append(SkippedInput(path: path, reason: "no such file or folder"))
                continue
            }
            if isDirectory.boolValue {
                walk(path, relative: "", into: &files, skipped: &skipped)
            } else {
                let name = (path as NSString).lastPathComponent
                files.append(InputFile(path: path, id: name, format: FileFormat(fileName: name) ?? .plainText))
            }
        }
        return (files, skipped)
    }

    private static func walk(_ folder: String, relative: String, into files: inout [InputFile],
                             skipped: inout [SkippedInput]) {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else {
            skipped.append(SkippedInput(path: folder, reason: "folder cannot be read"))
            return
        }
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            let id = relative.isEmpty ? name : relative + "/" + name
            let type = (try? manager.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
            if type == .typeDirectory {
                walk(path, relative: id, into: &files, skipped: &skipped)
            } else if type == .typeSymbolicLink, isFolder(path) {
                skipped.append(SkippedInput(path: path, reason: "link to a folder, not followed"))
            } else if let format = FileFormat(fileName: name) {
                files.append(InputFile(path: path, id: id, format: format))
            } else {
                skipped.append(SkippedInput(path: path, reason: "not a format Yulu reads (txt, md, html, csv, jsonl)"))
            }
        }
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
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
        guard let data = FileManager.default.contents(atPath: file.path) else {
            return Result(reports: InputReports(skipped: [SkippedInput(path: file.path, reason: "cannot be read")]))
        }
        return ingest([UInt8](data), as: file)
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
