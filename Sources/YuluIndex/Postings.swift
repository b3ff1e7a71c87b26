/// A term's postings on disk (segment format 4; see index/FORMAT.md):
///
///     entry count varint, skips length varint, entries length varint,
///     impacts:   word terms only (from format 4): per block a u16 bound (`BlockImpact`)
///     skips:     per block after the first: the last paragraph before it, its byte
///                offset in the entries and, for positional terms, in the positions
///                (each delta-coded from the previous skip's)
///     entries:   blocks of `blockSize` (the last may be shorter), each two bit-packed
///                runs: paragraph gaps (paragraph − previous − 1, the first's previous
///                being −1 or the last paragraph of the block before) and frequency − 1
///     positions: positional terms only: per block one packed run of its entries'
///                positions in order, each entry's first as it is and the rest as
///                the step from the one before minus 1 (at least 1 bit wide)
///
/// Keeping positions apart lets a walk over paragraphs never touch them.
enum PostingsFormat {
    static let blockSize = 128

    /// Turns a term's in-memory stream (see `PostingsArena`) into its on-disk form,
    /// appended to `output`. The encoder's buffers are reused from term to term.
    static func encode(stream: [UInt8], positional: Bool, impacts: ImpactModel?, with encoder: inout Encoder,
                       into output: inout ByteWriter) {
        encoder.reset(positional: positional, impacts: impacts)
        stream.withUnsafeBufferPointer { bytes in
            var index = 0
            while index < bytes.count {
                encoder.take(varint(bytes, &index), bytes, &index)
            }
        }
        encoder.finish(into: &output)
    }

    /// Reads a varint from bytes known to be well formed (the builder's own stream).
    @inline(__always)
    static func varint(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// Regroups a stream's occurrences into entries, blocks and positions.
    struct Encoder {
        var positional = true
        /// For word terms: what each block's impact is computed from.
        var impacts: ImpactModel?
        var paragraphs: [Int] = []
        var frequencies: [UInt32] = []
        var positions = ByteWriter(capacity: 1 << 16)
        /// The current block's positions as packed (first of an entry, then steps − 1).
        private var blockPositions: [UInt32] = []
        /// The positions' byte offset at the start of each block.
        var blockPositionOffsets: [Int] = []
        var paragraph = -1
        /// Scratch for one packed run (a block's gaps, then its frequencies).
        private var run: [UInt32] = []
        private var entries = ByteWriter(capacity: 1 << 14)
        private var skips = ByteWriter(capacity: 1 << 10)

        mutating func reset(positional: Bool, impacts: ImpactModel?) {
            self.positional = positional
            self.impacts = impacts
            paragraphs.removeAll(keepingCapacity: true)
            frequencies.removeAll(keepingCapacity: true)
            positions.removeAll()
            blockPositions.removeAll(keepingCapacity: true)
            blockPositionOffsets.removeAll(keepingCapacity: true)
            paragraph = -1
        }

        /// One varint of the stream (reading the position that follows a new paragraph).
        mutating func take(_ value: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) {
            if value & 1 == 1 {
                paragraph += Int(value >> 1)
                if paragraphs.count % blockSize == 0 {
                    flushPositions()
                    blockPositionOffsets.append(positions.count)
                }
                paragraphs.append(paragraph)
                frequencies.append(1)
                if positional { blockPositions.append(UInt32(PostingsFormat.varint(bytes, &index))) }
            } else {
                frequencies[frequencies.count - 1] += 1
                if positional { blockPositions.append(UInt32(value >> 1) - 1) }
            }
        }

        /// Packs the block's positions (at least 1 bit wide, so that a reader can bound
        /// a frequency by the bytes left).
        private mutating func flushPositions() {
            guard positional, !blockPositions.isEmpty else { return }
            BitPacking.append(blockPositions[...], to: &positions, minimumWidth: 1)
            blockPositions.removeAll(keepingCapacity: true)
        }

        mutating func finish(into output: inout ByteWriter) {
            flushPositions()
            entries.removeAll()
            skips.removeAll()
            var previousSkip = (paragraph: -1, entries: 0, positions: 0)
            for (block, start) in stride(from: 0, to: paragraphs.count, by: blockSize).enumerated() {
                let end = min(start + blockSize, paragraphs.count)
                let before = start == 0 ? -1 : paragraphs[start - 1]
                if block > 0 {
                    skips.appendVarint(UInt64(before - previousSkip.paragraph))
                    skips.appendVarint(UInt64(entries.count - previousSkip.entries))
                    if positional { skips.appendVarint(UInt64(blockPositionOffsets[block] - previousSkip.positions)) }
                    previousSkip = (before, entries.count, blockPositionOffsets[block])
                }
                run.removeAll(keepingCapacity: true)
                var previous = before
                for paragraph in paragraphs[start..<end] {
                    run.append(UInt32(paragraph - previous - 1))
                    previous = paragraph
                }
                BitPacking.append(run[...], to: &entries)
                run.removeAll(keepingCapacity: true)
                for frequency in frequencies[start..<end] { run.append(frequency - 1) }
                BitPacking.append(run[...], to: &entries)
            }
            output.appendVarint(UInt64(paragraphs.count))
            output.appendVarint(UInt64(skips.count))
            output.appendVarint(UInt64(entries.count))
            if let impacts {
                for start in stride(from: 0, to: paragraphs.count, by: blockSize) {
                    let end = min(start + blockSize, paragraphs.count)
                    output.appendUInt16(BlockImpact.of(paragraphs: paragraphs[start..<end], frequencies: frequencies[start..<end], in: impacts))
                }
            }
            output.append(contentsOf: skips.bytes)
            output.append(contentsOf: entries.bytes)
            if positional { output.append(contentsOf: positions.bytes) }
        }
    }
}

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
/// them and `seek(atLeast:)` jumps whole blocks through the skip entries and searches
/// the block it lands in. Frequencies are read from the packed block only when asked
/// for, and positions only by `readPositions`, straight from the block's packed run.
/// `next()` and `advance(to:)` wrap these into `Posting`s.
public struct PostingsCursor {
    @usableFromInline internal let bytes: UnsafeRawBufferPointer
    @usableFromInline internal let positional: Bool
    /// Whether each block carries its impact (word terms, from format 4).
    public let hasImpacts: Bool
    private let impactsStart: Int
    /// The entry count.
    public let count: Int
    @usableFromInline internal let blockCount: Int
    private let entriesStart: Int
    @usableFromInline internal let positionsStart: Int
    /// The current entry's paragraph (-1 before the first, `Int.max` after the last).
    @inlinable public var paragraph: Int { currentParagraph }
    @usableFromInline internal var currentParagraph = -1

