import Testing
@testable import YuluAnalysis

@Suite struct UnitAndBreakTests {
    let analyzer = Analyzer()

    /// Units as text and breaks as "|", in position order.
    func shape(_ text: String) -> [String] {
        let analysis = analyzer.analyze(text)
        return analysis.tokens.map { $0.kind == .unit ? analysis.string(of: $0) : "|" }
    }

    @Test func punctuationLeavesOneBreakWhiteSpaceNone() {
        #expect(shape("为王、环境") == ["为", "王", "|", "环", "境"])
        #expect(shape("为王，环境") == ["为", "王", "|", "环", "境"])
        #expect(shape("项目 为王") == ["项", "目", "为", "王"])
        #expect(shape("“项目为王”理念") == ["项", "目", "为", "王", "|", "理", "念"])
        #expect(shape("项目……——为王") == ["项", "目", "|", "为", "王"])
        #expect(shape("项目， ；为王") == ["项", "目", "|", "为", "王"], "a punctuation run with spaces in it is one break")
    }

    @Test func breaksAtTheEndsAreDropped() {
        #expect(shape("。“项目”！") == ["项", "目"])
    }

    @Test func letterAndDigitRunsAreOneUnitAndWhiteSpaceEndsThem() {
        #expect(shape("5G网络") == ["5g", "网", "络"])
        #expect(shape("2025年GDP") == ["2025", "年", "gdp"])
        #expect(shape("gdp 2025") == ["gdp", "2025"])
        #expect(shape("40.9%") == ["40", "|", "9"])
    }

    @Test func offsetsCountUnicodeScalarsOfTheOriginal() {
        let analysis = analyzer.analyze("😀項目，ＧＤＰ")
        let units = analysis.tokens.filter { $0.kind == .unit }
        #expect(units.map(\.original) == [1..<2, 2..<3, 4..<7])
        #expect(analysis.originalString(units[2].original) == "ＧＤＰ")
    }

    @Test func wordsComeFromICUWithOffsetsIntoTheOriginal() {
        let analysis = analyzer.analyze("推動項目建設，深化改革")
        #expect(analysis.words.map { analysis.string(of: $0) } == ["推动", "项目", "建设", "深化", "改革"])
        #expect(analysis.words.map { analysis.originalString($0.original) } == ["推動", "項目", "建設", "深化", "改革"])
    }

    @Test func bigramsJoinOnlyAdjacentUnits() {
        let analysis = analyzer.analyze("为王、环境")
        #expect(analysis.bigramPositions == [0, 3])
    }
}
