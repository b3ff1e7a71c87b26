import Testing
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
