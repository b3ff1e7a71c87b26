import Testing
@testable import YuluIngest
import YuluTestSupport

@Suite struct ParagraphSplitterTests {
    func sentence(_ length: Int, end: String = "。") -> String {
        String(repeating: "项", count: length - 1) + end
    }

    @Test func aLineOfAtMost500ScalarsIsOneParagraph() {
        let line = sentence(300) + sentence(200)
        #expect(ParagraphSplitter.paragraphs(of: line) == [line])
    }

    @Test func longerLinesAreCutAtSentenceEndsGreedily() {
        let (a, b, c) = (sentence(300), sentence(150, end: "！"), sentence(100, end: ";"))
        // a + b = 450 fits; + c = 550 does not.
        #expect(ParagraphSplitter.paragraphs(of: a + b + c) == [a + b, c])
    }

    @Test func aSentenceLongerThan500StaysWhole() {
        let long = sentence(700)
        let short = sentence(20)
        #expect(ParagraphSplitter.paragraphs(of: short + long + short) == [short, long, short])
        let unpunctuated = String(repeating: "字", count: 1200)
        #expect(ParagraphSplitter.paragraphs(of: unpunctuated) == [unpunctuated])
    }

    @Test(arguments: [1, 7, 42])
    func passagesJoinBackToTheLineAndStayWithinTheLimit(seed: Int) {
        var line = ""
        var generator = seed
        while line.unicodeScalars.count < 3000 {
            generator = (generator * 1_103_515_245 + 12345) & 0x7FFF_FFFF
            line += sentence(1 + generator % 180, end: ["。", "？", "；", "!", "?", ";"][generator % 6])
        }
        let passages = ParagraphSplitter.paragraphs(of: line)
        #expect(passages.joined() == line)
        #expect(passages.allSatisfy { $0.unicodeScalars.count <= 500 })
        #expect(passages.count > 5)
    }

    /// Lengths are counted eight bytes at a time: they equal the scalar count for strings
    /// and substrings of every length, of one- to four-byte scalars.
    @Test func scalarCountsEqualTheScalarViews() {
        let scalars: [Character] = ["a", "é", "项", "。", "𠀀", "\n"]
        var random = SplitMix64(seed: 17)
        for _ in 0..<400 {
            let text = String((0..<Int(random.next() % 40)).map { _ in scalars[Int(random.next() % UInt64(scalars.count))] })
            #expect(text.scalarCount == text.unicodeScalars.count, "\(text)")
            let inner = text.dropFirst()
            #expect(inner.scalarCount == inner.unicodeScalars.count, "\(inner)")
        }
    }
}
