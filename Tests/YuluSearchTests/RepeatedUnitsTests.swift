import Foundation
import Testing
import YuluAnalysis
import YuluIndex
import YuluSearch
import YuluTestSupport

/// Paragraphs written from four characters (and a comma now and then), so that every
/// bigram of a phrase occurs many times in a paragraph, mostly out of line with the
/// phrase's other bigrams: a paragraph holds the phrase only where all of them line up,
/// which the scanner finds by walking their positions together. A start missed or made
/// up there shows against the brute-force scan.
@Suite struct RepeatedUnitsTests {
    static let characters: [Character] = ["项", "目", "为", "王"]

    @Test func everyPhraseOfFourCharactersEqualsABruteForceScan() throws {
        var random = SplitMix64(seed: 27)
        let corpus = try TemporaryFolder("yulu-repeated-corpus")
        let folder = try TemporaryFolder("yulu-repeated-index")
        var records: [[String: Any]] = []
        for document in 0..<4 {
            var paragraphs: [String] = []
            for _ in 0..<50 {
                let length = 10 + Int(random.next() % 110)
                paragraphs.append(String((0..<length).map { _ in
                    random.next() % 12 == 0 ? "，" : Self.characters[Int(random.next() % 4)]
                }))
            }
            records.append(["id": "d\(document)", "text": paragraphs.joined(separator: "\n")])
        }
        _ = try IndexWriter.index([try corpus.writeJSONLines("repeated.jsonl", records)], into: folder.path)
        let oracle = try PhraseOracle(IndexReader.open(folder: folder.path))
        #expect(oracle.paragraphs.count == 200)
        let searcher = Searcher(index: try SearchIndex.open(folder: folder.path))
        let analyzer = Analyzer()

        // Every phrase of 2 to 4 of the characters, 400 of 5 to 7, and 300 with a comma inside.
        var phrases: [String] = [""]
        var all: [String] = []
        for _ in 1...4 {
            phrases = phrases.flatMap { phrase in Self.characters.map { phrase + String($0) } }
            all += phrases.filter { $0.count >= 2 }
        }
        for _ in 0..<400 {
            all.append(String((0..<(5 + Int(random.next() % 3))).map { _ in Self.characters[Int(random.next() % 4)] }))
        }
        for _ in 0..<300 {
            var phrase = all[Int(random.next() % UInt64(all.count))]
            let at = phrase.index(phrase.startIndex, offsetBy: 1 + Int(random.next() % UInt64(phrase.count - 1)))
            phrase.insert("，", at: at)
            all.append(phrase)
        }
        var matched = 0, unmatched = 0
        for phrase in all {
            let expected = oracle.matches(PhrasePattern(analyzer.analyze(phrase, includeWords: false)).tokens)
            let result = try searcher.search(SearchRequest(query: "\"\(phrase)\"", limit: SearchRequest.maximumLimit))
            let differing = Set(result.hits.map { PhraseOracle.Paragraph(doc: $0.doc, para: $0.para) }).symmetricDifference(expected)
            #expect(differing.isEmpty, "\(phrase): found or missed wrongly \(differing.sorted { $0.description < $1.description })")
            let counted = try searcher.search(SearchRequest(query: "\"\(phrase)\"", countOnly: true)).total
            #expect(counted == expected.count, "\(phrase): counted \(counted), not \(expected.count)")
            if expected.isEmpty { unmatched += 1 } else { matched += 1 }
        }
        // Both outcomes are common: the test is not passing on empty results alone.
        #expect(matched > 500 && unmatched > 150, "\(matched) phrases found, \(unmatched) not")
    }
}
