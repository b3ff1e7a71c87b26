import YuluIngest

/// A matching paragraph as returned.
public struct SearchHit: Sendable {
    public let doc: String
    /// 1-based within the document.
    public let para: Int
    public let score: Double
    /// The original paragraph text.
    public let text: String
    /// [start, end) in Unicode scalars of `text`, sorted and disjoint.
    public let highlights: [Range<Int>]
    /// Every field of the hit's document.
    public let fields: Fields
    public let kwic: KWICLine?
}

/// A matching document (`--by doc`): its best paragraph's score and its matching paragraphs in order.
public struct DocumentHit: Sendable {
    public let doc: String
    public let score: Double
    public let fields: Fields
    public let paras: [SearchHit]
}

/// Matching paragraphs counted by the values of one field, most frequent first, with
/// the documents that hold them; and those whose document has no value for the field.
public struct FacetCounts: Sendable {
    public let field: String
    public let counts: [(value: String, count: Int, documents: Int)]
    /// Matching paragraphs, and their documents, without a value for the field.
    public let unvalued: (count: Int, documents: Int)
}

/// The answer to a `SearchRequest`.
public struct SearchResult: Sendable {
    /// Matching paragraphs in the whole index.
    public let total: Int
    /// Documents with a matching paragraph.
    public let docs: Int
    /// Engine time: parsing to the last byte of the result.
    public let tookMilliseconds: Double
    public let hits: [SearchHit]
    /// With `byDocument`, the hits grouped (and `hits` is empty).
    public let documents: [DocumentHit]
    public let facets: [FacetCounts]
    public let request: SearchRequest

    /// The JSON object of DESIGN's "Results as JSON" (with `q` first when given, for batches).
    public func json(echoing query: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let query { members.append(("q", .string(query))) }
        members += [("ok", .bool(true)), ("total", .int(total)), ("docs", .int(docs)),
                    ("took_ms", .double((tookMilliseconds * 1000).rounded() / 1000))]
        if !request.countOnly {
            if request.byDocument {
                members.append(("hits", .array(documents.map { document in
                    .object([("doc", .string(document.doc)), ("score", Self.score(document.score)), ("fields", JSONValue(document.fields)),
                             ("paras", .array(document.paras.map { Self.json($0, withFields: false) }))])
                })))
            } else {
                members.append(("hits", .array(hits.map { Self.json($0, withFields: true) })))
            }
        }
        if !facets.isEmpty {
            members.append(("facets", .object(facets.map { facet in
                (facet.field, .object(facet.counts.map { ($0.value, .int($0.count)) }))
            })))
            members.append(("facet_docs", .object(facets.map { facet in
                (facet.field, .object(facet.counts.map { ($0.value, .int($0.documents)) }))
            })))
            members.append(("facet_unvalued", .object(facets.map { facet in
                (facet.field, .object([("total", .int(facet.unvalued.count)), ("docs", .int(facet.unvalued.documents))]))
            })))
        }
        return .object(members)
    }

    private static func score(_ value: Double) -> JSONValue { .double((value * 1e6).rounded() / 1e6) }

    private static func json(_ hit: SearchHit, withFields: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("doc", .string(hit.doc)), ("para", .int(hit.para)), ("score", score(hit.score)), ("text", .string(hit.text)),
            ("highlights", .array(hit.highlights.map { .array([.int($0.lowerBound), .int($0.upperBound)]) })),
        ]
        if withFields { members.append(("fields", JSONValue(hit.fields))) }
        if let kwic = hit.kwic {
            members += [("left", .string(kwic.left)), ("match", .string(kwic.match)), ("right", .string(kwic.right))]
        }
        return .object(members)
    }
}

extension SearchError {
    /// The error object of the JSON shape: `{"ok": false, "error": {"code", "message"}}`.
    public func json(echoing query: String? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let query { members.append(("q", .string(query))) }
        members += [("ok", .bool(false)), ("error", .object([("code", .string(code)), ("message", .string(description))]))]
        return .object(members)
    }
}

extension Duration {
    /// The duration in milliseconds, as results report `took_ms`.
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}
