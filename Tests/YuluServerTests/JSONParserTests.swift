import Testing
import YuluSearch
@testable import YuluServer

@Suite struct JSONParserTests {
    @Test func parsesWhatJSONAllowsAndKeepsKeyOrder() throws {
        #expect(try JSONParser.parse(#" {"b":1,"a":[true,false,null,-0.5e2,"x"]} "#)
            == .object([("b", .int(1)), ("a", .array([.bool(true), .bool(false), .null, .double(-50), .string("x")]))]))
        #expect(try JSONParser.parse(#""\u9879\u76ee\ud83d\ude00\n\"\\\/""#) == .string("项目😀\n\"\\/"))
        #expect(try JSONParser.parse("\"项目为王\"") == .string("项目为王"))
        #expect(try JSONParser.parse("12345678901234567890") == .double(12_345_678_901_234_567_168))
    }

    @Test func refusesWhatItDoesNot() {
        for text in ["", "{", "{\"a\"}", "{\"a\":1,}", "[1,]", "01", "1.", "-", "\"\\x\"", "\"\\ud800\"", "\"a\u{1}\"", "tru",
                     "{} {}", String(repeating: "[", count: 65) + String(repeating: "]", count: 65), "'a'", "NaN"] {
            #expect(throws: JSONParser.Failure.self, "\(text)") { try JSONParser.parse(text) }
        }
    }
}
