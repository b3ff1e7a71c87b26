import Testing
import YuluTestSupport
@testable import YuluIndex

/// Packed runs read back as written: every width from 0 to 32, runs of every length
/// around the groups of eight that narrow widths are unpacked in, with the run ending
/// right at the end of the buffer (where the eight-byte loads must not reach) and
/// followed by more bytes.
@Suite struct BitPackingTests {
    @Test func gapsUnpackAsPackedAtEveryWidth() {
        var random = SplitMix64(seed: 5)
        for width in 0...32 {
            for count in [1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64] {
                let largest = width == 0 ? 0 : (UInt64(1) << UInt64(width)) - 1
                var values = (0..<count).map { _ in UInt32(width == 0 ? 0 : random.next() % (largest + 1)) }
                values[Int(random.next() % UInt64(count))] = UInt32(largest)
                var writer = ByteWriter()
                writer.append(contentsOf: [0xAB, 0xCD])
                let packedWidth = BitPacking.width(count: count, minimum: width) { values[$0] }
                writer.append(count: 1 + BitPacking.packedSize(count: count, width: packedWidth)) { buffer in
                    #expect(BitPacking.pack(count: count, width: packedWidth, into: buffer, at: 0) { values[$0] } == buffer.count)
                }
                let previous = Int(random.next() % 1_000) - 1
                var expected: [Int32] = []
                var running = previous
                for value in values {
                    running += Int(value) + 1
                    expected.append(Int32(truncatingIfNeeded: running))
                }
                for trailing in [0, 3, 16] {
                    let bytes = writer.bytes + [UInt8](repeating: 0xFF, count: trailing)
                    bytes.withUnsafeBytes { buffer in
                        var output = [Int32](repeating: -7, count: count)
                        let last = output.withUnsafeMutableBufferPointer { out in
                            BitPacking.unpackGaps(buffer, start: 3, count: count, width: Int(bytes[2]), after: previous, into: out)
                        }
                        #expect(Int(bytes[2]) == width)
                        #expect(output == expected, "width \(width), \(count) values, \(trailing) bytes after")
                        #expect(last == running)
                        for index in 0..<count {
                            #expect(BitPacking.value(buffer, start: 3, index: index, width: width) == values[index])
                        }
                    }
                }
            }
        }
    }
}
