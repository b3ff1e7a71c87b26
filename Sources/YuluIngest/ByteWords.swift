/// Tests on eight bytes at a time, for the scans over raw text bytes (line ends,
/// controls, bytes beyond ASCII), which mostly find nothing in a word and skip it. Each
/// "whether" test is exact.
enum ByteWords {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first byte of `bytes` from `start` on that is `wanted`, or
    /// `bytes.count`; a word in which `mayHold` finds no wanted byte is skipped whole.
    @inline(__always)
    static func firstIndex(in bytes: UnsafeRawBufferPointer, from start: Int, skippingWords mayHold: (UInt64) -> Bool,
                           where wanted: (UInt8) -> Bool) -> Int {
        var index = start
        while index < bytes.count {
            if index + 8 <= bytes.count, !mayHold(word(bytes, at: index)) {
                index += 8
            } else if wanted(bytes[index]) {
                return index
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    /// The eight bytes at `offset` of `bytes` (first byte lowest).
    @inline(__always)
    static func word(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Whether some byte of `word` is `byte`.
    @inline(__always)
    static func contains(_ byte: UInt8, in word: UInt64) -> Bool {
        let differences = word ^ (UInt64(byte) &* ones)
        return (differences &- ones) & ~differences & highs != 0
    }

    /// Whether some byte of `word` is below `bound` (at most 0x80).
    @inline(__always)
    static func containsByte(below bound: UInt8, in word: UInt64) -> Bool {
        (word &- (UInt64(bound) &* ones)) & ~word & highs != 0
    }

    /// Whether some byte of `word` is beyond ASCII.
    @inline(__always)
    static func containsNonASCII(_ word: UInt64) -> Bool { word & highs != 0 }

    /// How many bytes of `word` are UTF-8 continuation bytes (10xxxxxx): one bit each at
    /// the bottom of its byte, summed into the top byte by the multiplication.
    @inline(__always)
    static func continuationBytes(in word: UInt64) -> Int {
        Int((((word & ~(word << 1) & highs) >> 7) &* ones) >> 56)
    }
}
