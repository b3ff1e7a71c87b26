/// What `yulu search` (and the server's `search` and `count`) asks: a query and how to
/// present its matches.
public struct SearchRequest: Sendable, Equatable {
    public var query: String
    /// Hits to return (paragraphs, or documents with `byDocument`).
    public var limit = 10
    /// Hits to skip before the first returned.
    public var offset = 0
    /// Group matching paragraphs by document.
    public var byDocument = false
    /// Only count: no hits, nothing scored.
    public var countOnly = false
    /// Fields whose values to count matching paragraphs by; `documentFacet` counts them by
    /// document.
    public var facets: [String] = []
    /// Add KWIC lines with this many scalars of context on each side.
    public var kwicWidth: Int?
    /// Order hits as a concordance instead of by score (needs `kwicWidth`).
    public var kwicSort: KWICSort?

    public init(query: String, limit: Int = 10, offset: Int = 0, byDocument: Bool = false, countOnly: Bool = false,
                facets: [String] = [], kwicWidth: Int? = nil, kwicSort: KWICSort? = nil) {
        self.query = query
        self.limit = limit
        self.offset = offset
        self.byDocument = byDocument
        self.countOnly = countOnly
        self.facets = facets
        self.kwicWidth = kwicWidth
        self.kwicSort = kwicSort
    }

    /// The facet whose values are the documents' ids (records never keep an `id` field:
    /// it names the record).
    public static let documentFacet = "id"

    /// The largest `limit` and KWIC width accepted.
    public static let maximumLimit = 1_000_000
    public static let maximumKWICWidth = 1_000

    func validate() throws(SearchError) {
        guard (0...Self.maximumLimit).contains(limit) else { throw .badRequest("limit must be between 0 and \(Self.maximumLimit)") }
        guard (0...Self.maximumLimit).contains(offset) else { throw .badRequest("offset must be between 0 and \(Self.maximumLimit)") }
        if let kwicWidth, !(1...Self.maximumKWICWidth).contains(kwicWidth) {
            throw .badRequest("the KWIC width must be between 1 and \(Self.maximumKWICWidth)")
        }
        if kwicSort != nil && kwicWidth == nil { throw .badRequest("sorting by context needs --kwic") }
        if kwicSort != nil && byDocument { throw .badRequest("sorting by context works on paragraphs, not with --by doc") }
    }
}
