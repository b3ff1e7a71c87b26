import Testing
import YuluSearch
import YuluTestSupport
@testable import YuluServer

@Suite struct JSONSerializationTests {
    /// JSON string escaping written out scalar by scalar, as DESIGN's output rules state it.
    static func reference(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test func stringsEscapeAsScalarByScalarAndParseBack() throws {
        // Neighbours of the escaped characters too: U+2027 and U+20AC share the lead
        // byte E2 with U+2028/U+2029; U+7F and "/" are left as they are.
        let alphabet: [String] = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "/", "a", " ", "\u{2028}",
                                  "\u{2029}", "\u{2027}", "\u{20AC}", "\u{E2}", "项", "為", "😀", "é"]
        var random = SplitMix64(seed: 11)
        for round in 0..<3_000 {
            let length = round < 200 ? round % 4 : Int(random.next() % 40)
            let text = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
            let serialized = JSONValue.string(text).serialized()
            #expect(serialized == Self.reference(text), "\(Array(text.unicodeScalars))")
            guard case .string(let back) = try JSONParser.parse(serialized) else {
                Issue.record("\(serialized) does not parse back to a string")
                continue
            }
            #expect(back == text)
        }
        #expect(JSONValue.object([("k\u{2028}", .array([.string("\u{1}"), .int(-3), .double(0.5), .null, .bool(true)]))]).serialized()
            == #"{"k\u2028":["\u0001",-3,0.5,null,true]}"#)
    }
}
