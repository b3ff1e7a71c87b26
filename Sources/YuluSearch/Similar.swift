import Foundation
import YuluAnalysis
import YuluIndex
import YuluIngest

/// What `yulu similar` asks: the paragraphs most like one paragraph (of the index, or given as text).
public struct SimilarRequest: Sendable {
    public enum Source: Sendable, Equatable {
        case paragraph(doc: String, para: Int)
        case text(String)
    }

    public var source: Source
    public var limit = 10
    /// Hits below this similarity are left out.
    public var minimumSimilarity = 0.3

    public init(source: Source, limit: Int = 10, minimumSimilarity: Double = 0.3) {
        self.source = source
        self.limit = limit
        self.minimumSimilarity = minimumSimilarity
    }
}

/// A paragraph like the query paragraph, with what they share.
public struct SimilarHit: Sendable {
    public let doc: String
    public let para: Int
    /// Matched units ÷ the shorter paragraph's units, in [0, 1].
    public let similarity: Double
    public let text: String
    public let fields: Fields
    /// Shared passages: ([start, end) in `text`, [start, end) in the query paragraph), Unicode scalars.
    public let aligned: [(Range<Int>, Range<Int>)]
}

/// The answer to a `SimilarRequest`.
public struct SimilarResult: Sendable {
    /// Verified similar paragraphs (at or above the minimum similarity), whatever the limit.
    public let total: Int
    public let docs: Int
    public let tookMilliseconds: Double
    public let hits: [SimilarHit]
    /// How many candidates were aligned.
    public let candidates: Int

    /// DESIGN's result object; `score` is the similarity and `aligned` the shared passages.
    public func json() -> JSONValue {
        .object([
            ("ok", .bool(true)), ("total", .int(total)), ("docs", .int(docs)),
            ("took_ms", .double((tookMilliseconds * 1000).rounded() / 1000)),
            ("hits", .array(hits.map { hit in
                .object([
                    ("doc", .string(hit.doc)), ("para", .int(hit.para)), ("score", .double((hit.similarity * 1e6).rounded() / 1e6)),
                    ("text", .string(hit.text)),
                    ("highlights", .array(hit.aligned.map { .array([.int($0.0.lowerBound), .int($0.0.upperBound)]) })),
                    ("fields", JSONValue(hit.fields)),
                    ("aligned", .array(hit.aligned.map {
                        .array([.int($0.0.lowerBound), .int($0.0.upperBound), .int($0.1.lowerBound), .int($0.1.upperBound)])
                    })),
                ])
            })),
        ])
    }
}

extension Searcher {
    /// Paragraphs like the request's: candidates from LSH over the stored MinHash
    /// signatures and from BM25 over the paragraph's most distinctive words, each
    /// verified by local alignment; ranked by similarity, then document id and paragraph.
    /// The query paragraph itself is never a hit.
    public func similar(_ request: SimilarRequest) throws(SearchError) -> SimilarResult {
        let clock = ContinuousClock()
        let started = clock.now
        guard (1...SearchRequest.maximumLimit).contains(request.limit) else { throw .badRequest("limit must be between 1 and \(SearchRequest.maximumLimit)") }
        guard (0...1).contains(request.minimumSimilarity) else { throw .badRequest("the minimum similarity is between 0 and 1") }
        return try SearchError.mapping {
            let (text, itself) = try querySource(request.source)
            let analysis = analyzer.analyze(text)
            let query = AlignedText(text, analyzer: analyzer)
            guard !query.units.isEmpty else { throw SearchError.badRequest("the text has no letters, digits or Han characters") }
            var candidates = Set<ParagraphKey>()
            if let signature = MinHash.signature(unitHashes: query.units) {
                try signature.withUnsafeBytes { bytes in try addBandCandidates(bytes, to: &candidates) }
            }
            for (segment, paragraph) in try paragraphs(rankedFor: try distinctiveWords(analysis), count: 30) {
                candidates.insert(ParagraphKey(segment: segment, paragraph: paragraph))
            }
            if let itself { candidates.remove(itself) }
            let documents = DocumentCache(index: index)
            var verified: [(place: RankedParagraph, shared: SharedPassages, text: String)] = []
            // In index order, so that candidates sharing a store block inflate it once.
            for candidate in candidates.sorted(by: { ($0.segment, $0.paragraph) < ($1.segment, $1.paragraph) }) {
                let catalog = index.catalogs[candidate.segment]
                let text = try catalog.reader.paragraphText(Int(candidate.paragraph))
                let paragraph = AlignedText(text, analyzer: analyzer)
                guard paragraph.mayShare(max(request.minimumSimilarity, 1e-9), with: query) else { continue }
                let shared = SharedPassages(paragraph, query)
                guard shared.similarity >= request.minimumSimilarity && shared.similarity > 0 else { continue }
                let place = RankedParagraph(segment: candidate.segment, document: catalog.document(containing: candidate.paragraph),
                                            paragraph: candidate.paragraph)
                verified.append((place, shared, text))
            }
            verified.sort { a, b in
                if a.shared.similarity != b.shared.similarity { return a.shared.similarity > b.shared.similarity }
                return documents.ranksBefore(a.place, b.place)
            }
            var hits: [SimilarHit] = []
            var docs = Set<String>()
            for (rank, match) in verified.enumerated() {
                let document = try documents.document(match.place.segment, match.place.document)
                docs.insert(document.id)
                guard rank < request.limit else { continue }
                hits.append(SimilarHit(doc: document.id, para: Int(match.place.paragraph) - document.firstParagraph + 1,
                                       similarity: match.shared.similarity, text: match.text, fields: document.fields,
                                       aligned: match.shared.spans))
            }
            return SimilarResult(total: verified.count, docs: docs.count, tookMilliseconds: started.duration(to: clock.now).milliseconds,
                                 hits: hits, candidates: candidates.count)
        }
    }

