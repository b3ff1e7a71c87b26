import Testing
@testable import YuluIndex

@Suite struct ByteWriterTests {
    /// A string as the paragraph store holds it: a varint count of UTF-16 code units,
    /// then the units little-endian, straight from Swift's own UTF-16 view.
    static func expected(_ text: String) -> [UInt8] {
        var varint = ByteWriter()
        varint.appendVarint(UInt64(text.utf16.count))
        return varint.bytes + text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }

    @Test(arguments: ["", "a", "项目为王", "Café 5G，２０２５年", "𠀀𪚥 and 😀 beyond the BMP", String(repeating: "亲清政商关系𠀋", count: 40)])
    func utf16StringsAreWrittenAsUTF16View(_ text: String) {
        var writer = ByteWriter()
        writer.append(0xAB)
        let range = writer.appendUTF16String(text)
        #expect(writer.bytes == [0xAB] + Self.expected(text))
        #expect(range == (writer.count - 2 * text.utf16.count)..<writer.count)
    }
}
