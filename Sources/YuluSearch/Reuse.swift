import Foundation
import YuluAnalysis
import YuluIndex
import YuluIngest

/// What `yulu reuse` asks.
public struct ReuseRequest: Sendable {
    /// Pairs below this similarity are not reuse.
    public var minimumSimilarity = 0.5
    /// Paragraphs with fewer units are left out (headings, short formulae).
    public var minimumLength = 20
    public var threads = 2
    /// A search query: only the paragraphs it matches take part (nil: every paragraph).
    public var within: String?

    public init(minimumSimilarity: Double = 0.5, minimumLength: Int = 20, threads: Int = 2, within: String? = nil) {
        self.minimumSimilarity = minimumSimilarity
        self.minimumLength = minimumLength
        self.threads = threads
        self.within = within
    }
}

/// A paragraph of a document.
public struct ParagraphPlace: Sendable, Hashable {
    public let doc: String
    public let para: Int

    public init(doc: String, para: Int) {
        self.doc = doc
        self.para = para
    }
}

/// Two paragraphs of different documents that share text.
public struct ReusePair: Sendable {
    public let a: ParagraphPlace
    public let b: ParagraphPlace
    public let similarity: Double
    /// ([start, end) in a's text, [start, end) in b's), Unicode scalars.
    public let aligned: [(Range<Int>, Range<Int>)]
}

/// One reused passage and every place it appears — paragraphs linked by pairs whose
/// alignment covers at least the minimum similarity of both — earliest date first
/// (undated places last), then by document id and paragraph.
public struct ReuseCluster: Sendable {
    /// Each place with its document's date and the paragraph's text there (the same
    /// passage, as each document words it).
    public let places: [(place: ParagraphPlace, date: String?, text: String)]
    /// The text at the first place.
    public var passage: String { places[0].text }
}

/// The answer to a `ReuseRequest` (its pairs went to the caller one by one).
public struct ReuseResult: Sendable {
    /// Largest first.
    public let clusters: [ReuseCluster]
    /// Verified pairs reported.
    public let pairCount: Int
    /// Candidate pairs aligned.
    public let candidates: Int
    public let tookMilliseconds: Double

    /// The clusters as JSON (the `clusters` member of `yulu reuse --json`).
    public func clustersJSON() -> JSONValue {
        .array(clusters.map { cluster in
            .object([
                ("size", .int(cluster.places.count)), ("passage", .string(cluster.passage)),
                ("places", .array(cluster.places.map { entry in
                    .object([("doc", .string(entry.place.doc)), ("para", .int(entry.place.para))] + (entry.date.map { [("date", JSONValue.string($0))] } ?? []))
                })),
            ])
        })
    }
}

extension ReusePair {
    /// One element of `pairs` in DESIGN's reuse object.
    public func json() -> JSONValue {
        func place(_ place: ParagraphPlace) -> JSONValue { .object([("doc", .string(place.doc)), ("para", .int(place.para))]) }
        return .object([
            ("a", place(a)), ("b", place(b)), ("similarity", .double((similarity * 1e6).rounded() / 1e6)),
            ("aligned", .array(aligned.map { .array([.int($0.0.lowerBound), .int($0.0.upperBound), .int($0.1.lowerBound), .int($0.1.upperBound)]) })),
        ])
    }
}

/// Finds reused passages across the whole index: for each LSH band, paragraphs sorted
/// by their band key give buckets of candidates; a pair of different documents whose
/// signatures agree enough is aligned once unless the two are already in one cluster;
/// verified pairs are reported, and those that cover most of both paragraphs join their
/// clusters (union–find), so a cluster is one passage, not a chain of overlaps. Candidates are aligned in
/// batches on `threads` threads, one analyser each. Memory holds the paragraphs' keys
/// for one band, the pairs aligned so far (as 8-byte keys), a bounded cache of analysed
/// paragraphs per thread, and the verified pairs.
public struct ReuseFinder {
    public let index: SearchIndex
    /// Pairs taken from one bucket: each member is compared with at most this many before it.
    static let bucketWidth = 256
    static let batchSize = 4096
    /// Alignments one paragraph takes part in outside its cluster, at most: a standard
    /// sentence inside thousands of paragraphs is reported with the first of them, and
    /// the work stays linear in the paragraphs.
    static let attemptsPerParagraph: UInt8 = 16

    public init(index: SearchIndex) { self.index = index }

