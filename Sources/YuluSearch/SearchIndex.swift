import Synchronization
import YuluIndex
import YuluIngest

/// What a search needs to know about one segment beyond its file: where each document's
/// paragraphs start, which paragraphs belong to deleted documents, and, once a filter or
/// facet asks, every document's fields. Shared by all threads.
final class SegmentCatalog: Sendable {
    let segment: LiveSegment
    /// Document n's paragraphs are `documentStarts[n]..<documentStarts[n + 1]`.
    let documentStarts: [Int32]
    /// Paragraph ranges of deleted documents, in order.
    let deleted: [Range<Int32>]
    /// Each document's rank when the segment's documents are sorted by id.
    let idRanks: [Int32]
    private let fieldsCache = Mutex<[Fields]?>(nil)

    var reader: SegmentReader { segment.reader }

    init(_ segment: LiveSegment) throws(FormatError) {
        self.segment = segment
        let reader = segment.reader
        var starts: [Int32] = []
        starts.reserveCapacity(reader.documentCount + 1)
        var deleted: [Range<Int32>] = []
        for number in 0..<reader.documentCount {
            let range = try reader.paragraphRange(ofDocument: number)
            starts.append(Int32(range.lowerBound))
            if !segment.isLive(number) {
                deleted.append(Int32(range.lowerBound)..<Int32(range.upperBound))
            }
        }
        starts.append(Int32(reader.paragraphCount))
        documentStarts = starts
        var ranks = [Int32](repeating: 0, count: reader.documentCount)
        for rank in 0..<reader.documentCount { ranks[try reader.documentInIDOrder(rank)] = Int32(rank) }
        idRanks = ranks
        self.deleted = deleted
    }

    /// The document holding paragraph `paragraph`, which is known to be document `from`
    /// or a later one: the last whose start is not after it, galloping from `from`.
    func document(containing paragraph: Int32, from: Int = 0) -> Int {
        ParagraphSets.lowerBound(of: paragraph + 1, in: documentStarts, from: from + 1) - 1
    }

    /// The fields of every document of the segment, decoded once.
    func fields() throws(FormatError) -> [Fields] {
        if let cached = fieldsCache.withLock({ $0 }) { return cached }
        var all: [Fields] = []
        all.reserveCapacity(reader.documentCount)
        for number in 0..<reader.documentCount { all.append(try reader.document(number).fields) }
        fieldsCache.withLock { $0 = all }
        return all
    }
}

/// An open index as search sees it: the reader and its segment catalogs, plus the
/// collection statistics BM25 needs. Immutable and shared between threads; each thread
/// searches it through its own `Searcher`.
public final class SearchIndex: Sendable {
    public let reader: IndexReader
    let catalogs: [SegmentCatalog]
    /// Live paragraphs in the index.
    public let paragraphCount: Int
    /// BM25's collection statistics: N and the average length over every stored paragraph,
    /// those of removed or replaced documents included until their segment is merged,
    /// because the dictionary's paragraph counts (n) include them too. Counting live
    /// paragraphs in N but stored ones in n would let n pass N, and idf turn negative.
    public let bm25: BM25
    /// The field names of all documents, gathered the first time a filter or facet needs them.
    private let fieldNameCache = Mutex<Set<String>?>(nil)
    /// Every document's rank in the whole index by id, per segment, computed the first time
    /// a tie between segments needs it.
    private let indexRankCache = Mutex<[[Int32]]?>(nil)

    public init(_ reader: IndexReader) throws(IndexError) {
        self.reader = reader
        do {
            catalogs = try reader.segments.map { segment throws(FormatError) in try SegmentCatalog(segment) }
            paragraphCount = try reader.segments.reduce(0) { (count, segment) throws(FormatError) in count + (try segment.liveParagraphs()) }
        } catch {
            throw IndexError("the index at \(reader.folder) is damaged: \(error)")
        }
        let stored = reader.segments.reduce(0) { $0 + $1.reader.paragraphCount }
        let words = reader.segments.reduce(0) { $0 + $1.reader.totalWords }
        bm25 = BM25(paragraphCount: stored, averageLength: stored == 0 ? 0 : Double(words) / Double(stored))
    }

