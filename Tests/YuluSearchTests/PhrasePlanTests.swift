import Testing
import YuluAnalysis
import YuluIndex
import YuluTestSupport
@testable import YuluSearch

@Suite struct PhrasePlanTests {
    static func describe(_ part: PhrasePlan.Part) -> String {
        switch part {
        case .term(let bytes, let offset):
            "\(Character(Unicode.Scalar(bytes[0])))\(String(decoding: bytes.dropFirst().map { $0 == 0 ? UInt8(ascii: "+") : $0 }, as: UTF8.self))@\(offset)"
        case .anyUnit(let unit, let offset): "any \(unit)@\(offset)"
        }
    }

    static func plan(_ phrase: String) -> PhrasePlan { PhrasePlan(PhrasePattern(Analyzer().analyze(phrase))) }

    /// Required parts: a unit term before each break (never the break term), every
    /// occurrence of a unit no bigram can fix; the rest is left to a bigram cover.
    @Test func requiredPartsAndBigrams() {
        let cases: [(String, [String], [String])] = [
            ("项目为王", [], ["b项+目@0", "b目+为@1", "b为+王@2"]),
            ("为王，环境", ["u王@1"], ["b为+王@0", "b环+境@3"]),
            ("为王，环", ["u王@1", "any 环@3"], ["b为+王@0"]),
            ("项", ["any 项@0"], []),
            ("“项”", ["any 项@0"], []),
            ("a，b，c", ["ua@0", "ub@2", "any c@4"], []),
        ]
        for (phrase, required, bigrams) in cases {
            let plan = Self.plan(phrase)
            #expect(plan.required.map(Self.describe) == required, "\(phrase)")
            #expect(plan.bigrams.map(Self.describe) == bigrams, "\(phrase)")
        }
    }

    /// The cover reads a rare bigram for the paragraphs it rules out, and leaves out a
    /// common one whose units others fix: least (rarest list's paragraphs) × (lists read).
    @Test func theCoverWeighsRarityAgainstListsRead() {
        let plan = Self.plan("管理部门")  // 管理@0 理部@1 部门@2
        #expect(plan.cover(counts: [50_000, 900, 40_000]) == [0, 1, 2])
        #expect(plan.cover(counts: [10, 900, 20]) == [0, 2])
        // 人民政府: 民政 is the rarest, but not rare enough to pay for a third list.
        #expect(plan.cover(counts: [79_000, 43_000, 47_000]) == [0, 2])
        #expect(plan.cover(counts: [79_000, 30_000, 47_000]) == [0, 1, 2])
        // A required part rarer than any bigram leads whatever the cover: then fewer lists win.
        #expect(plan.cover(counts: [79_000, 43_000, 47_000], requiredLists: 1, requiredLeast: 10) == [0, 2])
        #expect(plan.cover(counts: [79_000, 300, 47_000], requiredLists: 1, requiredLeast: 10) == [0, 2])
        let long = Self.plan("坚持项目为王")  // 坚持 持项 项目 目为 为王
        #expect(long.cover(counts: [5, 5, 5, 5, 5]) == [0, 2, 4])
        #expect(long.cover(counts: [100, 1, 100, 1, 100]) == [0, 1, 3, 4])
        #expect(Self.plan("为王，环境").cover(counts: [7, 3]) == [0, 1])
    }

    /// A phrase occurs where every position holds its unit (same normalised text) or,
    /// for a break, a break: checked start by start against random texts, with traditional
    /// forms, Latin runs, punctuation and phrases of one to four positions.
    @Test func occurrencesEqualTheirDefinition() {
        let analyzer = Analyzer()
        let pieces = ["项", "目", "為", "为", "王", "，", "。", "AB", "ab", "7", " ", "项目", "“", "”"]
        var random = SplitMix64(seed: 5)
        func text(_ length: Int) -> String { (0..<length).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined() }
        for _ in 0..<400 {
            let analysis = analyzer.analyze(text(Int(random.next() % 30)), includeWords: false)
            let pattern = PhrasePattern(analyzer.analyze(text(1 + Int(random.next() % 4)), includeWords: false))
            let positions = analysis.tokens.map { $0.kind == .unit ? analysis.string(of: $0) : nil }
            let expected = pattern.length == 0 || positions.count < pattern.length ? []
                : (0...(positions.count - pattern.length)).filter { Array(positions[$0..<($0 + pattern.length)]) == pattern.tokens }
            #expect(pattern.occurrences(in: analysis) == expected, "\(positions) \(pattern.tokens)")
        }
    }

    /// NEAR's walk through both lists agrees with checking every pair of starts.
    @Test func nearCheckEqualsEveryPairChecked() {
        var random = SplitMix64(seed: 11)
        func starts() -> [Int32] {
            (0..<Int(random.next() % 12)).map { _ in Int32(random.next() % 60) }.reduce(into: Set<Int32>()) { $0.insert($1) }.sorted()
        }
        var held = 0
        for _ in 0..<5000 {
            let (a, b) = (starts(), starts())
            let (aLength, bLength, distance) = (1 + Int(random.next() % 4), 1 + Int(random.next() % 4), Int(random.next() % 6))
            let expected = a.contains { x in
                b.contains { y in
                    let afterA = Int(y) - (Int(x) + aLength), afterB = Int(x) - (Int(y) + bLength)
                    return (0...distance).contains(afterA) || (0...distance).contains(afterB)
                }
            }
            let found = a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in NearCheck.holds(a, length: aLength, b, length: bLength, distance: distance) }
            }
            #expect(found == expected, "\(a) \(aLength) \(b) \(bLength) \(distance)")
            if expected { held += 1 }
        }
        #expect(held > 1000 && held < 4000)
    }
}
