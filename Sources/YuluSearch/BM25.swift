import Foundation
import YuluIndex

/// BM25 as DESIGN states it: k1 = 1.2, b = 0.75, idf = ln(1 + (N − n + 0.5)/(n + 0.5)),
/// paragraph length in words.
public struct BM25: Sendable {
    public static let k1 = TermSaturation.k1
    public static let b = TermSaturation.b

    /// Live paragraphs (N).
    public let paragraphCount: Int
    /// Their average length in words.
    public let averageLength: Double

    public init(paragraphCount: Int, averageLength: Double) {
        self.paragraphCount = paragraphCount
        self.averageLength = averageLength
    }

    /// The idf of a word that `documentFrequency` paragraphs hold.
    public func idf(documentFrequency n: Int) -> Double {
        log(1 + (Double(paragraphCount) - Double(n) + 0.5) / (Double(n) + 0.5))
    }

    /// One word's contribution: `idf` times the saturated frequency, normalised by length.
    public func termScore(idf: Double, frequency: Int, length: Int) -> Double {
        idf * TermSaturation.value(frequency: frequency, length: length, averageLength: averageLength)
    }
}

/// Scores paragraphs with BM25 over a query's distinct words, walking each word's
/// postings forward alongside the (sorted) paragraphs.
struct ParagraphScorer {
    let index: SearchIndex
    let bm25: BM25
    /// The query's distinct words with their idf over the whole index and their
    /// dictionary entry in each segment (looked up once, for the idf and the cursors).
    let words: [(idf: Double, infos: [TermInfo?])]

    init(index: SearchIndex, words: [String]) throws(FormatError) {
        self.index = index
        bm25 = BM25(paragraphCount: index.paragraphCount, averageLength: index.averageWords)
        var seen = Set<String>()
        var terms: [(idf: Double, infos: [TermInfo?])] = []
        for word in words where seen.insert(word).inserted {
            let term = TermBytes.word(word)
            var infos: [TermInfo?] = []
            for catalog in index.catalogs { infos.append(try catalog.reader.termInfo(term)) }
            let documentFrequency = infos.reduce(0) { $0 + ($1?.paragraphCount ?? 0) }
            terms.append((bm25.idf(documentFrequency: documentFrequency), infos))
        }
        self.words = terms
    }

    /// Calls `body` with each paragraph's score, in the paragraphs' order. Where every
    /// word's postings carry block impacts, paragraphs whose bound is below `threshold()`
    /// (when it gives one) are passed over unscored: each word's block impact, times its
    /// idf, bounds its part of any score in that block.
    func score(_ paragraphs: [Int32], inSegment segment: Int, skippingBelow threshold: () -> Double? = { nil },
               _ body: (Int32, Double) throws -> Void) throws {
        guard !paragraphs.isEmpty else { return }
        let reader = index.catalogs[segment].reader
        var cursors: [(cursor: PostingsCursor, idf: Double)] = []
        for word in words {
            if let info = word.infos[segment] { cursors.append((try reader.postings(info, kind: .word), word.idf)) }
        }
        let segmentAverage = reader.impactAverageLength
        let bounded = !cursors.isEmpty && cursors.allSatisfy(\.cursor.hasImpacts) && segmentAverage > 0 && bm25.averageLength > 0
        // A bound at the segment's average holds at the index's once stretched (see BlockImpact).
        let stretch = max(1, bm25.averageLength / segmentAverage) * (1 + 1e-9)
        var bound = 0.0
        var boundHoldsTo = -1
        var index = 0
        while index < paragraphs.count {
            let paragraph = paragraphs[index]
            if bounded, let threshold = threshold() {
                if Int(paragraph) > boundHoldsTo {
                    (bound, boundHoldsTo) = (0, Int.max)
                    for at in cursors.indices {
                        let (impact, last) = try cursors[at].cursor.blockImpact(at: Int(paragraph))
                        bound += cursors[at].idf * BlockImpact.bound(impact)
                        boundHoldsTo = min(boundHoldsTo, last)
                    }
                    bound *= stretch
                }
                if bound < threshold {
                    index = boundHoldsTo >= Int(Int32.max) ? paragraphs.count
                        : ParagraphSets.lowerBound(of: Int32(boundHoldsTo + 1), in: paragraphs, from: index)
                    continue
                }
            }
            var score = 0.0
            let length = reader.wordCount(Int(paragraph))
            for at in cursors.indices {
                if try cursors[at].cursor.seek(atLeast: Int(paragraph)) == Int(paragraph) {
                    score += bm25.termScore(idf: cursors[at].idf, frequency: cursors[at].cursor.frequency, length: length)
                }
            }
            try body(paragraph, score)
            index += 1
        }
    }
}
