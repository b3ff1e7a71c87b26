import YuluAnalysis
import YuluIndex
import YuluIngest

/// Answers search requests over a `SearchIndex`. Holds an ICU analyser and per-thread
/// caches, so it is not thread-safe: one searcher per thread, all sharing one index.
public final class Searcher {
    public let index: SearchIndex
    let analyzer: Analyzer
    /// Normalised field values per segment, built when a filter first needs them.
    private var fieldPatterns: [String: [[PhrasePattern?]]] = [:]

    public init(index: SearchIndex) {
        self.index = index
        analyzer = Analyzer(simplification: index.reader.simplification)
    }

    /// A paragraph of a segment, as ranking sees it.
    private struct Candidate {
        let score: Double
        let place: RankedParagraph
    }

    public func search(_ request: SearchRequest) throws(SearchError) -> SearchResult {
        let clock = ContinuousClock()
        let started = clock.now
        let matcher = try prepare(request).matcher
        let result = try SearchError.mapping { try run(matcher, request) }
        return SearchResult(total: result.total, docs: result.docs, tookMilliseconds: started.duration(to: clock.now).milliseconds,
                            hits: result.hits, documents: result.documents, facets: result.facets, request: request)
    }

    /// The ranking `search` gives for a plain request (no facets, grouping or concordance
    /// order), without reading any paragraph's text or document: the total and, best first,
    /// where each hit of the page sits and its score. What a peer engine's top-k returns.
    public func rank(_ request: SearchRequest) throws(SearchError) -> (total: Int, hits: [(segment: Int, paragraph: Int32, score: Double)]) {
        try rank(try prepare(request))
    }

    /// `rank` for a request prepared once: run again, it skips parsing the query and
    /// analysing its phrases (as a peer engine runs a query object built beforehand).
    public func rank(_ prepared: PreparedRequest) throws(SearchError) -> (total: Int, hits: [(segment: Int, paragraph: Int32, score: Double)]) {
        let (request, matcher) = (prepared.request, prepared.matcher)
        return try SearchError.mapping {
            let matches = try matchingParagraphs(matcher)
            let total = matches.reduce(0) { $0 + $1.count }
            guard !request.countOnly else { return (total, []) }
            let scorer = try ParagraphScorer(index: index, words: matcher.positivePhrases.flatMap(\.words))
            let page = try self.page(request, of: matches, scorer: scorer, documents: DocumentCache(index: index))
            return (total, page.map { ($0.place.segment, $0.place.paragraph, $0.score) })
        }
    }

    /// `request` checked, its query parsed and its phrases analysed (with their words
    /// unless it only counts), ready for `rank` to run as often as asked.
    public func prepare(_ request: SearchRequest) throws(SearchError) -> PreparedRequest {
        try request.validate()
        return PreparedRequest(request: request, matcher: try compile(request.query, withWords: !request.countOnly))
    }

    /// The paragraphs `query` matches, per segment and rising, deleted ones left out
    /// (what `yulu reuse --within` confines reuse to).
    func paragraphs(matching query: String) throws(SearchError) -> [[Int32]] {
        let matcher = try compile(query, withWords: false)
        return try SearchError.mapping { try matchingParagraphs(matcher) }
    }

    /// The matcher for `query`, its phrases with their ICU words when `withWords`.
    private func compile(_ query: String, withWords: Bool) throws(SearchError) -> Matcher {
        try SearchError.mapping {
            try Matcher.compile(try QueryParser.parse(query), analyzer: analyzer, withWords: withWords) { () throws(FormatError) in
                try index.fieldNames()
            }
        }
    }

