import YuluIndex

/// The JSON answers of `show` and `stats`, shared by the command line and the server so
/// both print the same object for the same request.
public enum IndexViews {
    /// A stored document with its numbered paragraphs, or only paragraph `para`.
    /// Throws `SearchError.notFound` for an unknown id or paragraph.
    public static func show(_ reader: IndexReader, id: String, para: Int? = nil) throws(SearchError) -> DocumentView {
        let found: (document: StoredDocument, paragraphs: [String])?
        do {
            found = try reader.document(id: id)
        } catch {
            throw .index(error.description)
        }
        guard let (document, paragraphs) = found else { throw .notFound("no document \(id) in the index") }
        guard let para else { return DocumentView(document: document, paragraphCount: paragraphs.count, paragraphs: Array(zip(1..., paragraphs))) }
        guard para >= 1 && para <= paragraphs.count else {
            throw .notFound("document \(id) has paragraphs 1 to \(paragraphs.count), not \(para)")
        }
        return DocumentView(document: document, paragraphCount: paragraphs.count, paragraphs: [(para, paragraphs[para - 1])])
    }

    /// The index's counts: generation, segments, documents, deleted documents, paragraphs,
    /// terms, bytes, and the bytes by part, largest first.
    public static func stats(_ reader: IndexReader) throws(SearchError) -> JSONValue {
        let statistics: IndexStatistics
        do {
            statistics = try reader.statistics()
        } catch {
            throw .index("\(error)")
        }
        return .object([
            ("ok", .bool(true)), ("generation", .int(statistics.generation)), ("segments", .int(statistics.segments)),
            ("documents", .int(statistics.documents)), ("deleted_documents", .int(statistics.deletedDocuments)),
            ("paragraphs", .int(statistics.paragraphs)), ("terms", .int(statistics.terms)), ("bytes", .int(statistics.bytesOnDisk)),
            ("bytes_by_part", .object(statistics.bytesByPart.map { ($0.part, .int($0.bytes)) })),
        ])
    }
}

/// A stored document as `show` presents it.
public struct DocumentView: Sendable {
    public let document: StoredDocument
    public let paragraphCount: Int
    /// (number from 1, text), all of them or the one asked for.
    public let paragraphs: [(number: Int, text: String)]

    public var json: JSONValue {
        .object([
            ("ok", .bool(true)), ("doc", .string(document.id)), ("fields", JSONValue(document.fields)),
            ("paragraph_count", .int(paragraphCount)),
            ("paragraphs", .array(paragraphs.map { .object([("para", .int($0.number)), ("text", .string($0.text))]) })),
        ])
    }
}
