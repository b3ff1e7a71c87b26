import Foundation
import Testing
import YuluAnalysis
import YuluIndex
import YuluSearch
import YuluTestSupport

/// Recall is exact by construction: what search returns must equal a brute-force scan.
@Suite(.enabled(if: Corpus.isAvailable, Corpus.skipNote))
struct PhraseOracleTests {
    /// The traditional form of each simplified character the table folds (the smallest, when several fold to it).
    static let traditional: [UInt32: UInt32] = {
        var inverse: [UInt32: UInt32] = [:]
        for (from, to) in SimplificationTable.shared.mapping where inverse[to].map({ from < $0 }) ?? true { inverse[to] = from }
        return inverse
    }()

    static func toTraditional(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            traditional[scalar.value].flatMap(Unicode.Scalar.init) ?? scalar
        }))
    }

    /// Every hit of a query, as (doc, para), with no limit.
    static func hits(_ searcher: Searcher, _ query: String) throws -> Set<PhraseOracle.Paragraph> {
        let result = try searcher.search(SearchRequest(query: query, limit: SearchRequest.maximumLimit))
        #expect(result.hits.count == result.total, "\(query)")
        return Set(result.hits.map { PhraseOracle.Paragraph(doc: $0.doc, para: $0.para) })
    }

    /// Phrases of 2–8 units cut from random paragraphs at token boundaries (so they may
    /// hold punctuation breaks), a third written in traditional characters.
    static func samplePhrases(_ oracle: PhraseOracle, count: Int, seed: UInt64) -> [String] {
        let analyzer = Analyzer()
        var random = SplitMix64(seed: seed)
        var phrases: [String] = []
        while phrases.count < count {
            let text = oracle.texts[Int(random.next() % UInt64(oracle.texts.count))]
            let analysis = analyzer.analyze(text, includeWords: false)
            let unitPositions = analysis.tokens.indices.filter { analysis.tokens[$0].kind == .unit }
            let units = 2 + Int(random.next() % 7)
            guard unitPositions.count >= units else { continue }
            let first = Int(random.next() % UInt64(unitPositions.count - units + 1))
            let start = analysis.tokens[unitPositions[first]].original.lowerBound
            let end = analysis.tokens[unitPositions[first + units - 1]].original.upperBound
            var phrase = analysis.originalString(start..<end)
            guard !phrase.contains("\"") else { continue }
            if phrases.count % 3 == 0 { phrase = toTraditional(phrase) }
            phrases.append(phrase)
        }
        return phrases
    }

    @Test func fiveHundredRandomPhrasesEqualABruteForceScan() throws {
        let fixture = try #require(try CorpusFixture.shared)
        let searcher = Searcher(index: fixture.index)
        let analyzer = Analyzer(simplification: fixture.index.reader.simplification)
        var traditionalDiffers = 0
        var manyHits = 0
        for (number, phrase) in Self.samplePhrases(fixture.oracle, count: 500, seed: 2026).enumerated() {
            let pattern = PhrasePattern(analyzer.analyze(phrase))
            let expected = fixture.oracle.matches(pattern.tokens)
            #expect(!expected.isEmpty, "\(phrase) was cut from the corpus")
            let found = try Self.hits(searcher, "\"\(phrase)\"")
            #expect(found == expected, "phrase \(number) \(phrase): \(found.count) found, \(expected.count) expected")
            if number % 3 == 0 && phrase != analyzer.normalize(phrase) { traditionalDiffers += 1 }
            if expected.count > 64 { manyHits += 1 }
        }
        // The sample exercises what it claims to: traditional spellings and long postings.
        #expect(traditionalDiffers > 100)
        #expect(manyHits > 20)
    }

    /// One-unit phrases read their unit from the unit term and every bigram it starts;
    /// phrases with breaks at either end or inside use the unit terms before the breaks.
    @Test func oneUnitAndBreakPhrasesEqualABruteForceScan() throws {
        let fixture = try #require(try CorpusFixture.shared)
        let searcher = Searcher(index: fixture.index)
        let analyzer = Analyzer(simplification: fixture.index.reader.simplification)
        for phrase in ["国", "權", "罚", "2025", "gdp", "一", "（一）", "，国家", "国家，", "制度。", "条　第", "第一条，", "万元；"] {
            let expected = fixture.oracle.matches(PhrasePattern(analyzer.analyze(phrase)).tokens)
            #expect(try Self.hits(searcher, "\"\(phrase)\"") == expected, "\(phrase)")
        }
    }

    @Test func booleanOperatorsEqualSetAlgebra() throws {
        let fixture = try #require(try CorpusFixture.shared)
        let searcher = Searcher(index: fixture.index)
        // Two-unit phrases, phrases of several parts and a one-unit phrase: ANDs of
        // phrases walk all of them together and read positions only where all are candidates.
        let terms = ["项目", "改革", "保障", "权利", "罚款", "政府", "监督", "创新", "人民政府", "有关部门", "县级以上", "法"]
        var sets: [String: Set<PhraseOracle.Paragraph>] = [:]
        for term in terms { sets[term] = try Self.hits(searcher, term) }
        var random = SplitMix64(seed: 11)
        for _ in 0..<16 {
            let a = terms[Int(random.next() % UInt64(terms.count))], b = terms[Int(random.next() % UInt64(terms.count))]
            let c = terms[Int(random.next() % UInt64(terms.count))]
            let (setA, setB, setC) = (sets[a]!, sets[b]!, sets[c]!)
            #expect(try Self.hits(searcher, "\(a) \(b)") == setA.intersection(setB))
            #expect(try Self.hits(searcher, "\(a) AND \(b)") == setA.intersection(setB))
            #expect(try Self.hits(searcher, "\(a) OR \(b)") == setA.union(setB))
            #expect(try Self.hits(searcher, "\(a) -\(b)") == setA.subtracting(setB))
            #expect(try Self.hits(searcher, "\(a) NOT \(b)") == setA.subtracting(setB))
            #expect(try Self.hits(searcher, "(\(a) OR \(b)) -\(c)") == setA.union(setB).subtracting(setC))
            #expect(try Self.hits(searcher, "\(a) OR \(b) \(c)") == setA.union(setB.intersection(setC)))
            #expect(try Self.hits(searcher, "\(a) -(\(b) OR \(c))") == setA.subtracting(setB.union(setC)))
            #expect(try Self.hits(searcher, "\(a) \(b) \(c)") == setA.intersection(setB).intersection(setC))
            // An AND inside an OR inside an AND: the inner phrases are walked only among the outer one's paragraphs.
            #expect(try Self.hits(searcher, "\(a) (\(b) \(c) OR 罚款)") == setA.intersection(setB.intersection(setC).union(sets["罚款"]!)))
        }
        #expect(sets.values.allSatisfy { $0.count > 20 })
    }

    /// NEAR/n against a direct check of positions in the analysed paragraphs.
    @Test func nearEqualsADirectPositionCheck() throws {
        let fixture = try #require(try CorpusFixture.shared)
        let searcher = Searcher(index: fixture.index)
        let analyzer = Analyzer(simplification: fixture.index.reader.simplification)
        let oracle = fixture.oracle
        let index = Dictionary(uniqueKeysWithValues: oracle.paragraphs.enumerated().map { ($1, $0) })
        // Two-unit phrases (one bigram each), longer ones (several parts, positions read
        // to confirm them) and one-unit ones (a unit's merged postings).
        let pairs = [("发展", "经济"), ("保障", "权利"), ("人民", "政府"), ("项目", "建设"), ("国家", "制度"), ("应当", "规定"), ("罚款", "万元"),
                     ("人民政府", "规定"), ("国务院", "有关部门"), ("法", "条"), ("县级以上", "人民政府")]
        // A NEAR inside an AND runs only among the paragraphs of the AND's rarer operand.
        let companions = ["罚款", "应当"].map { ($0, oracle.matches(PhrasePattern(analyzer.analyze($0)).tokens)) }
        for (a, b) in pairs {
            for distance in [0, 1, 3, 10] {
                let patternA = PhrasePattern(analyzer.analyze(a)), patternB = PhrasePattern(analyzer.analyze(b))
                var expected = Set<PhraseOracle.Paragraph>()
                for paragraph in oracle.matches(patternA.tokens).intersection(oracle.matches(patternB.tokens)) {
                    let analysis = analyzer.analyze(oracle.texts[index[paragraph]!], includeWords: false)
                    let startsA = patternA.occurrences(in: analysis), startsB = patternB.occurrences(in: analysis)
                    let near = startsA.contains { x in
                        startsB.contains { y in
                            let gapAfterA = y - (x + patternA.length), gapAfterB = x - (y + patternB.length)
                            return (gapAfterA >= 0 && gapAfterA <= distance) || (gapAfterB >= 0 && gapAfterB <= distance)
                        }
                    }
                    if near { expected.insert(paragraph) }
                }
                #expect(try Self.hits(searcher, "\(a) NEAR/\(distance) \(b)") == expected, "\(a) NEAR/\(distance) \(b)")
                for (companion, holding) in companions {
                    let query = "(\(a) NEAR/\(distance) \(b)) \(companion)"
                    #expect(try Self.hits(searcher, query) == expected.intersection(holding), "\(query)")
                }
            }
        }
    }

    /// Every highlight slices the original text to something that reads as the phrase.
    @Test func highlightsCoverThePhraseInTheOriginalText() throws {
        let fixture = try #require(try CorpusFixture.shared)
        let searcher = Searcher(index: fixture.index)
        let analyzer = Analyzer(simplification: fixture.index.reader.simplification)
        for phrase in ["發展", "项目建设", "人民政府", "第一条"] {
            let result = try searcher.search(SearchRequest(query: phrase, limit: 200, kwicWidth: 10))
            let expected = PhrasePattern(analyzer.analyze(phrase)).tokens
            for hit in result.hits {
                #expect(!hit.highlights.isEmpty)
                for highlight in hit.highlights {
                    let scalars = Array(hit.text.unicodeScalars)[highlight]
                    let slice = String(String.UnicodeScalarView(scalars))
                    #expect(PhrasePattern(analyzer.analyze(slice)).tokens.firstRange(of: expected) != nil, "\(slice)")
                }
                #expect(hit.kwic?.match == String(String.UnicodeScalarView(Array(hit.text.unicodeScalars)[hit.highlights[0]])))
            }
        }
    }

    /// Ranking passes over blocks whose impacts cannot reach the k-th score, so a page of
    /// the top k must equal the same page of the whole ranking, where nothing is passed
    /// over (the heap never fills), score for score; and `rank`, which reads no text,
    /// must give the same page, as must a prepared request run twice.
    @Test func topKWithBlockBoundsEqualsTheFullRanking() throws {
        let fixture = try #require(try CorpusFixture.shared)
        let searcher = Searcher(index: fixture.index)
        let manyBlocks = ["规定", "人民", "应当按照", "国家 OR 政府", "企业 发展", "人民政府", "\"规定\" NEAR/10 \"其他\"", "劳动者",
                          "应当 OR 劳动者", "规定 OR 人民政府 OR 劳动者"]
        // Two units across words, where "的" lies in more blocks than the phrase has
        // paragraphs: it is bounded by what any paragraph can score, not block by block.
        let acrossWords = ["民的", "法的", "区的"]
        for query in manyBlocks + acrossWords {
            let total = try searcher.search(SearchRequest(query: query, countOnly: true)).total
            #expect(total > (acrossWords.contains(query) ? 60 : 300), "\(query) should hold many blocks")
            let full = try searcher.search(SearchRequest(query: query, limit: total)).hits
            for (limit, offset) in [(1, 0), (10, 0), (10, 20), (50, 3)] {
                let page = try searcher.search(SearchRequest(query: query, limit: limit, offset: offset)).hits
                let expected = full.dropFirst(offset).prefix(limit)
                #expect(page.map { "\($0.doc)#\($0.para) \($0.score)" } == expected.map { "\($0.doc)#\($0.para) \($0.score)" },
                        "\(query) limit \(limit) offset \(offset)")
                // The ranking alone (no text read) is the same page: same scores, same paragraphs.
                let ranked = try searcher.rank(SearchRequest(query: query, limit: limit, offset: offset))
                #expect(ranked.total == total)
                let rankedPage = try ranked.hits.map { hit in
                    "\(try fixture.index.reader.segments[hit.segment].reader.paragraphText(Int(hit.paragraph))) \(hit.score)"
                }
                #expect(rankedPage == expected.map { "\($0.text) \($0.score)" }, "rank: \(query) limit \(limit) offset \(offset)")
                // A prepared request ranks the same, every time it is run.
                let prepared = try searcher.prepare(SearchRequest(query: query, limit: limit, offset: offset))
                for _ in 0..<2 {
                    let again = try searcher.rank(prepared)
                    #expect(again.total == ranked.total && again.hits.map { "\($0.segment) \($0.paragraph) \($0.score)" }
                            == ranked.hits.map { "\($0.segment) \($0.paragraph) \($0.score)" }, "prepared: \(query)")
                }
            }
        }
    }
}
