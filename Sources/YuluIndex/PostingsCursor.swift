/// One paragraph's entry in a term's postings.
public struct Posting: Equatable, Sendable {
    /// The paragraph, numbered within its segment.
    public let paragraph: Int
    /// Term frequency (the number of positions for positional terms).
    public let frequency: Int
    /// Positions in the paragraph, rising (empty for words).
    public let positions: [Int]
}

/// Reads a term's postings in paragraph order without allocating. A block's paragraphs
/// are decoded into the cursor when it is entered; `nextParagraph()` steps through
/// them and `seek(atLeast:)` jumps whole blocks through the skip table (galloping, then
/// a binary search) and searches the block it lands in. Frequencies are read from the
/// packed block only when asked for, and positions only by `readPositions`, straight
/// from the block's packed run. `next()` and `advance(to:)` wrap these into `Posting`s.
public struct PostingsCursor {
    @usableFromInline internal let bytes: UnsafeRawBufferPointer
    @usableFromInline internal let positional: Bool
    /// Whether each block carries its impact (word terms).
    public let hasImpacts: Bool
    private let impactsStart: Int
    /// The entry count.
    public let count: Int
    /// The number of blocks the entries are packed in.
    public let blockCount: Int
    private let entriesStart: Int
    @usableFromInline internal let positionsStart: Int
    /// The current entry's paragraph (-1 before the first, `Int.max` after the last).
    @inlinable public var paragraph: Int { currentParagraph }
    @usableFromInline internal var currentParagraph = -1

    /// The decoded block (`PostingsFormat.blockSize` entries at most, the size of the
    /// inline arrays here): its number, its paragraphs, how many, which is current (-1
    /// before the first), and where its packed frequencies sit.
    @usableFromInline internal var block = -1
    @usableFromInline internal var blockParagraphs = InlineArray<64, Int32>(repeating: 0)
    @usableFromInline internal var blockLength = 0
    @usableFromInline internal var entry = -1
    @usableFromInline internal var frequencyWidth = 0
    @usableFromInline internal var frequencyStart = 0
    /// Once the block's frequencies are unpacked: where each entry's positions start in
    /// the block's positions run (entry i's are `positionStarts[i]..<positionStarts[i + 1]`).
    @usableFromInline internal var positionStarts = InlineArray<65, Int32>(repeating: 0)
    @usableFromInline internal var frequenciesUnpacked = false
    /// Where the next block's entries start, and the paragraph before it.
    private var nextBlockOffset: Int
    @usableFromInline internal var paragraphBeforeNextBlock = -1

    /// The packed positions run of block `positionsBlock`: its width and where its
    /// values start.
    @usableFromInline internal var positionsBlock = -1
    @usableFromInline internal var positionsWidth = 0
    @usableFromInline internal var positionsValuesStart = 0

    let skips: SkipTable
    /// The block `blockImpact` last reported (−1 before the first call, a block that holds
    /// nothing), and the paragraphs before it and before the block after it (`Int.max`
    /// past the last): a target above the one and not above the other is in it.
    private var impactBlock = -1
    private var impactBefore = -1
    private var impactLast = -1

    /// A cursor over no postings.
    public init() {
        bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        positional = false
        hasImpacts = false
        (count, blockCount, impactsStart, entriesStart, positionsStart, nextBlockOffset) = (0, 0, 0, 0, 0, 0)
        skips = SkipTable()
    }

