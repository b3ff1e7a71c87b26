import Foundation

/// BM25 as DESIGN states it, computed directly from counts (k1 = 1.2, b = 0.75, idf =
/// ln(1 + (N − n + 0.5)/(n + 0.5)), lengths in words): the oracle the engine's scores are
/// checked against.
enum BM25Oracle {
    /// Each paragraph's score for the distinct `queryWords`, given every paragraph's words.
    static func scores<Key: Hashable>(of queryWords: Set<String>, in paragraphs: [Key: [String]]) -> [Key: Double] {
        let count = Double(paragraphs.count)
        let averageLength = Double(paragraphs.values.reduce(0) { $0 + $1.count }) / count
        let idf = Dictionary(uniqueKeysWithValues: queryWords.map { word in
            let n = Double(paragraphs.values.filter { $0.contains(word) }.count)
            return (word, log(1 + (count - n + 0.5) / (n + 0.5)))
        })
        return paragraphs.mapValues { own in
            queryWords.reduce(0.0) { score, word in
                let tf = Double(own.filter { $0 == word }.count)
                guard tf > 0 else { return score }
                return score + idf[word]! * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * Double(own.count) / averageLength))
            }
        }
    }
}
