import Testing
@testable import YuluAnalysis
import YuluTestSupport

@Suite struct NormalizationTests {
    let analyzer = Analyzer()

    @Test func traditionalSimplifiedAndBracketedFormsGiveTheSameUnits() {
        let expected = ["项", "目", "为", "王"]
        #expect(analyzer.analyze("項目為王").unitStrings == expected)
        #expect(analyzer.analyze("项目为王").unitStrings == expected)
        #expect(analyzer.analyze("｢项目为王｣").unitStrings == expected)
        #expect(analyzer.analyze("「項目爲王」").unitStrings == expected)
    }

    @Test func fullWidthLettersAndDigitsFoldToHalfWidthLowercaseRuns() {
        let analysis = analyzer.analyze("ＧＤＰ增长１０％")
        #expect(analysis.unitStrings == ["gdp", "增", "长", "10"])
        #expect(analysis.tokens.count == 4, "the trailing ％ leaves no break")
    }

    @Test func simplifiedCharactersThatICUWouldRewriteStayAsTheyAre() {
        #expect(analyzer.normalize("显著") == "显著")
        #expect(analyzer.normalize("凭藉 明瞭 俱乐部") == "凭藉 明瞭 俱乐部")
        #expect(analyzer.normalize("後於") == "后于")
        #expect(analyzer.normalize("录像 稽察") == "录像 稽察", "context rules of the transliterator must not apply")
    }

    @Test func tableIsBuiltFromICUAndIsIdempotent() {
        let table = SimplificationTable.shared
        #expect(table.mapping.count > 2000)
        for kept in SimplificationTable.keptAsIs { #expect(table.mapping[kept] == nil) }
        for (_, target) in table.mapping { #expect(table.mapping[target] == nil) }
        #expect(table.simplified(0x570B) == 0x56FD) // 國 → 国
    }

    @Test func chainsAndCyclesResolveToOneEnd() {
        // 苎 ⇄ 苧 is a cycle in ICU's data; 薴 → 苧 chains into it.
        let resolved = SimplificationTable.resolvingChains([0x82CE: 0x82E7, 0x82E7: 0x82CE, 0x85B4: 0x82E7, 1: 2, 2: 3])
        #expect(resolved == [0x82E7: 0x82CE, 0x85B4: 0x82CE, 1: 3, 2: 3])
    }

    @Test func caseFoldingAndCompatibilityFormsFold() {
        #expect(analyzer.normalize("ＡＢＣ abc ABC") == "abc abc abc")
        #expect(analyzer.normalize("Straße") == "strasse")
        #expect(analyzer.analyze("e\u{301}cole").unitStrings == ["\u{e9}cole"])
    }

    @Test(arguments: ["", " ", " \t\u{3000} ", "😀🎉😀", "。，！", "\u{200B}\u{FEFF}"])
    func inputsWithoutUnitsGiveNoTokens(_ text: String) {
        let analysis = analyzer.analyze(text)
        #expect(analysis.tokens.isEmpty)
        #expect(analysis.words.isEmpty)
    }

    @Test func hundredThousandCharacterInputIsAnalysedWhole() {
        let sentence = "坚持项目为王，优化营商环境。"
        let text = String(repeating: sentence, count: 100_000 / sentence.count + 1)
        let analysis = analyzer.analyze(text)
        #expect(text.unicodeScalars.count >= 100_000)
        #expect(analysis.tokens.last?.original.upperBound == Int32(text.unicodeScalars.count - 1))
        #expect(analysis.tokens.filter { $0.kind == .unit }.count == text.count / sentence.count * 12)
    }
}

@Suite struct ScalarFolderTests {
    @Test func foldsScalarForScalarKeepingTheCount() {
        let folder = ScalarFolder()
        let text = "網友ＱＱ：１２３（備案號）…㍿"
        let folded = folder.fold(text)
        #expect(folded == "网友qq:123(备案号)…㍿")
        #expect(folded.unicodeScalars.count == text.unicodeScalars.count)
    }

    /// Folding a text equals folding its scalars one by one, for strings and substrings,
    /// changed from the first scalar, the last, or not at all.
    @Test func foldingATextEqualsFoldingEachScalar() {
        let folder = ScalarFolder()
        let pieces = ["網友", "网友", "ＱＱ", "qq", "：", ":", "１２３", "123", "（備案號）", "(备案号)", "…", "㍿", "𠀀", "é", " "]
        var random = SplitMix64(seed: 3)
        for _ in 0..<500 {
            let text = (0..<Int(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            var expected = String.UnicodeScalarView()
            for scalar in text.unicodeScalars { expected.append(Unicode.Scalar(folder.fold(scalar: scalar.value))!) }
            #expect(folder.fold(text) == String(expected), "\(text)")
            let inner = text.dropFirst()
            #expect(folder.fold(inner) == String(String(expected).dropFirst()), "\(inner)")
        }
    }
}
