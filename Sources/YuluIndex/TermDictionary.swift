import Synchronization

/// What the dictionary holds for a term.
public struct TermInfo: Equatable, Sendable {
    /// The number of paragraphs the term occurs in.
    public let paragraphCount: Int
    /// Where its postings sit in the postings section.
    public let postings: Range<Int>
}

/// Writes the sorted term dictionary: u32 term count, u32 block count, u32 offset of each
/// block (from the end of the offset table), then blocks of up to 16 front-coded entries:
/// shared prefix length, suffix length, suffix, paragraph count, postings offset, postings
/// length (all varints). A block's first entry shares nothing, so it holds its whole term.
struct TermDictionaryWriter {
    static let blockSize = 16

    /// The entries per block in a segment of `version` (32 before version 6).
    static func blockSize(inVersion version: UInt32) -> Int { version >= 6 ? blockSize : 32 }

    private var blocks = ByteWriter()
    private var blockOffsets: [UInt32] = []
    private var previous: [UInt8] = []
    private var count = 0

    mutating func add(_ term: [UInt8], _ info: TermInfo) {
        if count % Self.blockSize == 0 {
            blockOffsets.append(UInt32(blocks.count))
            previous.removeAll(keepingCapacity: true)
        }
        var shared = 0
        let most = min(previous.count, term.count)
        while shared < most && previous[shared] == term[shared] { shared += 1 }
        blocks.appendVarint(UInt64(shared))
        blocks.appendVarint(UInt64(term.count - shared))
        blocks.append(contentsOf: term[shared...])
        blocks.appendVarint(UInt64(info.paragraphCount))
        blocks.appendVarint(UInt64(info.postings.lowerBound))
        blocks.appendVarint(UInt64(info.postings.count))
        // Copied into its own storage: sharing the caller's would make the caller's next
        // change to it copy the whole array.
        previous.replaceSubrange(shared..., with: term[shared...])
        count += 1
    }

    func bytes() -> [UInt8] {
        var writer = ByteWriter(capacity: blocks.count + blockOffsets.count * 4 + 8)
        writer.appendUInt32(UInt32(count))
        writer.appendUInt32(UInt32(blockOffsets.count))
        for offset in blockOffsets { writer.appendUInt32(offset) }
        writer.append(contentsOf: blocks.bytes)
        return writer.bytes
    }
}

/// Looks terms up in a mapped dictionary section: binary search over the blocks' first
/// terms, then a scan of one block.
struct TermDictionaryReader {
    private let section: UnsafeRawBufferPointer
    let termCount: Int
    private let blockSize: Int
    private let blockCount: Int
    private let blocksStart: Int
    /// The first eight bytes of each block's first term, built at the first lookup.
    private let blockKeys = BlockKeys()

    init(section: UnsafeRawBufferPointer, version: UInt32) throws(FormatError) {
        self.section = section
        blockSize = TermDictionaryWriter.blockSize(inVersion: version)
        var reader = ByteReader(section)
        termCount = Int(try reader.readUInt32())
        blockCount = Int(try reader.readUInt32())
        blocksStart = 8 + blockCount * 4
        guard blocksStart <= section.count, blockCount == (termCount + blockSize - 1) / blockSize else {
            throw FormatError("term dictionary header is damaged")
        }
    }

    private func blockOffset(_ block: Int) throws(FormatError) -> Int {
        var reader = ByteReader(section, offset: 8 + block * 4)
        return blocksStart + Int(try reader.readUInt32())
    }

    private func firstTerm(ofBlock block: Int) throws(FormatError) -> UnsafeRawBufferPointer {
        var reader = ByteReader(section, offset: try blockOffset(block))
        _ = try reader.readVarint()
        let length = Int(try reader.readVarint())
        return try reader.readBytes(length)
    }

