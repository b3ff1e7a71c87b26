import Foundation
import YuluIndex

/// BM25 as DESIGN states it: k1 = 1.2, b = 0.75, idf = ln(1 + (N − n + 0.5)/(n + 0.5)),
/// paragraph length in words.
public struct BM25: Sendable {
    public static let k1 = TermSaturation.k1
    public static let b = TermSaturation.b

    /// Paragraphs (N).
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
        bm25 = index.bm25
        var terms: [(idf: Double, infos: [TermInfo?])] = []
        terms.reserveCapacity(words.count)
        for word in Self.distinct(words) {
            let infos = try index.wordInfos(word)
            terms.append((bm25.idf(documentFrequency: SearchIndex.documentFrequency(infos)), infos))
        }
        self.words = terms
    }

    /// `words` without repeats, in the order they first occur. A query has a handful of
    /// words, where scanning for repeats costs less than hashing them.
    static func distinct(_ words: [String]) -> [String] {
        guard words.count > 8 else { return words.indices.filter { !words[..<$0].contains(words[$0]) }.map { words[$0] } }
        var seen = Set<String>()
        return words.filter { seen.insert($0).inserted }
    }

    /// Calls `body` with each paragraph's score, in the paragraphs' order. Paragraphs
    /// that cannot reach `threshold()` (when it gives one) are passed over: each word's
    /// block impact, times its idf, bounds its part of any score in that block (a word in
    /// more blocks than there are paragraphs is bounded by idf·(k1 + 1) throughout). A whole
    /// block below the threshold is skipped unscored; otherwise the words are scored
    /// rarest first, and a paragraph is left as soon as what it has plus the bounds of
    /// the words still unread falls below the threshold (its remaining seeks, into the
    /// longest lists, are never made). When it is left for lacking the rarest word, the
    /// paragraphs before that word's next one are passed over unread, as far as the same
    /// bounds hold: they lack it too ("应当" OR "保护区内" ranks in a third less time). A paragraph
    /// scoring below the threshold is not passed to `body` either. The threshold is asked
    /// for again only after `body` ran, the one thing that can raise it.
    func score(_ paragraphs: [Int32], inSegment segment: Int, skippingBelow threshold: () -> Double? = { nil },
               _ body: (Int32, Double) throws -> Void) throws {
        guard !paragraphs.isEmpty else { return }
        let reader = index.catalogs[segment].reader
        // The words present in the segment, in the order they are read: rarest first.
        var reads: [WordRead] = []
        reads.reserveCapacity(words.count)
        for word in words {
            guard let info = word.infos[segment] else { continue }
            let cursor = try reader.postings(info, kind: .word)
            // A word in more blocks than there are paragraphs here would have its block found
            // anew for nearly every paragraph (a search of its skips each time, "的" for "报的"):
            // it is bounded by what any paragraph can score instead, idf·(k1 + 1), which for
            // such a common word is little looser.
            reads.append(WordRead(cursor: cursor, idf: word.idf, place: reads.count,
                                  blockBounded: paragraphs.count >= cursor.blockCount))
        }
        reads.sort { $0.idf > $1.idf }
        let segmentAverage = reader.impactAverageLength
        let bounded = !reads.isEmpty && segmentAverage > 0 && bm25.averageLength > 0
        // A bound at the segment's average holds at the index's once stretched (see BlockImpact).
        let stretch = max(1, bm25.averageLength / segmentAverage) * (1 + 1e-9)
        let count = reads.count
        var bound = 0.0
        var boundHoldsTo = -1
        var limit = threshold()
        // Per word, rarest first: the bound of its part in the current block (stretched),
        // and the sum of the bounds of the words after it; per word in query order, its
        // part of the current paragraph's score, summed in that order at the end so that
        // scores do not depend on the order the words were read in.
        try withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * count) { scratch in
            _ = scratch.initialize(from: repeatElement(0, count: scratch.count))
            let wordBounds = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
            let unreadAfter = UnsafeMutableBufferPointer(rebasing: scratch[count..<(2 * count)])
            let parts = UnsafeMutableBufferPointer(rebasing: scratch[(2 * count)...])
            try reads.withUnsafeMutableBufferPointer { reads in
                var index = 0
                while index < paragraphs.count {
                    let paragraph = paragraphs[index]
                    let pruning = bounded ? limit : nil
                    if let pruning {
                        if Int(paragraph) > boundHoldsTo {
                            (bound, boundHoldsTo) = (0, Int.max)
                            for step in 0..<count {
                                if reads[step].blockBounded {
                                    let (impact, last) = try reads[step].cursor.blockImpact(at: Int(paragraph))
                                    wordBounds[step] = reads[step].idf * BlockImpact.bound(impact) * stretch
                                    boundHoldsTo = min(boundHoldsTo, last)
                                } else {
                                    wordBounds[step] = reads[step].idf * (TermSaturation.k1 + 1)
                                }
                                bound += wordBounds[step]
                            }
                            var unread = 0.0
                            for step in (0..<count).reversed() {
                                unreadAfter[step] = unread
                                unread += wordBounds[step]
                            }
                        }
                        if bound < pruning {
                            index = Self.index(after: boundHoldsTo, in: paragraphs, from: index)
                            continue
                        }
                    }
                    index += 1
                    let length = reader.wordCount(Int(paragraph))
                    var read = 0.0
                    var hopeless = false
                    for step in 0..<count {
                        let part = try self.part(of: &reads[step].cursor, idf: reads[step].idf, at: paragraph, length: length)
                        parts[reads[step].place] = part
                        read += part
                        // Once every word is read the score is known: a tie with the threshold goes
                        // to the caller's tie-break, not to a sum of bounds that rounds to it. Before,
                        // a margin keeps rounding (the parts are summed in another order below) from
                        // dropping a paragraph that would tie. A score of 0 below a positive threshold
                        // is left here too, so that a one-word query also passes straight over the
                        // paragraphs that lack its word.
                        if let pruning, step + 1 < count || read == 0, read + unreadAfter[step] < pruning * (1 - 1e-9) {
                            hopeless = true
                            // So is every paragraph before the rarest word's next one, as far as
                            // these bounds hold: go straight there.
                            if step == 0 && read == 0 {
                                index = Self.index(after: min(reads[0].cursor.paragraph - 1, boundHoldsTo), in: paragraphs, from: index)
                            }
                            break
                        }
                    }
                    guard !hopeless else { continue }
                    var score = 0.0
                    for place in 0..<count { score += parts[place] }
                    if let limit, score < limit { continue }
                    try body(paragraph, score)
                    limit = threshold()
                }
            }
        }
    }

    /// A word of the query as one segment reads it: its cursor and idf, its place among
    /// the words present in the segment (in query order, the order its part of a score is
    /// summed in), and whether it is bounded block by block.
    private struct WordRead {
        var cursor: PostingsCursor
        let idf: Double
        let place: Int
        let blockBounded: Bool
    }

    /// The index in `paragraphs` (rising), from `start` on, of the first paragraph after
    /// `last`; the count when none is (`last` may be `Int.max`).
    @inline(__always)
    private static func index(after last: Int, in paragraphs: [Int32], from start: Int) -> Int {
        last >= Int(Int32.max) ? paragraphs.count : ParagraphSets.lowerBound(of: Int32(last + 1), in: paragraphs, from: start)
    }

    /// A word's part of the score of `paragraph` (0 where the word is absent).
    @inline(__always)
    private func part(of cursor: inout PostingsCursor, idf: Double, at paragraph: Int32, length: Int) throws -> Double {
        guard try cursor.seekNearby(atLeast: Int(paragraph)) == Int(paragraph) else { return 0 }
        return bm25.termScore(idf: idf, frequency: cursor.frequency, length: length)
    }
}