    /// The query paragraph's text, and where it is when it is in the index.
    private func querySource(_ source: SimilarRequest.Source) throws -> (String, ParagraphKey?) {
        switch source {
        case .text(let text): return (text, nil)
        case .paragraph(let id, let para):
            guard let (segment, number) = try index.reader.find(id: id) else { throw SearchError.notFound("no document \(id) in the index") }
            let range = try index.catalogs[segment].reader.paragraphRange(ofDocument: number)
            guard para >= 1 && para <= range.count else {
                throw SearchError.notFound("document \(id) has paragraphs 1 to \(range.count), not \(para)")
            }
            let paragraph = range.lowerBound + para - 1
            return (try index.catalogs[segment].reader.paragraphText(paragraph), ParagraphKey(segment: segment, paragraph: Int32(paragraph)))
        }
    }

    /// Live paragraphs that share a band with the query's signature and agree with it enough.
    private func addBandCandidates(_ query: UnsafeRawBufferPointer, to candidates: inout Set<ParagraphKey>) throws {
        try index.requireSignatures()
        for (number, catalog) in index.catalogs.enumerated() {
            var found: [Int32] = []
            for paragraph in 0..<catalog.reader.paragraphCount {
                let signature = catalog.reader.signature(paragraph)!
                guard Banding.shareBand(signature, query), Banding.agreement(signature, query) >= Banding.minimumAgreement else { continue }
                found.append(Int32(paragraph))
            }
            for paragraph in ParagraphSets.subtracting(ranges: catalog.deleted, from: found) {
                candidates.insert(ParagraphKey(segment: number, paragraph: paragraph))
            }
        }
    }

    /// The paragraph's 12 words with the highest tf·idf (words of two or more characters,
    /// held by at most 2% of paragraphs or by at most 100).
    private func distinctiveWords(_ analysis: Analysis) throws -> [String] {
        var frequencies: [String: Int] = [:]
        for word in analysis.words {
            let text = analysis.string(of: word)
            if text.count >= 2 { frequencies[text, default: 0] += 1 }
        }
        let bm25 = index.bm25
        var weighted: [(String, Double)] = []
        for (word, frequency) in frequencies {
            let paragraphs = try index.documentFrequency(ofWord: word)
            // A word in more than 2% of paragraphs distinguishes little and costs a long
            // postings walk (a small index has no long walks: there, every word counts).
            guard paragraphs * 50 <= bm25.paragraphCount || paragraphs <= 100 else { continue }
            weighted.append((word, Double(frequency) * bm25.idf(documentFrequency: paragraphs)))
        }
        return weighted.sorted { ($1.1, $0.0) < ($0.1, $1.0) }.prefix(12).map(\.0)
    }
}

/// A paragraph of the index: its segment and its number there.
struct ParagraphKey: Hashable {
    let segment: Int
    let paragraph: Int32
}
