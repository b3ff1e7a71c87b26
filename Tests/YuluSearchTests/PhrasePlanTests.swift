import Testing
import YuluAnalysis
import YuluIndex
@testable import YuluSearch

@Suite struct PhrasePlanTests {
    static func parts(_ phrase: String) -> [String] {
        PhrasePlan(PhrasePattern(Analyzer().analyze(phrase))).parts.map { part in
            switch part {
            case .term(let bytes, let offset):
                "\(Character(Unicode.Scalar(bytes[0])))\(String(decoding: bytes.dropFirst().map { $0 == 0 ? UInt8(ascii: "+") : $0 }, as: UTF8.self))@\(offset)"
            case .anyUnit(let unit, let offset): "any \(unit)@\(offset)"
            }
        }
    }

    /// Every position is fixed by the fewest terms; the break term is never needed.
    @Test func theFewestTermsThatFixEveryPosition() {
        #expect(Self.parts("项目") == ["b项+目@0"])
        #expect(Self.parts("项目为王") == ["b项+目@0", "b为+王@2"])
        #expect(Self.parts("坚持项目为王") == ["b坚+持@0", "b项+目@2", "b为+王@4"])
        #expect(Self.parts("项目为") == ["b项+目@0", "b目+为@1"])
        #expect(Self.parts("为王，环境") == ["b为+王@0", "u王@1", "b环+境@3"])
        #expect(Self.parts("王，环境") == ["u王@0", "b环+境@2"])
        #expect(Self.parts("为王，环") == ["b为+王@0", "u王@1", "any 环@3"])
        #expect(Self.parts("项") == ["any 项@0"])
        #expect(Self.parts("“项”") == ["any 项@0"])
        #expect(Self.parts("a，b，c") == ["ua@0", "ub@2", "any c@4"])
    }
}