    /// Runs the search, handing each verified pair to `pair` as it is found (so memory
    /// does not grow with the pairs); `progress` gets (bands done, bands) on the way.
    public func find(_ request: ReuseRequest, pair report: (ReusePair) throws -> Void,
                     progress: (Int, Int) -> Void = { _, _ in }) throws(SearchError) -> ReuseResult {
        let clock = ContinuousClock()
        let started = clock.now
        guard (0...1).contains(request.minimumSimilarity) else { throw .badRequest("the minimum similarity is between 0 and 1") }
        let allowed = try request.within.map { query throws(SearchError) in try Searcher(index: index).paragraphs(matching: query) }
        return try SearchError.mapping {
            // Candidates come in no order a small cache would serve: keep every store block
            // once inflated (the raw text of the index, about its input size).
            for catalog in index.catalogs { catalog.reader.cacheStoreBlocks(upTo: catalog.reader.storeBlocks) }
            let paragraphs = try liveParagraphs(within: allowed)
            var clusters = UnionFind(count: paragraphs.count)
            let places = PlaceNames(index: index, paragraphs: paragraphs)
            var reported = 0
            func emit(_ p: Int, _ q: Int, _ shared: SharedPassages) throws {
                try report(ReusePair(a: try places.place(p), b: try places.place(q), similarity: shared.similarity, aligned: shared.spans))
                reported += 1
            }
            let verifier = PairVerifier(index: index, paragraphs: paragraphs, request: request)
            let representatives = try linkExactDuplicates(paragraphs, verifier: verifier, clusters: &clusters, emit: emit)
            var candidates = 0
            var batch: [(Int, Int)] = []
            func flush() throws {
                for (pair, shared) in zip(batch, verifier.verify(batch)) {
                    guard let shared else { continue }
                    // Only a pair that covers most of both paragraphs joins their clusters: a
                    // short paragraph inside many long ones must not chain them into one.
                    if shared.longerCoverage >= request.minimumSimilarity { clusters.union(pair.0, pair.1) }
                    try emit(pair.0, pair.1, shared)
                }
                candidates += batch.count
                batch.removeAll(keepingCapacity: true)
            }
            var aligned = Set<UInt64>()
            var attempts = [UInt8](repeating: 0, count: paragraphs.count)
            for band in 0..<Banding.bands {
                var keyed = representatives.map { UInt64(paragraphs[$0].key(band)) << 32 | UInt64($0) }
                keyed.sort()
                var start = 0
                while start < keyed.count {
                    var end = start + 1
                    while end < keyed.count && keyed[end] >> 32 == keyed[start] >> 32 { end += 1 }
                    for i in (start + 1)..<max(start + 1, end) {
                        let p = Int(keyed[i] & 0xFFFF_FFFF)
                        for j in max(start, i - Self.bucketWidth)..<i {
                            let q = Int(keyed[j] & 0xFFFF_FFFF)
                            guard attempts[p] < Self.attemptsPerParagraph, attempts[q] < Self.attemptsPerParagraph,
                                  paragraphs[p].document != paragraphs[q].document, clusters.find(p) != clusters.find(q),
                                  Banding.agreement(paragraphs[p].signature, paragraphs[q].signature) >= Banding.minimumAgreement,
                                  aligned.insert(UInt64(min(p, q)) << 32 | UInt64(max(p, q))).inserted else { continue }
                            attempts[p] += 1
                            attempts[q] += 1
                            batch.append((p, q))
                            if batch.count == Self.batchSize { try flush() }
                        }
                    }
                    start = end
                }
                try flush()
                progress(band + 1, Banding.bands)
            }
            let result = try collect(paragraphs: paragraphs, clusters: &clusters, places: places)
            return ReuseResult(clusters: result, pairCount: reported, candidates: candidates,
                               tookMilliseconds: started.duration(to: clock.now).milliseconds)
        }
    }

    /// Links paragraphs with the same stored text (found among those with equal
    /// signatures) without alignment, reporting each duplicate against the first of its
    /// text, and returns the rest: one paragraph per text, the only ones banding sees.
    private func linkExactDuplicates(_ paragraphs: [IndexedParagraph], verifier: PairVerifier, clusters: inout UnionFind,
                                     emit: (Int, Int, SharedPassages) throws -> Void) throws -> [Int] {
        let order = paragraphs.indices.sorted { a, b in
            let order = memcmp(paragraphs[a].signature.baseAddress!, paragraphs[b].signature.baseAddress!, MinHash.size)
            return order != 0 ? order < 0 : a < b
        }
        var representative = [Bool](repeating: true, count: paragraphs.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && paragraphs[order[end]].signature.elementsEqual(paragraphs[order[start]].signature) { end += 1 }
            if end - start > 1 {
                var firstOfText: [String: Int] = [:]
                for member in order[start..<end] {
                    let segment = paragraphs[member]
                    let text = try index.catalogs[segment.segment].reader.paragraphText(Int(segment.paragraph))
                    guard let first = firstOfText[text] else {
                        firstOfText[text] = member
                        continue
                    }
                    representative[member] = false
                    // Too short to count (a heading, a formula): neither linked nor reported.
                    guard let shared = verifier.identical(first, member) else { continue }
                    clusters.union(first, member)
                    if paragraphs[first].document != paragraphs[member].document { try emit(first, member, shared) }
                }
            }
            start = end
        }
        return paragraphs.indices.filter { representative[$0] }
    }

