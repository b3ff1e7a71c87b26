import YuluAnalysis
import YuluIngest

/// Builds one segment in memory from documents: analyses their paragraphs, gives every
/// unit, bigram, break and word a term number, streams occurrences into a
/// `PostingsArena`, and compresses paragraph text into store blocks as it goes. A value
/// held by one indexing thread (with its own analyser), so the hot path pays no dynamic
/// exclusivity checks.
///
/// Bigram occurrences, the most numerous, are queued and written in batches grouped by
/// bigram (see `flushBigrams`): one table lookup per bigram per batch, and each bigram's
/// postings appended back to back, instead of a random memory access per occurrence.
/// Call `finish()` before the segment is written.
struct SegmentBuilder {
    /// A document as the segment holds it.
    struct StoredDocument {
        let id: String
        let fields: Fields
        let firstParagraph: Int
        let paragraphCount: Int
        /// Order in the indexing run (file, then record): the later of two equal ids wins.
        let sequence: Int
    }

    let analyzer: Analyzer
    private(set) var arena = PostingsArena()
    private(set) var documents: [StoredDocument] = []
    private(set) var wordCounts: [UInt32] = []
    /// Each paragraph's MinHash signature (`MinHash.size` bytes; zeros for one without units).
    private(set) var signatures: [UInt8] = []
    private(set) var store = ParagraphStoreWriter()

    /// Term number → kind, and the text of unit and word terms (bigrams are two units).
    private(set) var kinds: [TermKind] = []
    private(set) var texts: [String?] = []
    private(set) var bigramUnits: [UInt64] = []
    private var unitsBMP = [UInt32](repeating: .max, count: 0x10000)
    private var bigrams = TermTable(capacity: 1 << 18)
    private var packedWords = TermTable(capacity: 1 << 15)
    /// Units and words looked up by text (letter and digit runs, long words), keyed by
    /// the kind byte followed by the text.
    private var textTerms: [String: UInt32] = [:]

    /// Unit ordinals (0, 1, 2, … in order of first sight) → unit term numbers, and back.
    private var unitTermOfOrdinal: [UInt32] = []
    private var ordinalOfTerm: [UInt32] = []
    /// Queued bigram occurrences: (first unit ordinal, second unit ordinal, queue index)
    /// packed high to low in 64 bits, and per queue index (paragraph << 32 | position).
    private var pendingBigrams: [UInt64] = []
    private var pendingPlaces: [UInt64] = []
    private var sortScratch: [UInt64] = []
    /// While flushing: the term of each distinct queued bigram, in queue order.
    private var groupTerms: [UInt32] = []
    /// While adding a paragraph: its words' terms, in order.
    private var paragraphWordTerms: [UInt32] = []
    /// The queue holds 2^queueBits occurrences; ordinals take the 64 − queueBits bits left, half each.
    private let queueBits: Int
    private let ordinalBits: Int

    init(analyzer: Analyzer, bigramQueueBits: Int = 18) {
        self.analyzer = analyzer
        queueBits = bigramQueueBits
        ordinalBits = (64 - bigramQueueBits) / 2
    }

    var paragraphCount: Int { wordCounts.count }

    /// Rough bytes held, to decide when to write the segment out.
    var memoryUse: Int { arena.memoryUse + store.memoryUse + kinds.count * 52 + pendingBigrams.capacity * 28 + signatures.count }

    mutating func add(_ document: Document, sequence: Int) {
        let first = paragraphCount
        for text in document.paragraphs {
            addParagraph(text, number: Int32(paragraphCount))
        }
        documents.append(StoredDocument(id: document.id, fields: document.fields, firstParagraph: first,
                                        paragraphCount: document.paragraphs.count, sequence: sequence))
    }

