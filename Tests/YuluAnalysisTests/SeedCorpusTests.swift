import Testing
import YuluTestSupport
@testable import YuluAnalysis

/// Oracle tests over the real scraped speeches in ../shared/corpus/seeds.
@Suite(.enabled(if: Corpus.isAvailable, Corpus.skipNote))
struct SeedCorpusTests {
    let analyzer = Analyzer()

    @Test func everyOffsetSlicesTheOriginalToTextThatNormalisesToTheToken() throws {
        let lines = try Corpus.seedLines()
        #expect(lines.count > 100)
        var checked = 0
        for line in lines {
            let analysis = analyzer.analyze(line)
            let scalars = Array(line.unicodeScalars)
            func slice(_ range: Range<Int32>) -> String {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[Int(range.lowerBound)..<Int(range.upperBound)])
                return String(view)
            }
            for token in analysis.tokens where token.kind == .unit {
                #expect(analyzer.normalize(slice(token.original)) == analysis.string(of: token), "\(line)")
                checked += 1
            }
            for word in analysis.words {
                #expect(analyzer.normalize(slice(word.original)) == analysis.string(of: word), "\(line)")
                checked += 1
            }
        }
        #expect(checked > 25_000)
    }

    @Test func aSubstringAnalysesToTheSameUnitsAndBreaksAsInsideItsParagraph() throws {
        var random = SplitMix64(seed: 20251122)
        var trials = 0
        for line in try Corpus.seedLines() {
            let analysis = analyzer.analyze(line, includeWords: false)
            let units = analysis.tokens.indices.filter { analysis.tokens[$0].kind == .unit }
            guard units.count >= 2 else { continue }
            let scalars = Array(line.unicodeScalars)
            for _ in 0..<10 {
                let first = units[Int(random.next() % UInt64(units.count))]
                let last = units[Int(random.next() % UInt64(units.count))]
                let (from, to) = (min(first, last), max(first, last))
                let range = analysis.tokens[from].original.lowerBound..<analysis.tokens[to].original.upperBound
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[Int(range.lowerBound)..<Int(range.upperBound)])
                let alone = analyzer.analyze(String(view), includeWords: false)
                let expected = analysis.tokens[from...to].map { "\($0.kind):\(analysis.string(of: $0))" }
                let actual = alone.tokens.map { "\($0.kind):\(alone.string(of: $0))" }
                #expect(actual == expected, "\(String(view))")
                trials += 1
            }
        }
        #expect(trials > 1000)
    }

    @Test func normalisationIsIdempotent() throws {
        for line in try Corpus.seedLines() {
            let once = analyzer.normalize(line)
            #expect(analyzer.normalize(once) == once)
        }
    }

    @Test func traditionalSeedNormalisesToSimplified() throws {
        let traditional = try Corpus.files("seeds").first { $0.lastPathComponent.hasPrefix("004_") }
        let text = try String(contentsOf: #require(traditional), encoding: .utf8)
        let normalized = analyzer.normalize(text)
        #expect(normalized.contains("项目为中心"))
        #expect(!normalized.contains("項目"))
    }
}
