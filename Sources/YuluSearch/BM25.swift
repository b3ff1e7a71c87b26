import Foundation
import YuluIndex

/// BM25 as DESIGN states it: k1 = 1.2, b = 0.75, idf = ln(1 + (N − n + 0.5)/(n + 0.5)),
/// paragraph length in words.
public struct BM25: Sendable {
    public static let k1 = 1.2
    public static let b = 0.75

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
        guard frequency > 0 else { return 0 }
        let tf = Double(frequency)
        let norm = averageLength > 0 ? Double(length) / averageLength : 0
        return idf * tf * (Self.k1 + 1) / (tf + Self.k1 * (1 - Self.b + Self.b * norm))
    }
}

/// Scores paragraphs with BM25 over a query's distinct words, walking each word's
/// postings forward alongside the (sorted) paragraphs.
struct ParagraphScorer {
    let bm25: BM25
    /// The query's distinct words with their idf over the whole index.
    let words: [(term: [UInt8], idf: Double)]

    init(index: SearchIndex, words: [String]) throws(FormatError) {
        bm25 = BM25(paragraphCount: index.paragraphCount, averageLength: index.averageWords)
        var seen = Set<String>()
        var terms: [(term: [UInt8], idf: Double)] = []
        for word in words where seen.insert(word).inserted {
            terms.append((TermBytes.word(word), bm25.idf(documentFrequency: try index.documentFrequency(ofWord: word))))
        }
        self.words = terms
    }

    /// Calls `body` with each paragraph's score, in the paragraphs' order.
    func score(_ paragraphs: [Int32], in catalog: SegmentCatalog, _ body: (Int32, Double) throws -> Void) throws {
        let reader = catalog.reader
        var cursors: [(cursor: PostingsCursor, idf: Double)] = []
        for word in words {
            if let info = try reader.termInfo(word.term) { cursors.append((try reader.postings(info, kind: .word), word.idf)) }
        }
        for paragraph in paragraphs {
            var score = 0.0
            let length = reader.wordCount(Int(paragraph))
            for index in cursors.indices {
                if try cursors[index].cursor.seek(atLeast: Int(paragraph)) == Int(paragraph) {
                    score += bm25.termScore(idf: cursors[index].idf, frequency: cursors[index].cursor.frequency, length: length)
                }
            }
            try body(paragraph, score)
        }
    }
}
