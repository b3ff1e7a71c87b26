import YuluAnalysis
import YuluIngest

/// A document as a segment stores it.
public struct StoredDocument: Sendable, Equatable {
    public let id: String
    public let fields: Fields
    /// Its first paragraph's number within the segment.
    public let firstParagraph: Int
    public let paragraphCount: Int
}

/// Reads one memory-mapped segment file. Opening checks the header and the footer's
/// checksum only; sections are read when asked for, and `verify()` checks everything.
/// Safe to share between threads: the mapping is read-only and the store's cache is locked.
public final class SegmentReader: @unchecked Sendable {
    public let name: String
    let file: MappedFile
    /// The segment format version it was written in.
    let formatVersion: UInt32
    private let sections: [SegmentFormat.Section: SegmentFormat.SectionEntry]
    public let documentCount: Int
    public let paragraphCount: Int
    /// The total length in words of all paragraphs (for BM25's average length).
    public let totalWords: Int
    let terms: TermDictionaryReader
    private let store: ParagraphStoreReader
    /// The sections read on every query, located once.
    private let documentsSection: UnsafeRawBufferPointer
    private let wordCountsSection: UnsafeRawBufferPointer
    private let postingsSection: UnsafeRawBufferPointer
    /// Every paragraph's MinHash signature, `MinHash.size` bytes each (nil in a version 1 segment).
    public let signatures: UnsafeRawBufferPointer?
    /// Where, in the documents section, the records start and the id order starts.
    private let recordsStart: Int
    private let idOrderStart: Int

    public init(path: String, name: String) throws(IndexError) {
        self.name = name
        file = try MappedFile(path: path)
        do {
            (formatVersion, sections) = try SegmentFormat.sections(of: file.bytes)
            var header = ByteReader(Self.bytes(file, sections[.documents]!))
            documentCount = Int(try header.readUInt32())
            paragraphCount = Int(try header.readUInt32())
            totalWords = Int(try header.readUInt64())
            recordsStart = 16 + (documentCount + 1) * 4
            var recordsEnd = ByteReader(Self.bytes(file, sections[.documents]!), offset: 16 + documentCount * 4)
            idOrderStart = recordsStart + Int(try recordsEnd.readUInt32())
            guard idOrderStart + documentCount * 4 <= sections[.documents]!.length else {
                throw FormatError("the document table runs past its section")
            }
            terms = try TermDictionaryReader(section: Self.bytes(file, sections[.terms]!), version: formatVersion)
            store = try ParagraphStoreReader(section: Self.bytes(file, sections[.store]!), version: formatVersion)
            guard sections[.wordCounts]!.length == paragraphCount * 2 else { throw FormatError("word counts do not match the paragraphs") }
            documentsSection = Self.bytes(file, sections[.documents]!)
            wordCountsSection = Self.bytes(file, sections[.wordCounts]!)
            postingsSection = Self.bytes(file, sections[.postings]!)
            let mapped = file
            let signatureBytes = sections[.signatures].map { Self.bytes(mapped, $0) }
            signatures = signatureBytes
            guard signatureBytes == nil || signatureBytes!.count == sections[.wordCounts]!.length / 2 * MinHash.size else {
                throw FormatError("signatures do not match the paragraphs")
            }
        } catch {
            throw IndexError("segment \(name) is damaged: \(error)")
        }
    }