    /// Opens the index in `folder` for searching.
    public static func open(folder: String) throws(IndexError) -> SearchIndex {
        try SearchIndex(IndexReader.open(folder: folder))
    }

    /// The dictionary entry of `word` in each segment (nil where it does not occur).
    func wordInfos(_ word: String) throws(FormatError) -> [TermInfo?] {
        let term = TermBytes.word(word)
        var infos: [TermInfo?] = []
        infos.reserveCapacity(catalogs.count)
        for catalog in catalogs { infos.append(try catalog.reader.termInfo(term)) }
        return infos
    }

    /// The number of paragraphs holding a word with these entries (BM25's n), deleted
    /// documents included until their segment is merged, as in Lucene.
    static func documentFrequency(_ infos: [TermInfo?]) -> Int { infos.reduce(0) { $0 + ($1?.paragraphCount ?? 0) } }

    /// The number of paragraphs holding `word` (see `documentFrequency(_:)`).
    func documentFrequency(ofWord word: String) throws(FormatError) -> Int { Self.documentFrequency(try wordInfos(word)) }

    /// Throws unless every segment holds similarity signatures (version 1 segments do not).
    func requireSignatures() throws(SearchError) {
        guard catalogs.allSatisfy({ $0.reader.signatures != nil }) else {
            throw .badRequest("this index was built before similarity signatures; run yulu optimize to rewrite it")
        }
    }

    /// `ranks[segment][document]`: the document's rank when all the index's documents are
    /// ordered by id (their UTF-8 bytes), then by segment. Merges the segments' own id
    /// orders, comparing each id's bytes where the segment maps them (an id that cannot be
    /// read counts as empty).
    func indexIDRanks() -> [[Int32]] {
        if let cached = indexRankCache.withLock({ $0 }) { return cached }
        var orders: [[Int]] = []
        for catalog in catalogs {
            var order = [Int](repeating: 0, count: catalog.idRanks.count)
            for (document, rank) in catalog.idRanks.enumerated() { order[Int(rank)] = document }
            orders.append(order)
        }
        func id(_ segment: Int, _ rank: Int) -> UnsafeRawBufferPointer {
            (try? catalogs[segment].reader.documentIDBytes(orders[segment][rank])) ?? UnsafeRawBufferPointer(start: nil, count: 0)
        }
        var ranks = catalogs.map { [Int32](repeating: 0, count: $0.idRanks.count) }
        var heads = [Int](repeating: 0, count: catalogs.count)
        var rank: Int32 = 0
        while true {
            var next: Int?
            for segment in catalogs.indices where heads[segment] < orders[segment].count {
                if let best = next, ByteOrder.compare(id(segment, heads[segment]), id(best, heads[best])) >= 0 { continue }
                next = segment
            }
            guard let segment = next else { break }
            ranks[segment][orders[segment][heads[segment]]] = rank
            rank += 1
            heads[segment] += 1
        }
        let computed = ranks
        indexRankCache.withLock { $0 = computed }
        return computed
    }

    /// Every field some document has, as columns: title, date and year first, then the
    /// records' own fields (province, …) in byte order, then what ingest notes (source,
    /// truncated, full_length, encoding, undecodable); each only when some document has it.
    /// Given `chosen` (names, comma-separated), those fields in that order instead, none
    /// for an empty list; a name no document has is an error.
    public func fieldColumns(chosen: String? = nil) throws(SearchError) -> [String] {
        let names: Set<String>
        do { names = try fieldNames() } catch { throw .index(error.description) }
        if let chosen {
            let columns = chosen.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for column in columns where !names.contains(column) {
                throw .badRequest(SearchError.noSuchField(column, known: names))
            }
            return columns
        }
        let leading = ["title", "date", "year"].filter(names.contains)
        let trailing = ["source", "truncated", "full_length", "encoding", "undecodable"].filter(names.contains)
        let own = names.subtracting(leading + trailing).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return leading + own + trailing
    }

    /// The names of every field some document has.
    func fieldNames() throws(FormatError) -> Set<String> {
        if let cached = fieldNameCache.withLock({ $0 }) { return cached }
        var names = Set<String>()
        for catalog in catalogs {
            for fields in try catalog.fields() { for (name, _) in fields { names.insert(name) } }
        }
        fieldNameCache.withLock { $0 = names }
        return names
    }
}
