import Foundation
import Testing
import YuluTestSupport
@testable import YuluIngest

@Suite struct DecodingTests {
    let speech = "同志们：\n坚持“项目为王”，優化營商環境。\n"

    func sample(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Project.sampleCorpus.appendingPathComponent(name)))
    }

    @Test func utf8WithAndWithoutByteOrderMark() throws {
        #expect(try TextDecoding.decode(Array(speech.utf8)) == DecodedText(text: speech, encoding: "utf-8"))
        #expect(try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array(speech.utf8)) == DecodedText(text: speech, encoding: "utf-8"))
    }

    @Test func utf16WithByteOrderMarks() throws {
        let little = speech.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = speech.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TextDecoding.decode([0xFF, 0xFE] + little) == DecodedText(text: speech, encoding: "utf-16le"))
        #expect(try TextDecoding.decode([0xFE, 0xFF] + big) == DecodedText(text: speech, encoding: "utf-16be"))
    }

    @Test func gb18030AndBig5AreDetected() throws {
        let gb = try TextDecoding.decode(sample("township-projects-gb18030.txt"))
        #expect(gb.encoding == "gb18030")
        #expect(gb.text.hasPrefix("乡镇党委书记在全镇项目观摩"))
        let big5 = try TextDecoding.decode(sample("town-projects-big5.txt"))
        #expect(big5.encoding == "big5")
        #expect(big5.text.hasPrefix("鎮長在全鎮重點項目推進會上的講話"))
    }

    @Test func truncatedMultiByteTextIsReported() throws {
        var gb = try sample("township-projects-gb18030.txt")
        while gb.last == 0x0A { gb.removeLast() }
        gb.removeLast() // the second byte of the last two-byte character
        #expect(throws: DecodingError.self) { try TextDecoding.decode(gb) }
        let cutUTF8 = Array(Array(speech.utf8).dropLast(2)) // inside the final "。" and "\n"
        #expect(throws: DecodingError(reason: "UTF-8 text whose last character is cut off (truncated file)")) {
            try TextDecoding.decode(Array(cutUTF8.dropLast()))
        }
    }

    @Test func binaryDataIsReported() {
        var random = SplitMix64(seed: 7)
        let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        #expect(throws: DecodingError.self) { try TextDecoding.decode(bytes) }
        #expect(throws: DecodingError(reason: "binary data, not text")) {
            try TextDecoding.decode([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 64))
        }
    }

    @Test func emptyInputIsEmptyText() throws {
        #expect(try TextDecoding.decode([]) == DecodedText(text: "", encoding: "utf-8"))
    }
}