    /// Every live paragraph with a signature (among `allowed`, per segment and rising, when
    /// given), with its document and band keys' source, in document id order, then
    /// paragraph order: which pairs are aligned depends on this order (buckets are read
    /// in it, and each paragraph's attempts are capped), so it follows the documents, not
    /// how indexing happened to spread them over segments.
    private func liveParagraphs(within allowed: [[Int32]]?) throws -> [IndexedParagraph] {
        try index.requireSignatures()
        let ranks = index.indexIDRanks()
        var documents: [(rank: Int32, segment: Int, document: Int)] = []
        for (number, catalog) in index.catalogs.enumerated() {
            for document in 0..<(catalog.documentStarts.count - 1) where catalog.segment.isLive(document) {
                documents.append((ranks[number][document], number, document))
            }
        }
        documents.sort { $0.rank < $1.rank }
        var paragraphs: [IndexedParagraph] = []
        for (_, number, document) in documents {
            let catalog = index.catalogs[number]
            for paragraph in catalog.documentStarts[document]..<catalog.documentStarts[document + 1] {
                if let allowed {
                    let place = ParagraphSets.lowerBound(of: paragraph, in: allowed[number], from: 0)
                    guard place < allowed[number].count, allowed[number][place] == paragraph else { continue }
                }
                let signature = catalog.reader.signature(Int(paragraph))!
                guard !Banding.isEmpty(signature) else { continue }
                paragraphs.append(IndexedParagraph(segment: number, paragraph: paragraph, document: number << 32 | document,
                                                   signature: signature))
            }
        }
        return paragraphs
    }

    /// The clusters of two or more places, largest first, then by their first place.
    private func collect(paragraphs: [IndexedParagraph], clusters: inout UnionFind, places: PlaceNames) throws -> [ReuseCluster] {
        var members: [Int: [Int]] = [:]
        for member in paragraphs.indices where clusters.size(of: member) > 1 { members[clusters.find(member), default: []].append(member) }
        var result: [ReuseCluster] = []
        for group in members.values {
            var entries: [(place: ParagraphPlace, date: String?, member: Int)] = []
            for member in group { entries.append((try places.place(member), try places.date(member), member)) }
            entries.sort { a, b in
                switch (a.date, b.date) {
                case let (x?, y?) where x != y: return x < y
                case (_?, nil): return true
                case (nil, _?): return false
                default: return (a.place.doc, a.place.para) < (b.place.doc, b.place.para)
                }
            }
            result.append(ReuseCluster(places: try entries.map { entry in
                let paragraph = paragraphs[entry.member]
                return (entry.place, entry.date, try index.catalogs[paragraph.segment].reader.paragraphText(Int(paragraph.paragraph)))
            }))
        }
        // A place is in one cluster only, so no two clusters tie on all three.
        result.sort { a, b in
            (a.places.count, b.places[0].place.doc, b.places[0].place.para) > (b.places.count, a.places[0].place.doc, a.places[0].place.para)
        }
        return result
    }
}

/// Names paragraphs by document id and number, decoding each document once.
final class PlaceNames {
    let index: SearchIndex
    let paragraphs: [IndexedParagraph]
    private let documents: DocumentCache

    init(index: SearchIndex, paragraphs: [IndexedParagraph]) {
        self.index = index
        self.paragraphs = paragraphs
        documents = DocumentCache(index: index)
    }

    func place(_ member: Int) throws -> ParagraphPlace {
        let paragraph = paragraphs[member]
        let stored = try documents.document(paragraph.segment, paragraph.document & 0xFFFF_FFFF)
        return ParagraphPlace(doc: stored.id, para: Int(paragraph.paragraph) - stored.firstParagraph + 1)
    }

    func date(_ member: Int) throws -> String? {
        let paragraph = paragraphs[member]
        return try documents.document(paragraph.segment, paragraph.document & 0xFFFF_FFFF).fields["date"].map(\.description)
    }
}

/// A live paragraph as reuse sees it.
struct IndexedParagraph {
    let segment: Int
    let paragraph: Int32
    /// segment << 32 | document number.
    let document: Int
    let signature: UnsafeRawBufferPointer

    func key(_ band: Int) -> UInt16 { Banding.key(signature, band) }
}