    private mutating func addParagraph(_ text: String, number: Int32) {
        store.add(text)
        let analysis = analyzer.analyze(text)
        let tokens = analysis.tokens
        var previousUnit: UInt32?
        for (position, token) in tokens.enumerated() {
            let at = UInt32(position)
            guard token.kind == .unit else {
                previousUnit = nil
                continue
            }
            let unit = unitTerm(token, in: analysis)
            if let previous = previousUnit {
                queueBigram(previous, unit, paragraph: number, position: at - 1)
            }
            if position + 1 == tokens.count || tokens[position + 1].kind != .unit {
                arena.addPositional(unit, paragraph: number, position: at)
            }
            previousUnit = unit
        }
        // The paragraph's word terms first (independent lookups, whose cache misses the
        // processor overlaps), then their occurrences.
        paragraphWordTerms.removeAll(keepingCapacity: true)
        for word in analysis.words { paragraphWordTerms.append(wordTerm(word, in: analysis)) }
        for term in paragraphWordTerms { arena.addOccurrence(term, paragraph: number) }
        wordCounts.append(UInt32(analysis.words.count))
        if let signature = MinHash.signature(analysis) {
            signatures.append(contentsOf: signature)
        } else {
            signatures.append(contentsOf: repeatElement(0, count: MinHash.size))
        }
    }

    private mutating func newTerm(_ kind: TermKind, text: String?, units: UInt64 = 0) -> UInt32 {
        let term = arena.addTerm()
        kinds.append(kind)
        texts.append(text)
        bigramUnits.append(units)
        if kind == .unit {
            ordinalOfTerm.append(UInt32(unitTermOfOrdinal.count))
            unitTermOfOrdinal.append(term)
        } else {
            ordinalOfTerm.append(.max)
        }
        return term
    }

    /// Queues a bigram occurrence; a full queue is flushed. Bigrams of units past the
    /// packable ordinals (millions of distinct letter or digit runs) are written at once;
    /// a given bigram always takes the same way, so its postings stay in order.
    @inline(__always)
    private mutating func queueBigram(_ first: UInt32, _ second: UInt32, paragraph: Int32, position: UInt32) {
        let (a, b) = (UInt64(ordinalOfTerm[Int(first)]), UInt64(ordinalOfTerm[Int(second)]))
        guard a < 1 << ordinalBits, b < 1 << ordinalBits else {
            arena.addPositional(bigramTerm(first, second), paragraph: paragraph, position: position)
            return
        }
        if pendingBigrams.count == 1 << queueBits { flushBigrams() }
        pendingBigrams.append(a << UInt64(ordinalBits + queueBits) | b << UInt64(queueBits) | UInt64(pendingBigrams.count))
        pendingPlaces.append(UInt64(UInt32(bitPattern: paragraph)) << 32 | UInt64(position))
    }

    /// Writes the queued bigram occurrences, grouped by bigram. The queue index sits in the
    /// low bits and the sort is stable, so each bigram's occurrences keep their order.
    private mutating func flushBigrams() {
        guard !pendingBigrams.isEmpty else { return }
        RadixSort.sort(&pendingBigrams, fromBit: queueBits, scratch: &sortScratch)
        let queueMask = UInt64(1 << queueBits - 1)
        let ordinalMask = UInt64(1 << ordinalBits - 1)
        // First every distinct bigram's term (independent lookups, whose cache misses the
        // processor overlaps), then each bigram's occurrences.
        groupTerms.removeAll(keepingCapacity: true)
        var previous = UInt64.max
        for entry in pendingBigrams {
            let key = entry >> UInt64(queueBits)
            guard key != previous else { continue }
            previous = key
            groupTerms.append(bigramTerm(unitTermOfOrdinal[Int(key >> UInt64(ordinalBits))],
                                         unitTermOfOrdinal[Int(key & ordinalMask)]))
        }
        // The places in sorted order, gathered in a loop of independent loads alone (the
        // scratch is free once sorted).
        for (index, entry) in pendingBigrams.enumerated() { sortScratch[index] = pendingPlaces[Int(entry & queueMask)] }
        var index = 0
        for term in groupTerms {
            let key = pendingBigrams[index] >> UInt64(queueBits)
            repeat {
                let place = sortScratch[index]
                arena.addPositional(term, paragraph: Int32(bitPattern: UInt32(place >> 32)),
                                    position: UInt32(truncatingIfNeeded: place))
                index += 1
            } while index < pendingBigrams.count && pendingBigrams[index] >> UInt64(queueBits) == key
        }
        pendingBigrams.removeAll(keepingCapacity: true)
        pendingPlaces.removeAll(keepingCapacity: true)
    }

