import Testing
import YuluTestSupport
import YuluAnalysis
@testable import YuluSearch

@Suite struct AlignmentTests {
    static func units(_ text: String) -> [UInt64] { MinHash.unitHashes(Analyzer().analyze(text)) }

    @Test func identicalTextsAlignWhole() {
        let a = Self.units("坚持项目为王，全力扩大有效投资。")
        let alignment = LocalAlignment(a, a)
        #expect(alignment.matches == a.count && alignment.similarity(a.count, a.count) == 1)
        #expect(alignment.spans.count == 1 && alignment.spans[0].a == 0..<a.count)
    }

    /// A substitution stays inside one span; an inserted clause splits the spans with a gap.
    @Test func substitutionsAndInsertions() {
        let original = Self.units("坚持项目为王全力扩大有效投资加快建设现代化产业体系")
        let substituted = Self.units("坚持项目为王全力扩大有益投资加快建设现代化产业体系")
        let one = LocalAlignment(original, substituted)
        #expect(one.spans.count == 1 && one.matches == original.count - 1 && one.similarity(original.count, substituted.count) == 1)
        let inserted = Self.units("坚持项目为王全力扩大有效投资统筹发展和安全加快建设现代化产业体系")
        let two = LocalAlignment(original, inserted)
        #expect(two.spans.count == 2 && two.matches == original.count)
        #expect(two.spans[0].b.upperBound < two.spans[1].b.lowerBound)
    }

    @Test func unrelatedTextsShareLittle() {
        let a = Self.units("坚持项目为王全力扩大有效投资")
        let b = Self.units("自然人享有隐私权任何组织不得侵害")
        #expect(LocalAlignment(a, b).similarity(a.count, b.count) < 0.2)
        #expect(LocalAlignment([], b).pairs.isEmpty)
    }

    /// Traditional and punctuation variants give the same signature; an edit changes a few bytes.
    @Test func signaturesFoldVariants() throws {
        let analyzer = Analyzer()
        let simplified = try #require(MinHash.signature(analyzer.analyze("坚持项目为王，全力扩大有效投资，加快建设现代化产业体系。")))
        let traditional = try #require(MinHash.signature(analyzer.analyze("堅持項目為王、全力擴大有效投資；加快建設現代化產業體系")))
        #expect(simplified == traditional)
        let edited = try #require(MinHash.signature(analyzer.analyze("坚持项目为王，全力扩大有益投资，加快建设现代化产业体系。")))
        #expect(MinHash.estimatedJaccard(simplified, edited) > 0.2 && MinHash.estimatedJaccard(simplified, edited) < 1)
        #expect(MinHash.signature(analyzer.analyze("，。！")) == nil)
    }
}

/// `LocalAlignment` against Gotoh's recurrences written out plainly (whole matrices,
/// arrays, the same band rule), on random and periodic unit sequences and edited copies
/// of them, short ones aligned in full and long ones in a band.
@Suite struct AlignmentOracleTests {
    /// The alignment's pairs, matches and score, computed the plain way.
    static func plainAlignment(_ a: [UInt64], _ b: [UInt64]) -> (pairs: [[Int]], matches: Int, score: Int) {
        let n = a.count, m = b.count
        guard n > 0, m > 0 else { return ([], 0, 0) }
        let banded = n * m > LocalAlignment.fullAlignmentCells
        let diagonal = banded ? LocalAlignment.votedDiagonal(a, b) : 0
        let minimum = Int.min / 2
        var hMatrix = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        var eMatrix = [[Int]](repeating: [Int](repeating: minimum, count: m + 1), count: n + 1)
        var fMatrix = [[Int]](repeating: [Int](repeating: minimum, count: m + 1), count: n + 1)
        var from = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        var eExtended = [[Bool]](repeating: [Bool](repeating: false, count: m + 1), count: n + 1)
        var fExtended = eExtended
        var best = (score: 0, i: 0, j: 0)
        for i in 1...n {
            for j in 1...m {
                // Outside the band a cell is never filled: H 0, E and F unreachable.
                if banded && abs(j - i - diagonal) > LocalAlignment.bandWidth { continue }
                let openE = hMatrix[i][j - 1] - LocalAlignment.gapOpen, extendE = eMatrix[i][j - 1] - LocalAlignment.gapExtend
                (eMatrix[i][j], eExtended[i][j]) = extendE > openE ? (extendE, true) : (openE, false)
                let openF = hMatrix[i - 1][j] - LocalAlignment.gapOpen, extendF = fMatrix[i - 1][j] - LocalAlignment.gapExtend
                (fMatrix[i][j], fExtended[i][j]) = extendF > openF ? (extendF, true) : (openF, false)
                let diagonalScore = hMatrix[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? LocalAlignment.match : LocalAlignment.mismatch)
                var value = 0
                if diagonalScore > value { (value, from[i][j]) = (diagonalScore, 1) }
                if eMatrix[i][j] > value { (value, from[i][j]) = (eMatrix[i][j], 2) }
                if fMatrix[i][j] > value { (value, from[i][j]) = (fMatrix[i][j], 3) }
                hMatrix[i][j] = value
                if value > best.score { best = (value, i, j) }
            }
        }
        var pairs: [[Int]] = []
        var matches = 0
        var (i, j, state) = (best.i, best.j, 0)
        while i > 0 && j > 0 {
            switch state {
            case 0:
                switch from[i][j] {
                case 1:
                    pairs.append([i - 1, j - 1])
                    if a[i - 1] == b[j - 1] { matches += 1 }
                    (i, j) = (i - 1, j - 1)
                case 2: state = 1
                case 3: state = 2
                default: i = 0
                }
            case 1:
                state = eExtended[i][j] ? 1 : 0
                j -= 1
            default:
                state = fExtended[i][j] ? 2 : 0
                i -= 1
            }
        }
        return (pairs.reversed(), matches, best.score)
    }