    /// The decoded block (`PostingsFormat.blockSize` entries at most): its number, its
    /// paragraphs, how many, which is current (-1 before the first), and where its
    /// packed frequencies sit.
    @usableFromInline internal var block = -1
    @usableFromInline internal var blockParagraphs = InlineArray<128, Int32>(repeating: 0)
    @usableFromInline internal var blockLength = 0
    @usableFromInline internal var entry = -1
    @usableFromInline internal var frequencyWidth = 0
    @usableFromInline internal var frequencyStart = 0
    /// Once the block's frequencies are unpacked: where each entry's positions start in
    /// the block's positions run (entry i's are `positionStarts[i]..<positionStarts[i + 1]`).
    @usableFromInline internal var positionStarts = InlineArray<129, Int32>(repeating: 0)
    @usableFromInline internal var frequenciesUnpacked = false
    /// Where the next block's entries start, and the paragraph before it.
    private var nextBlockOffset: Int
    private var paragraphBeforeNextBlock = -1

    /// The packed positions run of block `positionsBlock`: its width and where its
    /// values start.
    private var positionsBlock = -1
    private var positionsWidth = 0
    private var positionsValuesStart = 0

    /// Skip entries are decoded lazily, in order: the reader at the next one, and the
    /// values of the last decoded (that of block `skipBlock`; block 0's are implicit).
    private var skipReader: ByteReader
    private var skipBlock = 0
    private var skipParagraph = -1
    private var skipEntriesOffset = 0
    private var skipPositionsOffset = 0

