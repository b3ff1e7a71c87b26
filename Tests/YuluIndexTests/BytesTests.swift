import Testing
import YuluTestSupport
@testable import YuluIndex

@Suite struct BytesTests {
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

    /// Three varints (1 to 10 bytes each, as LEB128 writes them) and then a marker byte,
    /// at every distance from the buffer's end: the reader lands on the marker, reading
    /// eight bytes at a time or byte by byte; cut short, it throws.
    @Test func threeVarintsAreSteppedOver() throws {
        var generator = SplitMix64(seed: 105)
        for _ in 0..<2000 {
            var writer = ByteWriter()
            for _ in 0..<3 { writer.appendVarint(UInt64.random(in: 0...UInt64.max, using: &generator) >> UInt64.random(in: 0...63, using: &generator)) }
            let varintBytes = writer.count
            writer.append(0xEE)
            let padding = Int.random(in: 0...9, using: &generator)
            for _ in 0..<padding { writer.append(0x81) }
            try writer.bytes.withUnsafeBytes { buffer in
                var reader = ByteReader(buffer)
                try reader.skipThreeVarints()
                #expect(reader.offset == varintBytes)
                #expect(try reader.readUInt8() == 0xEE)
                var cut = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[..<(varintBytes - 1)]))
                #expect(throws: FormatError.self) { try cut.skipThreeVarints() }
            }
        }
    }
}