    /// Writes what is still queued; call before the segment is written.
    mutating func finish() {
        flushBigrams()
    }

    @inline(__always)
    private mutating func unitTerm(_ token: Token, in analysis: Analysis) -> UInt32 {
        let range = token.normalized
        if range.count == 1 {
            let codeUnit = analysis.normalized[Int(range.lowerBound)]
            if !UTF16.isLeadSurrogate(codeUnit) && !UTF16.isTrailSurrogate(codeUnit) {
                let known = unitsBMP[Int(codeUnit)]
                if known != .max { return known }
                let term = newTerm(.unit, text: analysis.string(range))
                unitsBMP[Int(codeUnit)] = term
                return term
            }
        }
        return textTerm(.unit, analysis.string(range))
    }

    @inline(__always)
    private mutating func bigramTerm(_ first: UInt32, _ second: UInt32) -> UInt32 {
        let key = UInt64(first) << 32 | UInt64(second)
        if let known = bigrams.find(key) { return known }
        let term = newTerm(.bigram, text: nil, units: key)
        bigrams.insert(key, term)
        return term
    }

    @inline(__always)
    private mutating func wordTerm(_ word: Word, in analysis: Analysis) -> UInt32 {
        let range = word.normalized
        if range.count <= 4 {
            var key: UInt64 = 0
            var packable = true
            for index in Int(range.lowerBound)..<Int(range.upperBound) {
                let codeUnit = analysis.normalized[index]
                packable = packable && codeUnit != 0
                key = key << 16 | UInt64(codeUnit)
            }
            if packable {
                if let known = packedWords.find(key) { return known }
                let term = newTerm(.word, text: analysis.string(range))
                packedWords.insert(key, term)
                return term
            }
        }
        return textTerm(.word, analysis.string(range))
    }

    /// The number of a unit or word term found by its text, made on first sight.
    private mutating func textTerm(_ kind: TermKind, _ text: String) -> UInt32 {
        let key = String(Unicode.Scalar(kind.rawValue)) + text
        if let known = textTerms[key] { return known }
        let term = newTerm(kind, text: text)
        textTerms[key] = term
        return term
    }

    /// Replaces `bytes` with the term's bytes as the dictionary holds them.
    func termBytes(_ term: UInt32, into bytes: inout [UInt8]) {
        let index = Int(term)
        bytes.removeAll(keepingCapacity: true)
        bytes.append(kinds[index].rawValue)
        switch kinds[index] {
        case .bigram:
            let units = bigramUnits[index]
            bytes.append(contentsOf: texts[Int(units >> 32)]!.utf8)
            bytes.append(0)
            bytes.append(contentsOf: texts[Int(units & 0xFFFF_FFFF)]!.utf8)
        case .breakMark:
            break
        case .unit, .word:
            bytes.append(contentsOf: texts[index]!.utf8)
        }
    }

    /// Every term number in dictionary order: by kind, then text bytes. Bigrams are sorted
    /// by the ranks of their two units, which equals their byte order because the 0x00
    /// between the units sorts before any other byte.
    func termsInOrder() -> [UInt32] {
        let all = kinds.indices.map { UInt32($0) }
        let units = all.filter { kinds[Int($0)] == .unit }.map { ($0, Array(texts[Int($0)]!.utf8)) }
            .sorted { $0.1.lexicographicallyPrecedes($1.1) }.map(\.0)
        var unitRank = [UInt32](repeating: 0, count: kinds.count)
        for (rank, unit) in units.enumerated() { unitRank[Int(unit)] = UInt32(rank) }
        let bigramOrder = all.filter { kinds[Int($0)] == .bigram }.map { term -> (UInt64, UInt32) in
            let units = bigramUnits[Int(term)]
            return (UInt64(unitRank[Int(units >> 32)]) << 32 | UInt64(unitRank[Int(units & 0xFFFF_FFFF)]), term)
        }.sorted { $0.0 < $1.0 }.map(\.1)
        let words = all.filter { kinds[Int($0)] == .word }.map { ($0, Array(texts[Int($0)]!.utf8)) }
            .sorted { $0.1.lexicographicallyPrecedes($1.1) }.map(\.0)
        return bigramOrder + units + words
    }
}