    /// A cursor over no postings.
    public init() {
        bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        positional = false
        hasImpacts = false
        (count, blockCount, impactsStart, entriesStart, positionsStart, nextBlockOffset) = (0, 0, 0, 0, 0, 0)
        skipReader = ByteReader(bytes)
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
        skipReader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[skipsStart..<(skipsStart + skipsLength)]))
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
        var span = blockParagraphs.mutableSpan
        let previous = span.withUnsafeMutableBufferPointer { output in
            BitPacking.unpackGaps(bytes, start: gaps.start, count: length, width: gaps.width, after: paragraphBeforeNextBlock, into: output)
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
        // The target is within the block unless it is the last one: a short linear probe
        // (targets tend to be near), then a binary search.
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
    /// `target` (read from the skip entries), unless that is the decoded block or an
    /// earlier one, in which case it stays before the block after the decoded one.
    private mutating func skip(toBlockBefore target: Int) throws(FormatError) {
        try readSkips(before: target)
        guard skipBlock > block + 1 else { return }
        guard skipEntriesOffset >= 0, entriesStart + skipEntriesOffset < positionsStart, skipParagraph >= paragraphBeforeNextBlock else {
            throw FormatError("postings skip runs past its data")
        }
        block = skipBlock - 1
        nextBlockOffset = entriesStart + skipEntriesOffset
        paragraphBeforeNextBlock = skipParagraph
    }

    /// Decodes skip entries up to that of the last block whose preceding paragraph is
    /// below `target`.
    private mutating func readSkips(before target: Int) throws(FormatError) {
        while skipBlock + 1 < blockCount {
            var peek = skipReader
            guard skipParagraph + Int(truncatingIfNeeded: try peek.readVarint()) < target else { break }
            try readSkip()
        }
    }

    /// The block that would hold paragraph `target`: its impact (see `BlockImpact`) and
    /// the last paragraph it holds (`Int.max` for the last block). Reads skip entries
    /// only, so the cursor may be elsewhere; targets must not go back past a block
    /// already reported, as skip entries are read forward only.
    public mutating func blockImpact(at target: Int) throws(FormatError) -> (impact: UInt16, last: Int) {
        guard hasImpacts, blockCount > 0 else { throw FormatError("these postings have no impacts") }
        try readSkips(before: target)
        var last = Int.max
        if skipBlock + 1 < blockCount {
            var peek = skipReader
            last = skipParagraph + Int(truncatingIfNeeded: try peek.readVarint())
        }
        return (impact(ofBlock: skipBlock), last)
    }

    /// Block `number`'s stored impact (0 without impacts or past the blocks).
    public func impact(ofBlock number: Int) -> UInt16 {
        guard hasImpacts, number >= 0, number < blockCount else { return 0 }
        return UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: impactsStart + 2 * number, as: UInt16.self))
    }

    /// Decodes the next skip entry: that of block `skipBlock + 1`.
    private mutating func readSkip() throws(FormatError) {
        skipParagraph += Int(truncatingIfNeeded: try skipReader.readVarint())
        skipEntriesOffset += Int(truncatingIfNeeded: try skipReader.readVarint())
        if positional { skipPositionsOffset += Int(truncatingIfNeeded: try skipReader.readVarint()) }
        skipBlock += 1
    }

    /// Appends the current entry's positions, rising, each minus `shift`, to `output`.
    public mutating func readPositions(into output: inout [Int32], shiftedBy shift: Int32 = 0) throws(FormatError) {
        let start = output.count
        let count = frequency
        output.append(contentsOf: repeatElement(0, count: count))
        try output.withUnsafeMutableBufferPointer { (out: inout UnsafeMutableBufferPointer<Int32>) throws(FormatError) in
            _ = try readPositions(to: out.baseAddress! + start, shiftedBy: shift)
        }
    }

    /// Writes the current entry's positions, rising, each minus `shift`, to `output`,
    /// which must have room for `frequency` of them; returns how many.
    public mutating func readPositions(to output: UnsafeMutablePointer<Int32>, shiftedBy shift: Int32) throws(FormatError) -> Int {
        guard positional, entry >= 0, entry < blockLength else { throw FormatError("no positions to read here") }
        if !frequenciesUnpacked { try unpackFrequencies() }
        if positionsBlock != block {
            while skipBlock < block { try readSkip() }
            let run = try BitPacking.header(bytes, at: positionsStart + skipPositionsOffset, count: Int(positionStarts[blockLength]),
                                            end: bytes.count)
            guard run.width > 0 else { throw FormatError("postings positions are damaged") }
            (positionsBlock, positionsWidth, positionsValuesStart) = (block, run.width, run.start)
        }
        let first = Int(positionStarts[entry]), count = Int(positionStarts[entry &+ 1]) &- first
        var position = Int(BitPacking.value(bytes, start: positionsValuesStart, index: first, width: positionsWidth))
        output[0] = Int32(truncatingIfNeeded: position) &- shift
        for index in 1..<max(count, 1) {
            position = position &+ Int(BitPacking.value(bytes, start: positionsValuesStart, index: first &+ index, width: positionsWidth)) &+ 1
            output[index] = Int32(truncatingIfNeeded: position) &- shift
        }
        guard position <= Int(Int32.max) else { throw FormatError("postings positions out of range") }
        return count
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