    init(_ bytes: UnsafeRawBufferPointer, positional: Bool, impacts: Bool) throws(FormatError) {
        var reader = ByteReader(bytes)
        self.bytes = bytes
        self.positional = positional
        hasImpacts = impacts
        count = Int(truncatingIfNeeded: try reader.readVarint())
        let skipsLength = Int(truncatingIfNeeded: try reader.readVarint())
        let entriesLength = Int(truncatingIfNeeded: try reader.readVarint())
        guard count >= 0, count <= bytes.count * 64, skipsLength >= 0, skipsLength <= bytes.count, entriesLength >= 0,
              entriesLength <= bytes.count else {
            throw FormatError("postings header is damaged")
        }
        blockCount = (count + PostingsFormat.blockSize - 1) / PostingsFormat.blockSize
        impactsStart = reader.offset
        let skipsStart = impactsStart + (impacts ? 2 * blockCount : 0)
        guard skipsStart + skipsLength + entriesLength <= bytes.count else { throw FormatError("postings header is damaged") }
        skips = try SkipTable(bytes, start: skipsStart, length: skipsLength, blocks: blockCount, positional: positional)
        entriesStart = skipsStart + skipsLength
        positionsStart = entriesStart + entriesLength
        nextBlockOffset = entriesStart
    }

    /// The current entry's frequency (the number of positions for positional terms):
    /// from the block's unpacked frequencies when `readPositions` has unpacked them,
    /// else read from the packed block.
    /// (A mutating getter: a non-mutating one copies the whole cursor at some call sites.)
    @inlinable
    public var frequency: Int {
        @inline(__always)
        mutating get {
            guard entry >= 0, entry < blockLength else { return 0 }
            guard frequencyWidth > 0 else { return 1 }
            if frequenciesUnpacked { return Int(positionStarts[entry + 1] - positionStarts[entry]) }
            return capped(Int(BitPacking.value(bytes, start: frequencyStart, index: entry, width: frequencyWidth)) + 1)
        }
    }

    /// A frequency capped at what could fit: a position takes a bit at least, so a
    /// damaged frequency never sizes a buffer beyond the postings (reading its positions
    /// then fails).
    @inlinable
    func capped(_ frequency: Int) -> Int {
        positional ? min(frequency, max(bytes.count - positionsStart, 1) * 8) : frequency
    }

    /// Unpacks the block's frequencies into where each entry's positions start (a
    /// running sum of frequency − 1 plus one, as gaps are). Their total must fit the
    /// positions left, a bit each.
    @usableFromInline
    mutating func unpackFrequencies() throws(FormatError) {
        var span = positionStarts.mutableSpan
        let total = span.withUnsafeMutableBufferPointer { starts in
            starts[0] = 0
            return BitPacking.unpackGaps(bytes, start: frequencyStart, count: blockLength, width: frequencyWidth, after: 0,
                                         into: UnsafeMutableBufferPointer(rebasing: starts[1...]))
        }
        guard total == capped(total), total <= Int(Int32.max) else { throw FormatError("postings frequencies are damaged") }
        frequenciesUnpacked = true
    }

    /// Moves to the next entry and returns its paragraph, or nil at the end.
    @inlinable
    public mutating func nextParagraph() throws(FormatError) -> Int? {
        entry += 1
        if entry >= blockLength {
            guard block + 1 < blockCount else { return finish() }
            try decodeNextBlock()
        }
        currentParagraph = Int(blockParagraphs[entry])
        return paragraph
    }

    /// Appends the paragraphs of every entry after the current one to `output`, a decoded
    /// block at a time, and leaves the cursor at the end.
    public mutating func appendRemainingParagraphs(to output: inout [Int32]) throws(FormatError) {
        while true {
            if entry + 1 < blockLength {
                let (from, to) = (entry + 1, blockLength)
                blockParagraphs.span.withUnsafeBufferPointer { output.append(contentsOf: $0[from..<to]) }
            }
            guard block + 1 < blockCount else { break }
            try decodeNextBlock()
            entry = -1
        }
        _ = finish()
    }

    @usableFromInline
    mutating func finish() -> Int? {
        currentParagraph = Int.max
        entry = blockLength
        return nil
    }

