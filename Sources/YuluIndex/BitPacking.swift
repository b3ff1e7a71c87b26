/// Blocks of unsigned integers packed at a common bit width (see index/FORMAT.md): a
/// width byte w (0…32), then the values' low w bits one after another, least
/// significant bit first, in ⌈count·w/8⌉ bytes. A block of values that are all zero
/// takes the width byte alone.
@usableFromInline
enum BitPacking {
    /// The bytes after the width byte that `count` values of `width` bits take.
    @inline(__always)
    static func packedSize(count: Int, width: Int) -> Int { (count * width + 7) / 8 }

    /// The width that `count` values (`value(i)` for i in 0..<count) need: the bits of
    /// their OR, at least `minimum`.
    @inline(__always)
    static func width(count: Int, minimum: Int = 0, _ value: (Int) -> UInt32) -> Int {
        var all: UInt32 = 0
        for index in 0..<count { all |= value(index) }
        return max(minimum, UInt32.bitWidth - all.leadingZeroBitCount)
    }

    /// Writes the width byte and `count` values of `width` bits (`value(i)`, each below
    /// 2^width) at `offset` in `buffer`, which must hold their 1 + `packedSize` bytes;
    /// returns the offset after them.
    @inline(__always)
    static func pack(count: Int, width: Int, into buffer: UnsafeMutableRawBufferPointer, at offset: Int,
                     _ value: (Int) -> UInt32) -> Int {
        buffer[offset] = UInt8(width)
        var at = offset + 1
        guard width > 0 else { return at }
        var pending: UInt64 = 0
        var pendingBits = 0
        for index in 0..<count {
            pending |= UInt64(value(index)) << UInt64(pendingBits)
            pendingBits += width
            while pendingBits >= 8 {
                buffer[at] = UInt8(truncatingIfNeeded: pending)
                at += 1
                pending >>= 8
                pendingBits -= 8
            }
        }
        if pendingBits > 0 {
            buffer[at] = UInt8(truncatingIfNeeded: pending)
            at += 1
        }
        return at
    }

    /// Reads a width byte at `offset` in `bytes` and checks that `count` values of that
    /// width fit before `end`; returns the width and where the packed values start.
    @inline(__always)
    static func header(_ bytes: UnsafeRawBufferPointer, at offset: Int, count: Int, end: Int) throws(FormatError) -> (width: Int, start: Int) {
        guard offset >= 0, offset < end, end <= bytes.count else { throw FormatError("postings block runs past its data") }
        let width = Int(bytes[offset])
        guard width <= 32 else { throw FormatError("postings block has bit width \(width)") }
        guard offset + 1 + packedSize(count: count, width: width) <= end else { throw FormatError("postings block runs past its data") }
        return (width, offset + 1)
    }

