/// The part of a BM25 word score that depends on the paragraph (DESIGN: k1 = 1.2,
/// b = 0.75): tf·(k1 + 1) / (tf + k1·(1 − b + b·length/average)). A word's score is its
/// idf times this. Lives beside the postings so that the bounds written per block and
/// the scores computed at search time are the same formula.
public enum TermSaturation {
    public static let k1 = 1.2
    public static let b = 0.75

    /// The saturated, length-normalised frequency; 0 when the word is absent.
    @inline(__always)
    public static func value(frequency: Int, length: Int, averageLength: Double) -> Double {
        guard frequency > 0 else { return 0 }
        let tf = Double(frequency)
        let norm = averageLength > 0 ? Double(length) / averageLength : 0
        return tf * (k1 + 1) / (tf + k1 * (1 - b + b * norm))
    }
}

/// A word postings block's impact (segment format 4): an upper bound on
/// `TermSaturation.value` over the block's entries, computed with the segment's own
/// average length, rounded up to a step of (k1 + 1) / 65,535 and stored as a u16.
///
/// At search time the average is the index's (other segments, deletions), not the
/// segment's. The value rises with the average, but never faster than in proportion
/// (the frequency's share of the denominator does not shrink), so a bound computed at
/// average A holds at average A' once multiplied by max(1, A'/A).
public enum BlockImpact {
    static let scale = 65_535.0 / (TermSaturation.k1 + 1)

    /// The stored form of a block's largest saturation: the least step not below it.
    static func quantize(_ value: Double) -> UInt16 {
        var step = UInt16(min(65_535, max(0, (value * scale).rounded(.up))))
        while step < UInt16.max && bound(step) < value { step += 1 }
        return step
    }

    /// The saturation bound a stored impact stands for.
    @inline(__always)
    public static func bound(_ impact: UInt16) -> Double { Double(impact) / scale }

    /// The impact of entries with these paragraphs and frequencies.
    static func of(paragraphs: UnsafeBufferPointer<UInt32>, frequencies: UnsafeBufferPointer<UInt32>, in model: ImpactModel) -> UInt16 {
        var largest = 0.0
        for (paragraph, frequency) in zip(paragraphs, frequencies) {
            let value = TermSaturation.value(frequency: Int(frequency), length: Int(model.lengths[Int(paragraph)]),
                                             averageLength: model.averageLength)
            largest = max(largest, value)
        }
        return quantize(largest)
    }
}

/// What a segment's word impacts are computed from: each paragraph's length in words as
/// stored (saturating at 65,535) and the segment's average length (total words, before
/// saturation, over paragraphs; as `SegmentReader` reads them from the header).
struct ImpactModel {
    let lengths: [UInt16]
    let averageLength: Double

    init(wordCounts: [UInt32]) {
        lengths = wordCounts.map { UInt16(min($0, UInt32(UInt16.max))) }
        let total = wordCounts.reduce(0) { $0 + UInt64($1) }
        averageLength = Self.average(totalWords: Int(total), paragraphs: wordCounts.count)
    }

    static func average(totalWords: Int, paragraphs: Int) -> Double {
        paragraphs == 0 ? 0 : Double(totalWords) / Double(paragraphs)
    }
}