    /// `units` with random substitutions, dropped runs and inserted runs.
    static func edited(_ units: [UInt64], alphabet: UInt64, using random: inout SplitMix64) -> [UInt64] {
        var result: [UInt64] = []
        var index = 0
        while index < units.count {
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<6: result.append(UInt64.random(in: 0..<alphabet, using: &random)); index += 1
            case 6..<8: index += Int.random(in: 1...30, using: &random)
            case 8..<10: result += (0..<Int.random(in: 1...70, using: &random)).map { _ in UInt64.random(in: 0..<alphabet, using: &random) }
            default: result.append(units[index]); index += 1
            }
        }
        return result
    }

    /// The band's diagonal, counted plainly: every pair of equal units, the unit rare in b.
    @Test func votedDiagonalCountsRarePairs() {
        var random = SplitMix64(seed: 101)
        for _ in 0..<200 {
            let alphabet = UInt64.random(in: 2...400, using: &random)
            let a = (0..<Int.random(in: 0...150, using: &random)).map { _ in UInt64.random(in: 0..<alphabet, using: &random) }
            let b = (0..<Int.random(in: 0...150, using: &random)).map { _ in UInt64.random(in: 0..<alphabet, using: &random) }
            var votes: [Int: Int] = [:]
            for (i, x) in a.enumerated() where b.filter({ $0 == x }).count <= 4 {
                for (j, y) in b.enumerated() where x == y { votes[j - i, default: 0] += 1 }
            }
            let expected = votes.sorted { ($0.value, -abs($0.key), -$0.key) > ($1.value, -abs($1.key), -$1.key) }.first?.key ?? 0
            #expect(LocalAlignment.votedDiagonal(a, b) == expected, "a \(a) b \(b)")
        }
    }

    @Test func equalsThePlainRecurrences() {
        var random = SplitMix64(seed: 102)
        for trial in 0..<120 {
            let alphabet = UInt64([4, 30, 500][trial % 3])
            let length = trial % 4 == 0 ? Int.random(in: 0...20, using: &random) : Int.random(in: 20...260, using: &random)
            // Every third sequence repeats a period, so that diagonals off the alignment's
            // own score high too; a period of 47 puts one just inside the band's edge.
            let period: UInt64 = [3, 4, 7, 12, 47, 47].randomElement(using: &random)!
            let a = (0..<length).map { trial % 3 == 1 ? UInt64($0) % period : UInt64.random(in: 0..<alphabet, using: &random) }
            let b = trial % 5 == 0 ? (0..<Int.random(in: 0...260, using: &random)).map { _ in UInt64.random(in: 0..<alphabet, using: &random) }
                : Self.edited(a, alphabet: alphabet, using: &random)
            let alignment = LocalAlignment(a, b)
            let expected = Self.plainAlignment(a, b)
            #expect(alignment.pairs.map { [$0.a, $0.b] } == expected.pairs, "a \(a) b \(b)")
            #expect(alignment.matches == expected.matches && alignment.score == expected.score, "a \(a) b \(b)")
        }
    }
}

/// The word-at-a-time band and agreement checks against their byte-by-byte definitions.
@Suite struct BandingTests {
    @Test func wordChecksEqualByteDefinitions() {
        var random = SplitMix64(seed: 103)
        for trial in 0..<2000 {
            let a = (0..<MinHash.size).map { _ in UInt8.random(in: 0...255, using: &random) }
            // Copies of `a` with every byte, or a share of them, redrawn from a small range
            // (so equal and unequal bytes and bands of every mix occur).
            let keep = [0, 10, 50, 90, 99][trial % 5]
            let b = a.map { Int.random(in: 0..<100, using: &random) < keep ? $0 : UInt8.random(in: 0...3, using: &random) &+ $0 &* UInt8(trial % 2) }
            let sharesBand = (0..<Banding.bands).contains { band in
                (0..<Banding.rows).allSatisfy { a[band * Banding.rows + $0] == b[band * Banding.rows + $0] }
            }
            let agreement = zip(a, b).filter { $0 == $1 }.count
            a.withUnsafeBytes { a in
                b.withUnsafeBytes { b in
                    #expect(Banding.shareBand(a, b) == sharesBand)
                    #expect(Banding.agreement(a, b) == agreement)
                }
            }
        }
    }
}