    /// Unpacks `count` values of `width` bits starting at byte `start` (checked by
    /// `header`) as gaps: output[i] = previous + value + 1, running on from `previous`;
    /// returns the last. Loads eight bytes at a time where the buffer allows.
    @inline(__always)
    static func unpackGaps(_ bytes: UnsafeRawBufferPointer, start: Int, count: Int, width: Int, after previous: Int,
                           into output: UnsafeMutableBufferPointer<Int32>) -> Int {
        var running = previous
        guard width > 0 else {
            for index in 0..<count {
                running += 1
                output[index] = Int32(truncatingIfNeeded: running)
            }
            return running
        }
        let mask = UInt64(1) << UInt64(width) &- 1
        // Values whose eight-byte load stays inside the buffer take the fast path.
        let fast = start + packedSize(count: count, width: width) + 8 <= bytes.count ? count : 0
        // Eight values fill `width` bytes: up to 16 bits wide, groups of eight are read
        // two loads at a time, with the width a constant in each case (shifts by constants).
        var grouped = 0
        switch width {
        case 1: unpackGroups(bytes, start: start, width: 1, count: fast, running: &running, grouped: &grouped, into: output)
        case 2: unpackGroups(bytes, start: start, width: 2, count: fast, running: &running, grouped: &grouped, into: output)
        case 3: unpackGroups(bytes, start: start, width: 3, count: fast, running: &running, grouped: &grouped, into: output)
        case 4: unpackGroups(bytes, start: start, width: 4, count: fast, running: &running, grouped: &grouped, into: output)
        case 5: unpackGroups(bytes, start: start, width: 5, count: fast, running: &running, grouped: &grouped, into: output)
        case 6: unpackGroups(bytes, start: start, width: 6, count: fast, running: &running, grouped: &grouped, into: output)
        case 7: unpackGroups(bytes, start: start, width: 7, count: fast, running: &running, grouped: &grouped, into: output)
        case 8: unpackGroups(bytes, start: start, width: 8, count: fast, running: &running, grouped: &grouped, into: output)
        case 9: unpackGroups(bytes, start: start, width: 9, count: fast, running: &running, grouped: &grouped, into: output)
        case 10: unpackGroups(bytes, start: start, width: 10, count: fast, running: &running, grouped: &grouped, into: output)
        case 11: unpackGroups(bytes, start: start, width: 11, count: fast, running: &running, grouped: &grouped, into: output)
        case 12: unpackGroups(bytes, start: start, width: 12, count: fast, running: &running, grouped: &grouped, into: output)
        case 13: unpackGroups(bytes, start: start, width: 13, count: fast, running: &running, grouped: &grouped, into: output)
        case 14: unpackGroups(bytes, start: start, width: 14, count: fast, running: &running, grouped: &grouped, into: output)
        case 15: unpackGroups(bytes, start: start, width: 15, count: fast, running: &running, grouped: &grouped, into: output)
        case 16: unpackGroups(bytes, start: start, width: 16, count: fast, running: &running, grouped: &grouped, into: output)
        default: break
        }
        // Two passes: the loads are independent of each other, the running sum is not.
        for index in grouped..<fast {
            let bit = index &* width
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start &+ bit &>> 3, as: UInt64.self))
            output[index] = Int32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
        }
        for index in grouped..<fast {
            // The value's 32 bits, not a sign: the sum stays exact, so out-of-range damage shows.
            running &+= Int(UInt32(bitPattern: output[index])) &+ 1
            output[index] = Int32(truncatingIfNeeded: running)
        }
        for index in fast..<count {
            running += Int(value(bytes, start: start, index: index, width: width)) + 1
            output[index] = Int32(truncatingIfNeeded: running)
        }
        return running
    }

    /// Unpacks whole groups of eight of the first `count` gaps (see `unpackGaps`), from
    /// value `grouped` on, for a width of at most 16 that the caller passes as a literal.
    /// One load holds the first four values (4 × width bits) and another, at the byte where
    /// the fifth starts (and `shift` bits into it, 0 or 4), the other four.
    @inline(__always)
    private static func unpackGroups(_ bytes: UnsafeRawBufferPointer, start: Int, width: Int, count: Int, running: inout Int,
                                     grouped: inout Int, into output: UnsafeMutableBufferPointer<Int32>) {
        let mask = UInt64(1) << UInt64(width) &- 1
        let half = (4 &* width) &>> 3, shift = UInt64((4 &* width) & 7)
        let (one, two, three) = (UInt64(width), UInt64(2 &* width), UInt64(3 &* width))
        var sum = running
        @inline(__always)
        func four(_ packed: UInt64, at: Int) {
            sum &+= Int(packed & mask) &+ 1
            output[at] = Int32(truncatingIfNeeded: sum)
            sum &+= Int((packed &>> one) & mask) &+ 1
            output[at &+ 1] = Int32(truncatingIfNeeded: sum)
            sum &+= Int((packed &>> two) & mask) &+ 1
            output[at &+ 2] = Int32(truncatingIfNeeded: sum)
            sum &+= Int((packed &>> three) & mask) &+ 1
            output[at &+ 3] = Int32(truncatingIfNeeded: sum)
        }
        while grouped &+ 8 <= count {
            let base = start &+ (grouped &>> 3) &* width
            four(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: base, as: UInt64.self)), at: grouped)
            four(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: base &+ half, as: UInt64.self)) &>> shift, at: grouped &+ 4)
            grouped &+= 8
        }
        running = sum
    }

    /// Value `index` of a packed run of `width`-bit values starting at byte `start`
    /// (which `header` has checked lies within `bytes`).
    @inlinable @inline(__always)
    static func value(_ bytes: UnsafeRawBufferPointer, start: Int, index: Int, width: Int) -> UInt32 {
        let bit = index &* width
        let byte = start &+ bit &>> 3
        let word: UInt64
        if byte + 8 <= bytes.count {
            word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
        } else {
            var assembled: UInt64 = 0
            for offset in 0..<(bytes.count - byte) { assembled |= UInt64(bytes[byte + offset]) << UInt64(8 * offset) }
            word = assembled
        }
        return UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & (UInt64(1) << UInt64(width) &- 1))
    }
}
