import Foundation
import Testing
import YuluSearch
import YuluTestSupport
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
                     "{} {}", String(repeating: "[", count: 65) + String(repeating: "]", count: 65), "'a'", "NaN", "1e999", "-2.5E400"] {
            #expect(throws: JSONParser.Failure.self, "\(text)") { try JSONParser.parse(text) }
        }
    }

    /// Random values written with random spacing and escapes, and as the server writes
    /// them, read back as themselves; the
    /// same texts with a byte deleted, doubled or replaced are accepted exactly when
    /// Foundation's JSONSerialization accepts them, but for a comma before a closing
    /// bracket, which Foundation lets through and RFC 8259 does not (nesting stays under
    /// both parsers' limits).
    @Test func randomTextsReadAsFoundationReadsThem() throws {
        var random = SplitMix64(seed: 5)
        var writer = RandomJSONWriter(random: SplitMix64(seed: 6))
        var accepted = 0, refused = 0
        for _ in 0..<20_000 {
            let value = writer.value(depth: 0)
            let text = writer.write(value)
            #expect(try JSONParser.parse(text) == value, "\(text)")
            // What the server writes reads back as the same value, here and in Foundation.
            let serialized = value.serialized()
            #expect(try JSONParser.parse(serialized) == value, "\(serialized)")
            #expect((try? JSONSerialization.jsonObject(with: Data(serialized.utf8), options: .fragmentsAllowed)) != nil, "\(serialized)")

            var bytes = Array(text.utf8)
            let at = Int(random.next() % UInt64(bytes.count))
            let replacements = Array("{}[]\",:\\u0123456789.eE+-tfn \n".utf8)
            switch random.next() % 3 {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(bytes[at], at: at)
            default: bytes[at] = replacements[Int(random.next() % UInt64(replacements.count))]
            }
            guard let mutated = String(validating: bytes, as: UTF8.self) else { continue }
            // Foundation also takes a comma before a closing bracket, which RFC 8259 does not allow.
            let trailingComma = mutated.contains(/,[ \t\n\r]*[\]}]/)
            let foundationAccepts = (try? JSONSerialization.jsonObject(with: Data(mutated.utf8), options: .fragmentsAllowed)) != nil
            let ours = (try? JSONParser.parse(mutated)) != nil
            #expect(ours == (foundationAccepts && !trailingComma), "\(mutated.debugDescription): ours \(ours), Foundation's \(foundationAccepts)")
            if ours { accepted += 1 } else { refused += 1 }
        }
        #expect(accepted > 2_000 && refused > 2_000, "accepted \(accepted), refused \(refused)")
    }
}

/// Random JSON values, and texts of them written with random spacing and escapes.
struct RandomJSONWriter {
    var random: SplitMix64

    private mutating func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

    /// A value at most 6 levels deep, with no repeated key in an object.
    mutating func value(depth: Int) -> JSONValue {
        switch below(depth < 6 ? 9 : 6) {
        case 0: return .null
        case 1: return .bool(below(2) == 0)
        case 2: return .int(below(2) == 0 ? below(1000) : Int(bitPattern: UInt(random.next())) >> below(64))
        case 3: return .double(Double(Int(bitPattern: UInt(random.next())) >> 11) * pow(10, Double(below(40) - 25)))
        case 4, 5: return .string(string())
        case 6, 7: return .array((0..<below(4)).map { _ in value(depth: depth + 1) })
        default:
            var keys = Set<String>()
            return .object((0..<below(4)).compactMap { _ in
                let key = string()
                return keys.insert(key).inserted ? (key, value(depth: depth + 1)) : nil
            })
        }
    }

    private mutating func string() -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1F}", "项", "目", "為", "é", "\u{7F}",
                                      "\u{FFFF}", "😀", "\u{10FFFF}", "\u{E000}"]
        return String(String.UnicodeScalarView((0..<below(8)).map { _ in pool[below(pool.count)] }))
    }

    /// `value` as JSON text: spacing between tokens, and each character of a string
    /// escaped or not as JSON allows (control characters always).
    mutating func write(_ value: JSONValue) -> String {
        let spaces = [" ", "\t", "\n", "\r"]
        func space(_ writer: inout RandomJSONWriter) -> String {
            (0..<writer.below(3)).map { _ in spaces[writer.below(spaces.count)] }.joined()
        }
        switch value {
        case .null: return space(&self) + "null" + space(&self)
        case .bool(let flag): return space(&self) + (flag ? "true" : "false") + space(&self)
        case .int(let number): return space(&self) + String(number) + space(&self)
        case .double(let number):
            // %g writes a whole number without a point, which would read as an integer.
            let text = String(format: below(2) == 0 ? "%.17g" : "%.17e", number)
            return space(&self) + text + (text.contains(where: { ".e".contains($0) }) ? "" : "e0") + space(&self)
        case .string(let text): return space(&self) + quoted(text) + space(&self)
        case .array(let elements): return "[" + space(&self) + elements.map { write($0) }.joined(separator: ",") + "]"
        case .object(let members):
            return "{" + space(&self) + members.map { key, value in space(&self) + quoted(key) + space(&self) + ":" + write(value) }
                .joined(separator: ",") + "}"
        }
    }

    private mutating func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            let mustEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            guard mustEscape || below(3) == 0 else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n" where below(2) == 0: result += "\\n"
            case "\t" where below(2) == 0: result += "\\t"
            case "/" where below(2) == 0: result += "\\/"
            default:
                let units = Array(String(scalar).utf16)
                result += units.map { String(format: below(2) == 0 ? "\\u%04x" : "\\u%04X", $0) }.joined()
            }
        }
        return result + "\""
    }
}