    private static func bytes(_ file: MappedFile, _ entry: SegmentFormat.SectionEntry) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[entry.offset..<(entry.offset + entry.length)])
    }

    /// A reader at the start of document `number`'s record (its id comes first).
    private func record(_ number: Int) throws(FormatError) -> ByteReader {
        guard number >= 0 && number < documentCount else { throw FormatError("document \(number) out of range") }
        let bytes = documentsSection
        var table = ByteReader(bytes, offset: 16 + number * 4)
        return ByteReader(bytes, offset: recordsStart + Int(try table.readUInt32()))
    }

    /// Document `number` (0-based within the segment).
    public func document(_ number: Int) throws(FormatError) -> StoredDocument {
        var reader = try record(number)
        let id = try reader.readString()
        let first = Int(try reader.readVarint())
        let count = Int(try reader.readVarint())
        let fields = try FieldCoding.read(from: &reader)
        return StoredDocument(id: id, fields: fields, firstParagraph: first, paragraphCount: count)
    }

    /// The id of document `number`, without decoding its fields.
    public func documentID(_ number: Int) throws(FormatError) -> String {
        var reader = try record(number)
        return try reader.readString()
    }

    /// The UTF-8 bytes of document `number`'s id as the segment holds them (unchecked), to
    /// order ids without making strings of them.
    public func documentIDBytes(_ number: Int) throws(FormatError) -> UnsafeRawBufferPointer {
        var reader = try record(number)
        return try reader.readBytes(Int(try reader.readVarint()))
    }

    /// The paragraphs (numbered within the segment) of document `number`, without decoding its fields.
    public func paragraphRange(ofDocument number: Int) throws(FormatError) -> Range<Int> {
        var reader = try record(number)
        let idLength = Int(try reader.readVarint())
        reader.offset += idLength
        let first = Int(try reader.readVarint())
        let count = Int(try reader.readVarint())
        guard first >= 0, count >= 0, first + count <= paragraphCount else {
            throw FormatError("document \(number) claims paragraphs past the segment's")
        }
        return first..<(first + count)
    }

    /// The paragraph texts of a document of this segment, in order.
    public func paragraphs(of document: StoredDocument) throws(FormatError) -> [String] {
        var texts: [String] = []
        texts.reserveCapacity(document.paragraphCount)
        for offset in 0..<document.paragraphCount {
            texts.append(try paragraphText(document.firstParagraph + offset))
        }
        return texts
    }

    /// The numbers of the documents with `id` in this segment (binary search of the
    /// id-ordered table). A run that meets an id twice keeps both and deletes the
    /// earlier, so there may be several, of which at most one is live.
    public func documentNumbers(id: String) throws(FormatError) -> [Int] {
        let target = Array(id.utf8)
        var low = 0, high = documentCount
        while low < high {
            let middle = (low + high) / 2
            if try documentID(try documentInIDOrder(middle)).utf8.lexicographicallyPrecedes(target) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        var numbers: [Int] = []
        while low < documentCount {
            let number = try documentInIDOrder(low)
            guard try documentID(number) == id else { break }
            numbers.append(number)
            low += 1
        }
        return numbers
    }

    /// The document at `rank` in id order.
    public func documentInIDOrder(_ rank: Int) throws(FormatError) -> Int {
        var order = ByteReader(documentsSection, offset: idOrderStart + rank * 4)
        let number = Int(try order.readUInt32())
        guard number < documentCount else { throw FormatError("id order names document \(number) of \(documentCount)") }
        return number
    }

    /// The text of paragraph `number` (0-based within the segment).
    public func paragraphText(_ number: Int) throws(FormatError) -> String {
        try store.text(of: number)
    }

    /// The texts of paragraphs `numbers` (in any order), in that order: each store block
    /// they need inflated once.
    public func paragraphTexts(_ numbers: [Int]) throws(FormatError) -> [String] {
        try store.texts(of: numbers)
    }

    /// Paragraph `number`'s MinHash signature (nil in a version 1 segment). Inlinable:
    /// `similar` calls it for every paragraph of the index.
    @inlinable
    public func signature(_ number: Int) -> UnsafeRawBufferPointer? {
        signatures.map { UnsafeRawBufferPointer(rebasing: $0[(number * MinHash.size)..<((number + 1) * MinHash.size)]) }
    }

    /// The bytes of each section, by the name `yulu stats` gives it, in section order.
    public var sectionBytes: [(part: String, bytes: Int)] {
        sections.values.sorted { $0.section.rawValue < $1.section.rawValue }.map { ($0.section.partName, $0.length) }
    }

    /// Keeps up to `blocks` paragraph-store blocks inflated in memory (16 by default).
    public func cacheStoreBlocks(upTo blocks: Int) { store.cacheBlocks(upTo: blocks) }

    /// The number of paragraph-store blocks.
    public var storeBlocks: Int { store.blocks }

    /// The length in words of paragraph `number`.
    public func wordCount(_ number: Int) -> Int {
        guard number >= 0 && number < paragraphCount else { return 0 }
        return Int(wordCountsSection.loadUnaligned(fromByteOffset: number * 2, as: UInt16.self).littleEndian)
    }

    /// The dictionary entry of a term.
    public func termInfo(_ term: [UInt8]) throws(FormatError) -> TermInfo? {
        try terms.lookup(term)
    }

    /// The dictionary entries of every term that starts with `prefix`, in term order.
    public func termInfos(withPrefix prefix: [UInt8]) throws(FormatError) -> [(term: [UInt8], info: TermInfo)] {
        var found: [(term: [UInt8], info: TermInfo)] = []
        try terms.forEach(prefix: prefix) { term, info in found.append((term, info)) }
        return found
    }

    /// The average paragraph length in words that the segment's word impacts were
    /// computed with (see `BlockImpact`).
    public var impactAverageLength: Double { ImpactModel.average(totalWords: totalWords, paragraphs: paragraphCount) }

    /// A cursor over a term's postings.
    public func postings(_ info: TermInfo, kind: TermKind) throws(FormatError) -> PostingsCursor {
        guard formatVersion >= 6 else {
            throw FormatError("segment \(name) was written by an older yulu (format \(formatVersion)); run yulu optimize to rewrite the index")
        }
        let bytes = postingsSection
        guard info.postings.lowerBound >= 0, info.postings.upperBound <= bytes.count else {
            throw FormatError("postings run past their section")
        }
        return try PostingsCursor(UnsafeRawBufferPointer(rebasing: bytes[info.postings]), positional: kind.hasPositions,
                                  impacts: kind == .word)
    }

    /// Checks every section's checksum and the structure within: documents cover the
    /// paragraphs in order, word counts add up to the total (allowing for saturated
    /// counts), ids are ordered, the store holds every paragraph,
    /// terms are sorted with postings that decode, rise, stay within the paragraphs and
    /// whose skips point at their blocks, and every word block's impact is the one its
    /// entries give.
    public func verify() throws(FormatError) {
        for (section, entry) in sections.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            guard Checksum.crc32(Self.bytes(file, entry)) == entry.checksum else {
                throw FormatError("\(section) section checksum mismatch")
            }
        }
        var nextParagraph = 0
        var previousID: String?
        for number in 0..<documentCount {
            let document = try document(number)
            guard document.firstParagraph == nextParagraph else { throw FormatError("document \(number) does not start where the previous ended") }
            nextParagraph += document.paragraphCount
        }
        guard nextParagraph == paragraphCount else { throw FormatError("documents cover \(nextParagraph) paragraphs, not \(paragraphCount)") }
        let countedWords = (0..<paragraphCount).reduce(0) { $0 + wordCount($1) }
        guard countedWords == totalWords || countedWords < totalWords && (0..<paragraphCount).contains(where: { wordCount($0) == Int(UInt16.max) }) else {
            throw FormatError("word counts add up to \(countedWords), the header says \(totalWords)")
        }
        var seen = Set<Int>()
        for rank in 0..<documentCount {
            let number = try documentInIDOrder(rank)
            let id = try documentID(number)
            if let previousID, id.utf8.lexicographicallyPrecedes(previousID.utf8) {
                throw FormatError("document ids out of order at \(id)")
            }
            guard seen.insert(number).inserted else { throw FormatError("id order names document \(number) twice") }
            previousID = id
        }
        var storedParagraphs = 0
        for block in 0..<store.blocks {
            guard try store.firstParagraph(ofBlock: block) == storedParagraphs else { throw FormatError("store block \(block) starts at the wrong paragraph") }
            storedParagraphs += try store.inflate(block: block).count
        }
        guard storedParagraphs == paragraphCount else { throw FormatError("the store holds \(storedParagraphs) paragraphs, not \(paragraphCount)") }
        // The previous term is copied into its own buffer, not shared with the one the
        // dictionary rebuilds each term in, so neither is reallocated term by term.
        var previousTerm: [UInt8] = []
        var totalTerms = 0
        var positions = [Int32](repeating: 0, count: 256)
        let averageLength = impactAverageLength
        try terms.forEach { term, info throws(FormatError) in
            if totalTerms > 0, !previousTerm.lexicographicallyPrecedes(term) { throw FormatError("terms out of order") }
            guard let kind = term.first.flatMap(TermKind.init(rawValue:)) else { throw FormatError("term of unknown kind") }
            var cursor = try postings(info, kind: kind)
            guard cursor.count == info.paragraphCount else { throw FormatError("postings count differs from the dictionary") }
            try cursor.verifySkips()
            var last = -1
            var entry = 0
            var largest = 0.0
            while let paragraph = try cursor.nextParagraph() {
                guard paragraph > last, paragraph < paragraphCount else { throw FormatError("postings paragraph out of range") }
                last = paragraph
                if kind.hasPositions {
                    let frequency = cursor.frequency
                    if positions.count < frequency { positions = [Int32](repeating: 0, count: max(frequency, 2 * positions.count)) }
                    _ = try positions.withUnsafeMutableBufferPointer { (room: inout UnsafeMutableBufferPointer<Int32>) throws(FormatError) in
                        try cursor.readPositions(to: room.baseAddress!, shiftedBy: 0)
                    }
                }
                guard cursor.hasImpacts else { continue }
                largest = max(largest, TermSaturation.value(frequency: cursor.frequency, length: wordCount(paragraph),
                                                            averageLength: averageLength))
                entry += 1
                if entry % PostingsFormat.blockSize == 0 || entry == cursor.count {
                    guard cursor.impact(ofBlock: (entry - 1) / PostingsFormat.blockSize) == BlockImpact.quantize(largest) else {
                        throw FormatError("a word's block impact differs from its entries")
                    }
                    largest = 0
                }
            }
            previousTerm.removeAll(keepingCapacity: true)
            previousTerm.append(contentsOf: term)
            totalTerms += 1
        }
        guard totalTerms == terms.termCount else { throw FormatError("dictionary holds \(totalTerms) terms, not \(terms.termCount)") }
    }
}
