import Foundation
import Synchronization
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

    public init(minimumSimilarity: Double = 0.5, minimumLength: Int = 20, threads: Int = 2) {
        self.minimumSimilarity = minimumSimilarity
        self.minimumLength = minimumLength
        self.threads = threads
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

/// One reused passage and every place it appears, earliest date first (undated places
/// last), then by document id and paragraph.
public struct ReuseCluster: Sendable {
    public let places: [(place: ParagraphPlace, date: String?)]
    /// The text at the first place.
    public let passage: String
}

/// The answer to a `ReuseRequest`.
public struct ReuseResult: Sendable {
    /// Largest first.
    public let clusters: [ReuseCluster]
    /// Every verified pair (the edges that joined the clusters).
    public let pairs: [ReusePair]
    /// Candidate pairs aligned.
    public let candidates: Int
    public let tookMilliseconds: Double

    /// DESIGN's `{"ok": true, "pairs": [...]}`, with the clusters beside them.
    public func json() -> JSONValue {
        func place(_ place: ParagraphPlace) -> JSONValue { .object([("doc", .string(place.doc)), ("para", .int(place.para))]) }
        return .object([
            ("ok", .bool(true)), ("took_ms", .double((tookMilliseconds * 1000).rounded() / 1000)),
            ("clusters", .array(clusters.map { cluster in
                .object([
                    ("size", .int(cluster.places.count)), ("passage", .string(cluster.passage)),
                    ("places", .array(cluster.places.map { entry in
                        .object([("doc", .string(entry.place.doc)), ("para", .int(entry.place.para))] + (entry.date.map { [("date", JSONValue.string($0))] } ?? []))
                    })),
                ])
            })),
            ("pairs", .array(pairs.map { pair in
                .object([
                    ("a", place(pair.a)), ("b", place(pair.b)), ("similarity", .double((pair.similarity * 1e6).rounded() / 1e6)),
                    ("aligned", .array(pair.aligned.map {
                        .array([.int($0.0.lowerBound), .int($0.0.upperBound), .int($0.1.lowerBound), .int($0.1.upperBound)])
                    })),
                ])
            })),
        ])
    }
}

/// Finds reused passages across the whole index: for each LSH band, paragraphs sorted
/// by their band key give buckets of candidates; a pair of different documents whose
/// signatures agree enough is aligned once unless the two are already in one cluster;
/// verified pairs join clusters (union–find). Candidates are aligned in
/// batches on `threads` threads, one analyser each. Memory holds the paragraphs' keys
/// for one band, the pairs aligned so far (as 8-byte keys), a bounded cache of analysed
/// paragraphs per thread, and the verified pairs.
public struct ReuseFinder {
    public let index: SearchIndex
    /// Pairs taken from one bucket: each member is compared with at most this many before it.
    static let bucketWidth = 256
    static let batchSize = 4096

    public init(index: SearchIndex) { self.index = index }

    /// Runs the search; `progress` gets (bands done, bands) on the way.
    public func find(_ request: ReuseRequest, progress: (Int, Int) -> Void = { _, _ in }) throws(SearchError) -> ReuseResult {
        let clock = ContinuousClock()
        let started = clock.now
        guard (0...1).contains(request.minimumSimilarity) else { throw .badRequest("the minimum similarity is between 0 and 1") }
        do {
            let paragraphs = try liveParagraphs()
            var clusters = UnionFind(count: paragraphs.count)
            let verifier = PairVerifier(index: index, paragraphs: paragraphs, request: request)
            var pairs: [(Int, Int, SharedPassages)] = []
            var candidates = 0
            var batch: [(Int, Int)] = []
            func flush() {
                for (pair, shared) in zip(batch, verifier.verify(batch)) {
                    if let shared {
                        clusters.union(pair.0, pair.1)
                        pairs.append((pair.0, pair.1, shared))
                    }
                }
                candidates += batch.count
                batch.removeAll(keepingCapacity: true)
            }
            var aligned = Set<UInt64>()
            for band in 0..<Banding.bands {
                var keyed = paragraphs.indices.map { UInt64(paragraphs[$0].key(band)) << 32 | UInt64($0) }
                keyed.sort()
                var start = 0
                while start < keyed.count {
                    var end = start + 1
                    while end < keyed.count && keyed[end] >> 32 == keyed[start] >> 32 { end += 1 }
                    for i in (start + 1)..<max(start + 1, end) {
                        let p = Int(keyed[i] & 0xFFFF_FFFF)
                        for j in max(start, i - Self.bucketWidth)..<i {
                            let q = Int(keyed[j] & 0xFFFF_FFFF)
                            guard paragraphs[p].document != paragraphs[q].document,
                                  Banding.agreement(paragraphs[p].signature, paragraphs[q].signature) >= Banding.minimumAgreement,
                                  clusters.find(p) != clusters.find(q),
                                  aligned.insert(UInt64(min(p, q)) << 32 | UInt64(max(p, q))).inserted else { continue }
                            batch.append((p, q))
                            if batch.count == Self.batchSize { flush() }
                        }
                    }
                    start = end
                }
                flush()
                progress(band + 1, Banding.bands)
            }
            let result = try collect(paragraphs: paragraphs, clusters: &clusters, pairs: pairs)
            let took = started.duration(to: clock.now)
            return ReuseResult(clusters: result.clusters, pairs: result.pairs, candidates: candidates,
                               tookMilliseconds: Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15)
        } catch let error as SearchError {
            throw error
        } catch {
            throw .index("\(error)")
        }
    }

    /// Every live paragraph with a signature, with its document and band keys' source.
    private func liveParagraphs() throws -> [IndexedParagraph] {
        var paragraphs: [IndexedParagraph] = []
        for (number, catalog) in index.catalogs.enumerated() {
            guard let signatures = catalog.reader.signatures else {
                throw SearchError.badRequest("this index was built before similarity signatures; rebuild it with yulu index")
            }
            for document in 0..<(catalog.documentStarts.count - 1) where catalog.segment.isLive(document) {
                for paragraph in catalog.documentStarts[document]..<catalog.documentStarts[document + 1] {
                    let signature = UnsafeRawBufferPointer(rebasing: signatures[(Int(paragraph) * MinHash.size)..<(Int(paragraph + 1) * MinHash.size)])
                    guard !Banding.isEmpty(signature) else { continue }
                    paragraphs.append(IndexedParagraph(segment: number, paragraph: paragraph, document: number << 32 | document,
                                                       signature: signature))
                }
            }
        }
        return paragraphs
    }

    private func collect(paragraphs: [IndexedParagraph], clusters: inout UnionFind, pairs: [(Int, Int, SharedPassages)])
        throws -> (clusters: [ReuseCluster], pairs: [ReusePair])
    {
        let documents = DocumentCache(index: index)
        func place(_ index: Int) throws -> (ParagraphPlace, String?) {
            let paragraph = paragraphs[index]
            let stored = try documents.document(paragraph.segment, paragraph.document & 0xFFFF_FFFF)
            let date = stored.fields["date"].map(\.description)
            return (ParagraphPlace(doc: stored.id, para: Int(paragraph.paragraph) - stored.firstParagraph + 1), date)
        }
        var members: [Int: [Int]] = [:]
        for (p, q, _) in pairs {
            for member in [p, q] { members[clusters.find(member), default: []].append(member) }
        }
        var result: [ReuseCluster] = []
        for group in members.values {
            var places: [(place: ParagraphPlace, date: String?)] = []
            for member in Set(group) { places.append(try place(member)) }
            places.sort { a, b in
                switch (a.date, b.date) {
                case let (x?, y?) where x != y: return x < y
                case (_?, nil): return true
                case (nil, _?): return false
                default: return (a.place.doc, a.place.para) < (b.place.doc, b.place.para)
                }
            }
            let first = places[0].place
            let stored = try index.reader.document(id: first.doc)
            result.append(ReuseCluster(places: places, passage: stored?.paragraphs[first.para - 1] ?? ""))
        }
        result.sort { ($0.places.count, $1.places[0].place.doc) > ($1.places.count, $0.places[0].place.doc) }
        var reusePairs: [ReusePair] = []
        for (p, q, shared) in pairs {
            reusePairs.append(ReusePair(a: try place(p).0, b: try place(q).0, similarity: shared.similarity, aligned: shared.spans))
        }
        return (result, reusePairs)
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

/// Aligns candidate pairs on several threads, each with its own analyser and a bounded
/// cache of analysed paragraphs.
final class PairVerifier: @unchecked Sendable {
    let index: SearchIndex
    let paragraphs: [IndexedParagraph]
    let request: ReuseRequest
    private let workers: [Worker]

    /// One thread's analyser and cache; used by that thread only.
    final class Worker {
        let analyzer: Analyzer
        var cache: [Int: AlignedText] = [:]
        init(_ index: SearchIndex) { analyzer = Analyzer(simplification: index.reader.simplification) }
    }

    init(index: SearchIndex, paragraphs: [IndexedParagraph], request: ReuseRequest) {
        self.index = index
        self.paragraphs = paragraphs
        self.request = request
        workers = (0..<max(1, request.threads)).map { _ in Worker(index) }
    }

    /// For each pair, what the two share when it is reuse (else nil).
    func verify(_ pairs: [(Int, Int)]) -> [SharedPassages?] {
        let results = Mutex([SharedPassages?](repeating: nil, count: pairs.count))
        DispatchQueue.concurrentPerform(iterations: workers.count) { slot in
            let worker = workers[slot]
            var local: [(Int, SharedPassages)] = []
            for index in stride(from: slot, to: pairs.count, by: workers.count) {
                let (p, q) = pairs[index]
                guard let a = text(p, worker), let b = text(q, worker),
                      a.units.count >= request.minimumLength, b.units.count >= request.minimumLength else { continue }
                let shared = SharedPassages(a, b)
                if shared.similarity >= request.minimumSimilarity { local.append((index, shared)) }
            }
            results.withLock { all in for (index, shared) in local { all[index] = shared } }
        }
        return results.withLock { $0 }
    }

    private func text(_ number: Int, _ worker: Worker) -> AlignedText? {
        if let cached = worker.cache[number] { return cached }
        let paragraph = paragraphs[number]
        guard let text = try? index.catalogs[paragraph.segment].reader.paragraphText(Int(paragraph.paragraph)) else { return nil }
        if worker.cache.count >= 50_000 { worker.cache.removeAll(keepingCapacity: true) }
        let aligned = AlignedText(text, analyzer: worker.analyzer)
        worker.cache[number] = aligned
        return aligned
    }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    private var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0..<count).map(Int32.init)
        size = Array(repeating: 1, count: count)
    }

    mutating func find(_ element: Int) -> Int {
        var current = element
        while Int(parent[current]) != current {
            parent[current] = parent[Int(parent[current])]
            current = Int(parent[current])
        }
        return current
    }

    mutating func union(_ a: Int, _ b: Int) {
        var (x, y) = (find(a), find(b))
        guard x != y else { return }
        if size[x] < size[y] { swap(&x, &y) }
        parent[y] = Int32(x)
        size[x] += size[y]
    }
}
