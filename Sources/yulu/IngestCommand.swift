import ArgumentParser
import YuluSearch
import YuluIngest

/// `yulu ingest PATH...`: what indexing these files would store — per document its id,
/// fields, paragraph count and every line cleaning removed, with the rule — so the
/// cleaning can be audited on one's own corpus before indexing. Writes nothing.
struct IngestCommand: JSONOutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Show what indexing files would store, and what cleaning removes (writes nothing)."
    )

    @Argument(help: "Files or folders (folders are read recursively).")
    var paths: [String]

    @Flag(name: .customLong("dry-run"), help: "Accepted for symmetry with `yulu index`: ingest never writes.")
    var dryRun = false

    @Option(help: "The CSV column holding the text (default: the column with the longest values).")
    var textColumn: String?

    @Flag(help: "Also print every paragraph.")
    var paragraphs = false

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let (files, unreadable) = Ingestor.inputFiles(ArgumentPaths.inputPaths(paths))
        let ingestor = Ingestor(options: IngestOptions(textColumn: textColumn))
        var documents: [Document] = []
        var reports = InputReports(skipped: unreadable)
        for file in files {
            let result = ingestor.ingest(file)
            documents += result.documents
            reports.add(result.reports)
        }
        if json {
            print(IngestReport.json(documents, reports: reports, withParagraphs: paragraphs).serialized())
        } else {
            print(IngestReport.human(documents, reports: reports, withParagraphs: paragraphs))
        }
    }
}

/// How `yulu ingest` shows documents.
enum IngestReport {
    static func json(_ documents: [Document], reports: InputReports, withParagraphs: Bool) -> JSONValue {
        .object([
            ("ok", .bool(true)),
            ("documents", .array(documents.map { document in
                var members: [(String, JSONValue)] = [
                    ("doc", .string(document.id)),
                    ("fields", JSONValue(document.fields)),
                    ("paragraphs", .int(document.paragraphs.count)),
                    ("removed", .array(document.removals.map { removal in
                        .object([("rule", .string(removal.rule)), ("line", .int(removal.line)),
                                 ("text", .string(removal.text))])
                    })),
                ]
                if withParagraphs {
                    members.append(("texts", .array(document.paragraphs.map { JSONValue.string($0) })))
                }
                return .object(members)
            })),
        ] + reports.json)
    }

    static func human(_ documents: [Document], reports: InputReports, withParagraphs: Bool) -> String {
        var out: [String] = []
        for document in documents {
            out.append("\(document.id)  (\(document.paragraphs.count) paragraphs, \(document.removals.count) removals)")
            for (name, value) in document.fields {
                out.append("  \(name): \(value)")
            }
            for removal in document.removals {
                out.append("  - line \(removal.line) [\(removal.rule)] \(abbreviated(removal.text))")
            }
            if withParagraphs {
                for (index, paragraph) in document.paragraphs.enumerated() {
                    out.append("  ¶\(index + 1) \(paragraph)")
                }
            }
        }
        out += reports.lines
        let paragraphCount = documents.reduce(0) { $0 + $1.paragraphs.count }
        out.append("\(documents.count) documents, \(paragraphCount) paragraphs, \(reports.counts)")
        return out.joined(separator: "\n")
    }

    private static func abbreviated(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 60 else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(58))) + "…"
    }
}
