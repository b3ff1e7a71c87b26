/// Compresses paragraph-store blocks as raw deflate (RFC 1951), every block primed with
/// the same preset dictionary, so that zlib's `inflate` with that dictionary restores
/// them (see `Deflate.decompress`).
///
/// zlib's `deflateSetDictionary` hashes the whole 16 KiB dictionary again for each 2 KiB
/// block (at level 1, about 70 µs a block on this machine, 11.8% of an index build's
/// CPU). This encoder hashes the dictionary once, keeps the block's own positions in a
/// small table stamped per block (never cleared), and matches greedily over short hash
/// chains as zlib's level 1 does, writing one dynamic-Huffman block per call (8.7% of the
/// build's CPU, and blocks 0.3% smaller). Not thread-safe: one per store writer.
final class DeflateEncoder {
    private let dictionary: [UInt8]
    /// Per 15-bit hash: the last dictionary position with it, plus one (0: none); and per
    /// dictionary position, the one before it with the same hash, plus one.
    private var dictionaryHead: [UInt16]
    private var dictionaryChain: [UInt16]
    /// Per 12-bit hash: the block's last position with it (plus one) in the low 32 bits,
    /// the block's stamp in the high ones; entries of earlier blocks are stale.
    private var blockHead: [UInt64]
    private var blockChain: [Int32] = []
    private var stamp: UInt64 = 0
    /// The dictionary followed by the block being compressed (the dictionary stays).
    private var window: [UInt8]
    /// The block's symbols: a literal byte, or (1 << 31 | length << 15 | distance − 1).
    private var tokens: [UInt32] = []

    private static let hashBits = 15
    private static let blockHashBits = 12
    private static let minimumMatch = 4
    private static let maximumMatch = 258
    private static let maximumDistance = 32_768
    /// Candidates compared per position, and a match long enough to stop looking.
    private static let chainLimit = 4
    private static let niceMatch = 16

    init(dictionary: [UInt8]) {
        self.dictionary = Array(dictionary.suffix(Self.maximumDistance - Self.maximumMatch))
        dictionaryHead = [UInt16](repeating: 0, count: 1 << Self.hashBits)
        dictionaryChain = [UInt16](repeating: 0, count: self.dictionary.count)
        blockHead = [UInt64](repeating: 0, count: 1 << Self.blockHashBits)
        window = self.dictionary
        self.dictionary.withUnsafeBytes { bytes in
            guard bytes.count >= 4 else { return }
            for position in 0...(bytes.count - 4) {
                let hash = Self.hash(bytes, position)
                dictionaryChain[position] = dictionaryHead[hash]
                dictionaryHead[hash] = UInt16(position + 1)
            }
        }
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Int {
        Int((bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self) &* 2_654_435_761) >> UInt32(32 - hashBits))
    }

    /// `input` as one final dynamic-Huffman deflate block.
    func compress(_ input: [UInt8]) -> [UInt8] {
        window.removeSubrange(dictionary.count...)
        window.append(contentsOf: input)
        findTokens(start: dictionary.count)
        var writer = DeflateBitWriter(capacity: input.count / 2 + 64)
        HuffmanBlock(tokens: tokens).write(to: &writer)
        return writer.finish()
    }