    /// Decodes the paragraphs of the block after `block` and makes its first entry current.
    @usableFromInline
    mutating func decodeNextBlock() throws(FormatError) {
        let length = min(PostingsFormat.blockSize, count - (block + 1) * PostingsFormat.blockSize)
        let gaps = try BitPacking.header(bytes, at: nextBlockOffset, count: length, end: positionsStart)
        let frequenciesOffset = gaps.start + BitPacking.packedSize(count: length, width: gaps.width)
        let frequencies = try BitPacking.header(bytes, at: frequenciesOffset, count: length, end: positionsStart)
        let (postings, after) = (bytes, paragraphBeforeNextBlock)
        let previous = withUnsafeMutableBytes(of: &blockParagraphs) { raw in
            BitPacking.unpackGaps(postings, start: gaps.start, count: length, width: gaps.width, after: after,
                                  into: raw.bindMemory(to: Int32.self))
        }
        guard previous <= Int(Int32.max) else { throw FormatError("postings paragraph out of range") }
        block += 1
        blockLength = length
        entry = 0
        (frequencyWidth, frequencyStart) = frequencies
        frequenciesUnpacked = false
        nextBlockOffset = frequencies.start + BitPacking.packedSize(count: length, width: frequencies.width)
        paragraphBeforeNextBlock = previous
    }

    /// Moves to the first entry at or after paragraph `target` (staying put when the
    /// current one is), jumping whole blocks through the skip entries; nil at the end.
    public mutating func seek(atLeast wanted: Int) throws(FormatError) -> Int? {
        let target = max(wanted, 0)
        if entry >= 0 && paragraph >= target { return paragraph == Int.max ? nil : paragraph }
        if paragraphBeforeNextBlock < target {
            try skip(toBlockBefore: target)
            guard block + 1 < blockCount else { return finish() }
            try decodeNextBlock()
        }
        return searchBlock(for: target)
    }

    /// `seek(atLeast:)` inlined where the target is in the decoded block, for a caller
    /// whose targets mostly are: ranking's scorer (6% fewer instructions ranking two-unit
    /// phrases, 9% ranking ORs). Phrase matching calls `seek`: inlined into its tighter
    /// loop, it made OR counts take 3% more.
    @inlinable @inline(__always)
    public mutating func seekNearby(atLeast target: Int) throws(FormatError) -> Int? {
        if entry >= 0 && currentParagraph >= target { return currentParagraph == Int.max ? nil : currentParagraph }
        guard entry >= 0, target >= 0, paragraphBeforeNextBlock >= target else { return try seek(atLeast: target) }
        return searchBlock(for: target)
    }

    /// Moves to the first entry of the decoded block at or after the current one whose
    /// paragraph is at least `target`, which the block holds unless it is the last: a
    /// short linear probe (targets tend to be near), then a binary search; nil past the end.
    @inlinable @inline(__always)
    mutating func searchBlock(for target: Int) -> Int? {
        var low = max(entry, 0)
        let last = blockLength - 1
        let probeEnd = min(low + 8, last)
        while low < probeEnd && Int(blockParagraphs[low]) < target { low += 1 }
        if Int(blockParagraphs[low]) < target {
            guard Int(blockParagraphs[last]) >= target else { return finish() }
            var high = last
            low += 1
            while low < high {
                let middle = (low + high) / 2
                if Int(blockParagraphs[middle]) < target { low = middle + 1 } else { high = middle }
            }
        }
        entry = low
        currentParagraph = Int(blockParagraphs[entry])
        return paragraph
    }

    /// Places the cursor just before the last block whose preceding paragraph is below
    /// `target`, unless that is the block after the decoded one (where it stays).
    private mutating func skip(toBlockBefore target: Int) throws(FormatError) {
        let next = skips.lastBlock(before: target, from: block + 1, of: blockCount, in: bytes)
        guard next > block + 1 else { return }
        let paragraphBefore = skips.paragraphBefore(block: next, in: bytes)
        let offset = skips.entriesOffset(block: next, in: bytes)
        guard entriesStart + offset < positionsStart, paragraphBefore >= paragraphBeforeNextBlock else {
            throw FormatError("postings skip runs past its data")
        }
        block = next - 1
        nextBlockOffset = entriesStart + offset
        paragraphBeforeNextBlock = paragraphBefore
    }