    /// The last block whose first term is not after `term` (where `term` would be).
    /// Once the dictionary has served some lookups, narrows the search with the blocks'
    /// keys, which sit together in memory, so that only blocks whose key equals the term's
    /// have their first terms read from the section; a lookup touches one or two places in
    /// it instead of fifteen. Building the keys reads every block once (a millisecond for
    /// a large segment), more than a process that asks a few questions would ever save.
    private func block(holding term: [UInt8]) throws(FormatError) -> Int {
        var low = 0, high = blockCount - 1
        let keys = try blockKeys.keys(count: blockCount) { () throws(FormatError) in
            var keys: [UInt64] = []
            keys.reserveCapacity(blockCount)
            for block in 0..<blockCount { keys.append(BlockKeys.key(try firstTerm(ofBlock: block))) }
            return keys
        }
        if let keys {
            let key = term.withUnsafeBytes { BlockKeys.key($0) }
            // Keys never decrease with the terms, so blocks keyed below the term's start at or
            // before it and blocks keyed above start after it. The last block keyed at most
            // alike is the answer unless it is keyed alike (the term and its first term share
            // eight bytes): then the answer lies from the block before the first keyed alike
            // to it, and only those blocks need their first terms compared.
            high = max(Self.blocksKeyed(atMost: key, in: keys) - 1, 0)
            guard keys[high] == key else { return high }
            low = high
            while low > 0 && keys[low] == key { low -= 1 }
        }
        while low < high {
            let middle = (low + high + 1) / 2
            let first = try firstTerm(ofBlock: middle)
            if term.withUnsafeBytes({ ByteOrder.compare($0, first) }) >= 0 { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// How many of `keys` (rising, at least one) are at most `key`, by halves.
    private static func blocksKeyed(atMost key: UInt64, in keys: UnsafeBufferPointer<UInt64>) -> Int {
        var base = 0, length = keys.count
        while length > 1 {
            let half = length / 2
            if keys[base + half] <= key { base += half }
            length -= half
        }
        return keys[base] <= key ? base + 1 : base
    }

    /// The dictionary entry of `term`, or nil. Scans the block without rebuilding its
    /// terms: it tracks how many leading bytes of `term` the current entry matches, which
    /// the next entry's shared prefix length either keeps, extends or shows to be past it.
    /// Entries passed over have their three numbers stepped over, not decoded.
    func lookup(_ term: [UInt8]) throws(FormatError) -> TermInfo? {
        guard blockCount > 0 else { return nil }
        var entries = try self.entries(inBlock: try block(holding: term))
        var matched = 0
        while let (shared, suffix) = try entries.next() {
            // shared < matched: this term leaves the target's prefix upwards, so it and all after are past the target.
            if shared < matched { return nil }
            // shared > matched: it keeps the previous term's byte below the target's at `matched`.
            if shared == matched {
                var index = 0
                while index < suffix.count && matched < term.count && suffix[index] == term[matched] {
                    index += 1
                    matched += 1
                }
                if index == suffix.count && matched == term.count { return try entries.info() }
                // Past the target: a greater byte, or the target is a proper prefix of it.
                if matched == term.count || index < suffix.count && suffix[index] > term[matched] { return nil }
            }
            try entries.skipInfo()
        }
        return nil
    }

    /// Every term that starts with `prefix`, with its entry, in order.
    func forEach(prefix: [UInt8], _ body: ([UInt8], TermInfo) throws(FormatError) -> Void) throws(FormatError) {
        guard blockCount > 0 else { return }
        var block = try block(holding: prefix)
        var past = false
        while !past && block < blockCount {
            try scan(block: block) { term, info throws(FormatError) in
                if term.starts(with: prefix) {
                    try body(term, info)
                } else if prefix.lexicographicallyPrecedes(term) {
                    past = true
                    return false
                }
                return true
            }
            block += 1
        }
    }

    /// Every term with its entry, in order (for `check`, statistics and merging).
    func forEach(_ body: ([UInt8], TermInfo) throws(FormatError) -> Void) throws(FormatError) {
        for block in 0..<blockCount {
            try scan(block: block) { term, info throws(FormatError) in
                try body(term, info)
                return true
            }
        }
    }

    /// Decodes the entries of one block, rebuilding each term, while `body` returns true.
    private func scan(block: Int, _ body: ([UInt8], TermInfo) throws(FormatError) -> Bool) throws(FormatError) {
        var term: [UInt8] = []
        try forEachEntry(inBlock: block) { shared, suffix, info throws(FormatError) in
            term.removeSubrange(shared...)
            term.append(contentsOf: suffix)
            return try body(term, info)
        }
    }

    /// Decodes the entries of one block as they are stored (shared prefix length, suffix
    /// bytes, entry) while `body` returns true.
    private func forEachEntry(inBlock block: Int,
                              _ body: (Int, UnsafeRawBufferPointer, TermInfo) throws(FormatError) -> Bool) throws(FormatError) {
        var entries = try self.entries(inBlock: block)
        while let (shared, suffix) = try entries.next() {
            if !(try body(shared, suffix, try entries.info())) { return }
        }
    }

    private func entries(inBlock block: Int) throws(FormatError) -> BlockEntries {
        let end = block + 1 < blockCount ? try blockOffset(block + 1) : section.count
        return BlockEntries(reader: ByteReader(UnsafeRawBufferPointer(rebasing: section[..<end]), offset: try blockOffset(block)),
                            size: blockSize)
    }
}

/// The entries of one dictionary block as stored: each entry's shared prefix length and
/// suffix, then its entry numbers, which the reader either decodes or steps over.
private struct BlockEntries {
    var reader: ByteReader
    /// The most entries a block holds.
    private let size: Int
    private var previousLength = 0
    private var count = 0

    init(reader: ByteReader, size: Int) {
        self.reader = reader
        self.size = size
    }

    /// The next entry's shared prefix length and suffix, or nil after the block's last.
    /// Must be followed by `info()` or `skipInfo()` before the next call.
    @inline(__always)
    mutating func next() throws(FormatError) -> (shared: Int, suffix: UnsafeRawBufferPointer)? {
        guard !reader.isAtEnd && count < size else { return nil }
        let shared = try reader.readShortVarint()
        let suffix = try reader.readBytes(try reader.readShortVarint())
        guard shared >= 0, shared <= previousLength else { throw FormatError("term dictionary entry shares more than its predecessor has") }
        previousLength = shared + suffix.count
        count += 1
        return (shared, suffix)
    }

    mutating func info() throws(FormatError) -> TermInfo {
        let paragraphs = Int(try reader.readVarint())
        let offset = Int(try reader.readVarint())
        let length = Int(try reader.readVarint())
        return TermInfo(paragraphCount: paragraphs, postings: offset..<(offset + length))
    }

    @inline(__always)
    mutating func skipInfo() throws(FormatError) { try reader.skipThreeVarints() }
}

/// The first eight bytes of each dictionary block's first term, big-endian, padded with
/// zeros: an order-keeping summary of the blocks that a lookup can binary-search without
/// touching the mapped section. Built once, by whichever thread asks after the first
/// `lookupsBefore` lookups (two racing threads both build; one keeps its table). Lookups
/// read it without a lock or a reference count, so query threads do not contend on it.
/// (Unchecked: the table is written once, before its pointer is published, and never
/// changed.)
private final class BlockKeys: @unchecked Sendable {
    /// Lookups served without the table. Building it costs about what 2,600 lookups
    /// without it spend on extra reads (bench index), so a process that stops before this
    /// many has saved, and one that goes on has lost less than half the build.
    static let lookupsBefore = 1024
    private let table = Atomic<UnsafeMutablePointer<UInt64>?>(nil)
    private let lookups = Atomic<Int>(0)

    deinit { table.load(ordering: .acquiring)?.deallocate() }

    /// The table, built by `build` once enough lookups have asked; nil before.
    func keys(count: Int, _ build: () throws(FormatError) -> [UInt64]) throws(FormatError) -> UnsafeBufferPointer<UInt64>? {
        if let built = table.load(ordering: .acquiring) { return UnsafeBufferPointer(start: built, count: count) }
        guard lookups.add(1, ordering: .relaxed).newValue > Self.lookupsBefore else { return nil }
        let keys = try build()
        let made = UnsafeMutablePointer<UInt64>.allocate(capacity: max(count, 1))
        made.initialize(from: keys, count: count)
        let (stored, winner) = table.compareExchange(expected: nil, desired: made, ordering: .acquiringAndReleasing)
        if stored { return UnsafeBufferPointer(start: made, count: count) }
        made.deallocate()
        return UnsafeBufferPointer(start: winner, count: count)
    }

    /// A term's key: never greater than the key of a term after it.
    static func key(_ term: UnsafeRawBufferPointer) -> UInt64 {
        var key: UInt64 = 0
        for index in 0..<8 { key = key << 8 | UInt64(index < term.count ? term[index] : 0) }
        return key
    }
}
