import YuluAnalysis
import YuluIndex

/// LSH banding over stored MinHash signatures: `bands` bands of `rows` signature bytes;
/// two paragraphs are candidates when they agree on both bytes of some band and on at
/// least `minimumAgreement` of the 64 bytes in all.
///
/// Measured on the planted copies of Tests/YuluSearchTests/PlantedReuseTests (real
/// report paragraphs with 8% of characters substituted, a clause dropped, a clause
/// inserted, half in traditional characters), whose Jaccard similarity on 5-unit
/// shingles runs from 0.23 to 0.62 (median 0.42): 32 bands of 2 rows make 49 of the 50
/// pairs candidates, 21 bands of 3 rows 36, 16 bands of 4 rows 24. Two rows of one byte
/// make a 16-bit key, which unrelated paragraphs share by chance (1 in 65,536 per band);
/// the agreement test removes those (unrelated signatures agree on 5 of 64 bytes with
/// probability about 6 × 10⁻⁶), at the cost of pairs with Jaccard below about 0.07.
public enum Banding {
    public static let bands = 32
    public static let rows = 2
    public static let minimumAgreement = 5

    /// The key of band `band` of a stored signature.
    @inline(__always)
    static func key(_ signature: UnsafeRawBufferPointer, _ band: Int) -> UInt16 {
        signature.loadUnaligned(fromByteOffset: band * rows, as: UInt16.self).bigEndian
    }

    /// Whether the two signatures have the same key in some band: their 32 two-byte
    /// lanes compared with vector instructions, eight lanes at a time.
    @inline(__always)
    static func shareBand(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        func lanes(_ signature: UnsafeRawBufferPointer, _ offset: Int) -> SIMD8<UInt16> {
            signature.loadUnaligned(fromByteOffset: offset, as: SIMD8<UInt16>.self)
        }
        let equal = (lanes(a, 0) .== lanes(b, 0)) .| (lanes(a, 16) .== lanes(b, 16)) .| (lanes(a, 32) .== lanes(b, 32))
            .| (lanes(a, 48) .== lanes(b, 48))
        return any(equal)
    }

    /// How many of the two signatures' bytes are equal, counted eight at a time.
    @inline(__always)
    static func agreement(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        var equal = 0
        for offset in stride(from: 0, to: MinHash.size, by: 8) {
            let difference = word(a, offset) ^ word(b, offset)
            // Each byte's high bit set exactly when that byte of `difference` is not zero.
            let nonzero = ((difference & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | difference
            equal += (~nonzero & 0x8080_8080_8080_8080).nonzeroBitCount
        }
        return equal
    }

    @inline(__always)
    private static func word(_ signature: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        signature.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// Whether a stored signature is the empty one (a paragraph without units).
    static func isEmpty(_ signature: UnsafeRawBufferPointer) -> Bool { !signature.contains { $0 != 0 } }
}

/// A paragraph read for alignment: its units' hashes and where each unit is in the text.
struct AlignedText {
    let text: String
    let units: [UInt64]
    /// Unit i's [start, end) in Unicode scalars of `text`.
    let ranges: [Range<Int>]
    /// The unit hashes sorted, for counting the units two texts have in common.
    let sortedUnits: [UInt64]

    init(_ text: String, analyzer: Analyzer) {
        self.text = text
        let analysis = analyzer.analyze(text, includeWords: false)
        units = MinHash.unitHashes(analysis)
        ranges = analysis.tokens.filter { $0.kind == .unit }.map { Int($0.original.lowerBound)..<Int($0.original.upperBound) }
        sortedUnits = units.sorted()
    }

    /// How many units the two texts have in common (as multisets).
    func commonUnits(with other: AlignedText) -> Int {
        var i = 0, j = 0, common = 0
        let a = sortedUnits, b = other.sortedUnits
        while i < a.count && j < b.count {
            if a[i] < b[j] { i += 1 } else if b[j] < a[i] { j += 1 } else { common += 1; i += 1; j += 1 }
        }
        return common
    }

    /// Whether the alignment could cover `similarity` of the shorter text at all. A local
    /// alignment scores 2 per match and −3 per mismatch and stays positive, so its
    /// matches are more than 3/5 of the pairs it covers, and matches cannot outnumber the
    /// units in common: it covers fewer than common ÷ 0.6 units.
    func mayShare(_ similarity: Double, with other: AlignedText) -> Bool {
        let shorter = Double(min(units.count, other.units.count))
        return Double(commonUnits(with: other)) / 0.6 >= similarity * shorter
    }

    /// The scalar range covering units `units`.
    func scalars(_ units: Range<Int>) -> Range<Int> { ranges[units.lowerBound].lowerBound..<ranges[units.upperBound - 1].upperBound }
}

/// What a verified pair shares: similarity (the share of the shorter paragraph's units
/// the alignment covers), the share of the longer one's, and the aligned passages as
/// [start, end) scalar ranges in each text.
struct SharedPassages {
    let similarity: Double
    let longerCoverage: Double
    /// (range in the first text, range in the second).
    let spans: [(Range<Int>, Range<Int>)]

    init(_ first: AlignedText, _ second: AlignedText) {
        guard first.units != second.units || first.units.isEmpty else {
            // The same units: no alignment needed.
            similarity = 1
            longerCoverage = 1
            spans = [(first.scalars(0..<first.units.count), second.scalars(0..<second.units.count))]
            return
        }
        let alignment = LocalAlignment(first.units, second.units)
        similarity = alignment.similarity(first.units.count, second.units.count)
        longerCoverage = Double(alignment.pairs.count) / Double(max(1, max(first.units.count, second.units.count)))
        spans = alignment.spans.map { (first.scalars($0.a), second.scalars($0.b)) }
    }
}
