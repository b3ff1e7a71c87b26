import YuluAnalysis
import YuluIndex

/// LSH banding over stored MinHash signatures: `bands` bands of `rows` signature bytes;
/// two paragraphs are candidates when they agree on every byte of some band.
///
/// 16 bands of 4 rows: a pair with Jaccard similarity J becomes a candidate with
/// probability 1 − (1 − J⁴)¹⁶ — 0.15 at J = 0.2, 0.49 at 0.3, 0.88 at 0.4, 0.99 at 0.5.
/// Edited template paragraphs (8% of characters changed, a clause dropped or added) keep
/// J around 0.3–0.6 on 5-unit shingles, and the BM25 candidates of `similar` catch the
/// rest; with 3 rows a band's 24-bit key collides by chance often enough to double the
/// alignments per query for little recall (tools/bench/similar measures both).
public enum Banding {
    public static let bands = 16
    public static let rows = 4

    /// The band keys of a signature (`rows` bytes each, as one number).
    public static func keys(_ signature: UnsafeRawBufferPointer) -> [UInt32] {
        (0..<bands).map { band in
            var key: UInt32 = 0
            for row in 0..<rows { key = key << 8 | UInt32(signature[band * rows + row]) }
            return key
        }
    }

    public static func keys(_ signature: [UInt8]) -> [UInt32] {
        signature.withUnsafeBytes { keys($0) }
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

    init(_ text: String, analyzer: Analyzer) {
        self.text = text
        let analysis = analyzer.analyze(text, includeWords: false)
        units = MinHash.unitHashes(analysis)
        ranges = analysis.tokens.filter { $0.kind == .unit }.map { Int($0.original.lowerBound)..<Int($0.original.upperBound) }
    }

    /// The scalar range covering units `units`.
    func scalars(_ units: Range<Int>) -> Range<Int> { ranges[units.lowerBound].lowerBound..<ranges[units.upperBound - 1].upperBound }
}

/// What a verified pair shares: similarity (matched units ÷ the shorter paragraph's units)
/// and the aligned passages as [start, end) scalar ranges in each text.
struct SharedPassages {
    let similarity: Double
    /// (range in the first text, range in the second).
    let spans: [(Range<Int>, Range<Int>)]

    init(_ first: AlignedText, _ second: AlignedText) {
        let alignment = LocalAlignment(first.units, second.units)
        similarity = alignment.similarity(first.units.count, second.units.count)
        spans = alignment.spans.map { (first.scalars($0.a), second.scalars($0.b)) }
    }
}