    /// The block that would hold paragraph `target`: its impact (see `BlockImpact`) and
    /// the last paragraph it holds (`Int.max` for the last block). Reads the skip table
    /// only, so the cursor may be elsewhere.
    public mutating func blockImpact(at target: Int) throws(FormatError) -> (impact: UInt16, last: Int) {
        guard hasImpacts, blockCount > 0 else { throw FormatError("these postings have no impacts") }
        if target <= impactBefore || target > impactLast {
            // Targets mostly rise a block at a time: try the next block before searching.
            var block = target > impactLast ? impactBlock + 1 : 0
            var last = skips.lastParagraph(ofBlock: block, of: blockCount, in: bytes)
            if target > last {
                block = skips.lastBlock(before: target, from: block, of: blockCount, in: bytes)
                last = skips.lastParagraph(ofBlock: block, of: blockCount, in: bytes)
            }
            (impactBlock, impactBefore, impactLast) = (block, skips.paragraphBefore(block: block, in: bytes), last)
        }
        return (impact(ofBlock: impactBlock), impactLast)
    }

    /// Block `number`'s stored impact (0 without impacts or past the blocks).
    public func impact(ofBlock number: Int) -> UInt16 {
        guard hasImpacts, number >= 0, number < blockCount else { return 0 }
        return UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: impactsStart + 2 * number, as: UInt16.self))
    }

    /// Checks the skip table against the blocks it points to, walking them in order, and
    /// that the entries and positions end where the postings do (for `yulu check`).
    func verifySkips() throws(FormatError) {
        var walker = self
        walker.block = -1
        walker.nextBlockOffset = entriesStart
        walker.paragraphBeforeNextBlock = -1
        var positionsOffset = 0
        for number in 0..<blockCount {
            if number > 0 {
                guard skips.paragraphBefore(block: number, in: bytes) == walker.paragraphBeforeNextBlock,
                      entriesStart + skips.entriesOffset(block: number, in: bytes) == walker.nextBlockOffset,
                      !positional || skips.positionsOffset(block: number, in: bytes) == positionsOffset else {
                    throw FormatError("postings skip \(number) does not point at its block")
                }
            }
            try walker.decodeNextBlock()
            guard positional else { continue }
            try walker.unpackFrequencies()
            let total = Int(walker.positionStarts[walker.blockLength])
            let run = try BitPacking.header(bytes, at: positionsStart + positionsOffset, count: total, end: bytes.count)
            positionsOffset = run.start + BitPacking.packedSize(count: total, width: run.width) - positionsStart
        }
        guard walker.nextBlockOffset == positionsStart, !positional || positionsStart + positionsOffset == bytes.count else {
            throw FormatError("postings hold bytes past their last block")
        }
    }

    /// The next posting, or nil at the end.
    public mutating func next() throws(FormatError) -> Posting? {
        guard let paragraph = try nextParagraph() else { return nil }
        return try posting(at: paragraph)
    }

    /// The first posting at or after `target`, skipping whole blocks where it can.
    public mutating func advance(to target: Int) throws(FormatError) -> Posting? {
        guard let paragraph = paragraph >= target ? try nextParagraph() : try seek(atLeast: target) else { return nil }
        return try posting(at: paragraph)
    }

    private mutating func posting(at paragraph: Int) throws(FormatError) -> Posting {
        guard positional else { return Posting(paragraph: paragraph, frequency: frequency, positions: []) }
        var positions: [Int32] = []
        positions.reserveCapacity(frequency)
        try readPositions(into: &positions)
        return Posting(paragraph: paragraph, frequency: frequency, positions: positions.map(Int.init))
    }
}