    /// Greedy LZ77 over the window from `start`: at each position the longest match
    /// among the last `chainLimit` candidates (the block's own first, then the dictionary's).
    private func findTokens(start: Int) {
        stamp &+= 1
        let stampBits = stamp << 32
        let end = window.count
        if blockChain.count < end - start { blockChain = [Int32](repeating: 0, count: end - start) }
        var found = tokens
        tokens = []
        found.removeAll(keepingCapacity: true)
        window.withUnsafeBytes { bytes in
            blockHead.withUnsafeMutableBufferPointer { blockHead in
                blockChain.withUnsafeMutableBufferPointer { blockChain in
                    dictionaryHead.withUnsafeBufferPointer { dictionaryHead in
                        dictionaryChain.withUnsafeBufferPointer { dictionaryChain in
                            let shift = Self.hashBits - Self.blockHashBits
                            /// Makes block position `at` (from `start`) the newest of its hash.
                            @inline(__always) func insert(_ at: Int, slot: Int) {
                                let head = blockHead[slot]
                                blockChain[at] = head & 0xFFFF_FFFF_0000_0000 == stampBits ? Int32(truncatingIfNeeded: head) : 0
                                blockHead[slot] = stampBits | UInt64(at + 1)
                            }
                            var position = start
                            while position + Self.minimumMatch <= end {
                                let hash = Self.hash(bytes, position)
                                let slot = hash >> shift
                                var bestLength = 0, bestDistance = 0
                                var tries = Self.chainLimit
                                let limit = min(Self.maximumMatch, end - position)
                                // The block's earlier positions with this hash, most recent first.
                                let head = blockHead[slot]
                                var candidate = head & 0xFFFF_FFFF_0000_0000 == stampBits ? Int(Int32(truncatingIfNeeded: head)) - 1 : -1
                                while candidate >= 0 && candidate < position - start && tries > 0 {
                                    let at = start + candidate
                                    if position - at > Self.maximumDistance { break }
                                    let length = Self.matchLength(bytes, at, position, limit: limit)
                                    if length > bestLength { (bestLength, bestDistance) = (length, position - at) }
                                    if bestLength >= Self.niceMatch { break }
                                    candidate = Int(blockChain[candidate]) - 1
                                    tries -= 1
                                }
                                var entry = Int(dictionaryHead[hash]) - 1
                                while entry >= 0 && tries > 0 && bestLength < Self.niceMatch {
                                    if position - entry > Self.maximumDistance { break }
                                    let length = Self.matchLength(bytes, entry, position, limit: limit)
                                    if length > bestLength { (bestLength, bestDistance) = (length, position - entry) }
                                    entry = Int(dictionaryChain[entry]) - 1
                                    tries -= 1
                                }
                                insert(position - start, slot: slot)
                                if bestLength >= Self.minimumMatch {
                                    found.append(1 << 31 | UInt32(bestLength) << 15 | UInt32(bestDistance - 1))
                                    // As zlib's level 1: the positions inside a short match are hashed too.
                                    if bestLength == Self.minimumMatch {
                                        for inside in (position + 1)..<min(position + bestLength, end - Self.minimumMatch + 1) {
                                            insert(inside - start, slot: Self.hash(bytes, inside) >> shift)
                                        }
                                    }
                                    position += bestLength
                                } else {
                                    found.append(UInt32(bytes[position]))
                                    position += 1
                                }
                            }
                            while position < end {
                                found.append(UInt32(bytes[position]))
                                position += 1
                            }
                        }
                    }
                }
            }
        }
        tokens = found
    }

    /// How many bytes from `a` equal those from `b` (a < b), at most `limit`.
    @inline(__always)
    private static func matchLength(_ bytes: UnsafeRawBufferPointer, _ a: Int, _ b: Int, limit: Int) -> Int {
        var length = 0
        while length + 8 <= limit {
            let difference = bytes.loadUnaligned(fromByteOffset: a + length, as: UInt64.self)
                ^ bytes.loadUnaligned(fromByteOffset: b + length, as: UInt64.self)
            if difference != 0 { return length + difference.littleEndian.trailingZeroBitCount / 8 }
            length += 8
        }
        while length < limit && bytes[a + length] == bytes[b + length] { length += 1 }
        return length
    }
}

/// Bits written least significant first, as deflate packs them, into a buffer grown as
/// needed (no per-byte array bookkeeping on the hot path).
struct DeflateBitWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var used = 0
    private var buffer: UInt64 = 0
    private var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Writes the low `width` bits of `value` (at most 32).
    @inline(__always)
    mutating func write(_ value: UInt32, width: Int) {
        buffer |= UInt64(value) << UInt64(count)
        count += width
        if count >= 32 {
            if used + 4 > capacity { grow() }
            UnsafeMutableRawPointer(base + used).storeBytes(of: UInt32(truncatingIfNeeded: buffer).littleEndian, as: UInt32.self)
            used += 4
            buffer >>= 32
            count -= 32
        }
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * capacity)
        bigger.update(from: base, count: used)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// The bytes, the last one padded with zero bits.
    consuming func finish() -> [UInt8] {
        var bytes = Array(UnsafeBufferPointer(start: base, count: used))
        while count > 0 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count = max(count - 8, 0)
        }
        return bytes
    }
}