    private func run(_ matcher: Matcher, _ request: SearchRequest) throws
        -> (total: Int, docs: Int, hits: [SearchHit], documents: [DocumentHit], facets: [FacetCounts])
    {
        if !request.facets.isEmpty {
            let names = try index.fieldNames()
            for field in request.facets where field != SearchRequest.documentFacet && !names.contains(field) {
                throw SearchError.badRequest(SearchError.noSuchField(field, for: "to count by", known: names)
                                             + "; \(SearchRequest.documentFacet) counts by document")
            }
        }
        let matches = try matchingParagraphs(matcher)
        let total = matches.reduce(0) { $0 + $1.count }
        var docs = 0
        // Per facet and value: (matching paragraphs, documents holding them).
        var facetCounts = request.facets.map { _ in [String: (paragraphs: Int, documents: Int)]() }
        var unvalued = request.facets.map { _ in (count: 0, documents: 0) }
        for (number, catalog) in index.catalogs.enumerated() {
            let fields = request.facets.isEmpty ? [] : try catalog.fields()
            try forEachDocument(of: matches[number], in: catalog) { (document, paragraphs) throws(FormatError) in
                docs += 1
                for (facet, field) in request.facets.enumerated() {
                    let value = field == SearchRequest.documentFacet ? try catalog.reader.documentID(document)
                        : fields[document][field]?.description
                    guard let value else {
                        unvalued[facet] = (unvalued[facet].count + paragraphs, unvalued[facet].documents + 1)
                        continue
                    }
                    let counted = facetCounts[facet][value] ?? (0, 0)
                    facetCounts[facet][value] = (counted.paragraphs + paragraphs, counted.documents + 1)
                }
            }
        }
        let facets = request.facets.indices.map { facet in
            FacetCounts(field: request.facets[facet],
                        counts: facetCounts[facet].sorted { ($1.value.paragraphs, $0.key) < ($0.value.paragraphs, $1.key) }
                            .map { ($0.key, $0.value.paragraphs, $0.value.documents) },
                        unvalued: unvalued[facet])
        }
        guard !request.countOnly else { return (total, docs, [], [], facets) }
        let phrases = matcher.positivePhrases
        let scorer = try ParagraphScorer(index: index, words: phrases.flatMap(\.words))
        let documents = DocumentCache(index: index)
        if request.byDocument {
            let hits = try documentHits(matches, scorer: scorer, documents: documents, phrases: phrases, request: request)
            return (total, docs, [], hits, facets)
        }
        var hits: [SearchHit]
        if let sort = request.kwicSort {
            var candidates: [Candidate] = []
            for (number, paragraphs) in matches.enumerated() {
                let catalog = index.catalogs[number]
                var document = 0
                try scorer.score(paragraphs, inSegment: number) { paragraph, score in
                    document = catalog.document(containing: paragraph, from: document)
                    candidates.append(Candidate(score: score, place: RankedParagraph(segment: number, document: document, paragraph: paragraph)))
                }
            }
            // Keys made once, not per comparison; equal lines keep their order (by score).
            let all = try self.hits(candidates, documents, phrases, request)
            let keys = all.map { Snippets.sortKey($0.kwic!, by: sort) }
            let order = all.indices.sorted { (keys[$0].0, keys[$0].1, keys[$0].2, $0) < (keys[$1].0, keys[$1].1, keys[$1].2, $1) }
            hits = order.dropFirst(request.offset).prefix(request.limit).map { all[$0] }
        } else {
            hits = try self.hits(Array(try page(request, of: matches, scorer: scorer, documents: documents)), documents, phrases, request)
        }
        return (total, docs, hits, [], facets)
    }

    /// Every live matching paragraph, per segment, in order.
    private func matchingParagraphs(_ matcher: Matcher) throws -> [[Int32]] {
        var matches: [[Int32]] = []
        for (number, catalog) in index.catalogs.enumerated() {
            let evaluator = SegmentEvaluator(catalog: catalog) { (field: String) throws(FormatError) in
                try self.patterns(of: field, segment: number)
            }
            matches.append(ParagraphSets.subtracting(ranges: catalog.deleted, from: try evaluator.paragraphs(matcher)))
        }
        return matches
    }

    /// The page of the ranking that `request` asks for (its offset and limit).
    private func page(_ request: SearchRequest, of matches: [[Int32]], scorer: ParagraphScorer,
                      documents: DocumentCache) throws -> ArraySlice<Candidate> {
        try best(request.offset + request.limit, of: matches, scorer: scorer, documents: documents).dropFirst(request.offset)
    }

    /// The `count` best-scoring of the matches, best first (ties by document id, then
    /// paragraph). A paragraph scoring below the worst kept is dropped before its
    /// document is even looked up.
    private func best(_ count: Int, of matches: [[Int32]], scorer: ParagraphScorer, documents: DocumentCache) throws -> [Candidate] {
        var best = TopK<Candidate>(capacity: count) { a, b in
            if a.score != b.score { return a.score > b.score }
            return documents.ranksBefore(a.place, b.place)
        }
        for (number, paragraphs) in matches.enumerated() {
            let catalog = index.catalogs[number]
            var document = 0
            try scorer.score(paragraphs, inSegment: number, skippingBelow: { best.worst?.score }) { paragraph, score in
                if let worst = best.worst, score < worst.score { return }
                document = catalog.document(containing: paragraph, from: document)
                best.insert(Candidate(score: score, place: RankedParagraph(segment: number, document: document, paragraph: paragraph)))
            }
        }
        return best.sorted()
    }

    /// The `count` paragraphs that BM25 ranks highest for any of `words` (more-like-this).
    func paragraphs(rankedFor words: [String], count: Int) throws -> [(segment: Int, paragraph: Int32)] {
        guard !words.isEmpty else { return [] }
        let matcher = Matcher.any(words.map { .phrase(PhrasePlan(PhrasePattern(analyzer.analyze($0)))) })
        let scorer = try ParagraphScorer(index: index, words: words)
        return try best(count, of: try matchingParagraphs(matcher), scorer: scorer, documents: DocumentCache(index: index))
            .map { ($0.place.segment, $0.place.paragraph) }
    }

    /// Calls `body` once per document among `paragraphs` (sorted) with how many it holds.
    /// One pass over the paragraphs: a comparison each, and a search of the documents'
    /// starts only where a paragraph leaves its document.
    private func forEachDocument(of paragraphs: [Int32], in catalog: SegmentCatalog,
                                 _ body: (Int, Int) throws(FormatError) -> Void) throws(FormatError) {
        let starts = catalog.documentStarts
        var document = 0
        var index = 0
        while index < paragraphs.count {
            document = catalog.document(containing: paragraphs[index], from: document)
            // The document's paragraphs, counted in a loop of its own that keeps its
            // count in a register (with `body` called inside, it was kept in memory), one
            // step at a time: galloping (`ParagraphSets.lowerBound`) took 2-3% more count
            // time over the bench's query mix, where a document holds few matches.
            let end = starts[document + 1]
            let first = index
            index = paragraphs.withUnsafeBufferPointer { paragraphs in
                var next = first + 1
                while next < paragraphs.count && paragraphs[next] < end { next += 1 }
                return next
            }
            try body(document, index - first)
        }
    }

    private func documentHits(_ matches: [[Int32]], scorer: ParagraphScorer, documents: DocumentCache,
                              phrases: [PhrasePattern], request: SearchRequest) throws -> [DocumentHit] {
        struct Group {
            let segment: Int
            let document: Int
            var score: Double
            var paragraphs: [(Int32, Double)]
            var first: Int32 { paragraphs[0].0 }
        }
        var best = TopK<Group>(capacity: request.offset + request.limit) { a, b in
            if a.score != b.score { return a.score > b.score }
            return documents.ranksBefore(RankedParagraph(segment: a.segment, document: a.document, paragraph: a.first),
                                         RankedParagraph(segment: b.segment, document: b.document, paragraph: b.first))
        }
        for (number, paragraphs) in matches.enumerated() {
            let catalog = index.catalogs[number]
            var current: Group?
            try scorer.score(paragraphs, inSegment: number) { paragraph, score in
                let document = catalog.document(containing: paragraph, from: current?.document ?? 0)
                if let group = current, group.document != document {
                    best.insert(group)
                    current = nil
                }
                if current == nil { current = Group(segment: number, document: document, score: score, paragraphs: []) }
                current!.score = max(current!.score, score)
                current!.paragraphs.append((paragraph, score))
            }
            if let group = current { best.insert(group) }
        }
        let groups = best.sorted().dropFirst(request.offset)
        var paras = try self.hits(groups.flatMap { group in
            group.paragraphs.map { paragraph, score in
                Candidate(score: score, place: RankedParagraph(segment: group.segment, document: group.document, paragraph: paragraph))
            }
        }, documents, phrases, request)[...]
        var hits: [DocumentHit] = []
        for group in groups {
            let stored = try documents.document(group.segment, group.document)
            hits.append(DocumentHit(doc: stored.id, score: group.score, fields: stored.fields, paras: Array(paras.prefix(group.paragraphs.count))))
            paras = paras.dropFirst(group.paragraphs.count)
        }
        return hits
    }

    /// The hits for `candidates`, in their order. Texts are read a segment at a time
    /// (`paragraphTexts`), so each store block is inflated once however the hits are ordered.
    private func hits(_ candidates: [Candidate], _ documents: DocumentCache, _ phrases: [PhrasePattern],
                      _ request: SearchRequest) throws -> [SearchHit] {
        var texts = [String](repeating: "", count: candidates.count)
        for (segment, positions) in Dictionary(grouping: candidates.indices, by: { candidates[$0].place.segment }) {
            let read = try index.catalogs[segment].reader.paragraphTexts(positions.map { Int(candidates[$0].place.paragraph) })
            for (position, text) in zip(positions, read) { texts[position] = text }
        }
        return try zip(candidates, texts).map { try hit($0, text: $1, documents, phrases, request) }
    }

    private func hit(_ candidate: Candidate, text: String, _ documents: DocumentCache, _ phrases: [PhrasePattern],
                     _ request: SearchRequest) throws -> SearchHit {
        let place = candidate.place
        let document = try documents.document(place.segment, place.document)
        let highlights = Snippets.highlights(of: phrases, in: analyzer.analyze(text, includeWords: false))
        return SearchHit(doc: document.id, para: Int(place.paragraph) - document.firstParagraph + 1, score: candidate.score,
                         text: text, highlights: highlights, fields: document.fields,
                         kwic: request.kwicWidth.map { Snippets.kwic(text, highlight: highlights.first, width: $0) })
    }

    /// The values of `field` in every document of segment `segment`, as phrase patterns.
    private func patterns(of field: String, segment: Int) throws(FormatError) -> [PhrasePattern?] {
        if let cached = fieldPatterns[field] { return cached[segment] }
        var all: [[PhrasePattern?]] = []
        for catalog in index.catalogs {
            all.append(try catalog.fields().map { fields in fields[field].map { PhrasePattern(analyzer.analyze($0.description, includeWords: false)) } })
        }
        fieldPatterns[field] = all
        return all[segment]
    }
}

/// A request ready to run: checked, its query compiled (see `Searcher.prepare`), for the
/// searcher that prepared it (its phrases are normalised as that index's documents were).
public struct PreparedRequest {
    public let request: SearchRequest
    let matcher: Matcher
}

/// Documents met during one search, decoded once; orders paragraphs by document id
/// then number for ties in score.
final class DocumentCache {
    let index: SearchIndex
    private var decoded: [Int: [Int: StoredDocument]] = [:]

    /// The index-wide id ranks, once a tie between segments has needed them.
    private var indexRanks: [[Int32]]?

    init(index: SearchIndex) { self.index = index }

    func document(_ segment: Int, _ number: Int) throws(FormatError) -> StoredDocument {
        if let document = decoded[segment]?[number] { return document }
        let document = try index.catalogs[segment].reader.document(number)
        decoded[segment, default: [:]][number] = document
        return document
    }

    /// Whether paragraph `a` ranks before `b` when their scores tie: by document id, then
    /// segment, then paragraph. Within a segment the id order is the segment's own table;
    /// across segments, the index-wide ranks.
    func ranksBefore(_ a: RankedParagraph, _ b: RankedParagraph) -> Bool {
        if a.segment == b.segment {
            if a.document == b.document { return a.paragraph < b.paragraph }
            let ranks = index.catalogs[a.segment].idRanks
            return ranks[a.document] < ranks[b.document]
        }
        if indexRanks == nil { indexRanks = index.indexIDRanks() }
        return indexRanks![a.segment][a.document] < indexRanks![b.segment][b.document]
    }
}

/// A paragraph with its segment and document, for ordering ties.
struct RankedParagraph {
    let segment: Int
    let document: Int
    let paragraph: Int32
}
