/// A term's postings on disk (see index/FORMAT.md):
///
///     entry count varint, skip count varint,
///     skips: (last paragraph before the block, delta-coded; block's byte offset in the data, delta-coded)
///     data:  per paragraph: paragraph delta (from the previous paragraph, the first from -1)
///            shifted left by one, with the low bit set when the frequency is 1; the
///            frequency itself only when it is not 1; then for positional terms the
///            position deltas (the first from 0).
///
/// A skip entry precedes every block of `blockSize` paragraphs after the first.
enum PostingsFormat {
    static let blockSize = 64

    /// Turns a term's in-memory stream (see `PostingsArena`) into its on-disk form,
    /// appended to `output`. The encoder's buffers are reused from term to term.
    static func encode(stream: [UInt8], positional: Bool, with encoder: inout Encoder, into output: inout ByteWriter) {
        encoder.reset(positional: positional)
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

    /// Regroups a stream's occurrences into entries, and entries into skip blocks.
    struct Encoder {
        var positional = true
        var data = ByteWriter(capacity: 1 << 16)
        var skips: [(lastParagraph: Int, offset: Int)] = []
        var entries = 0
        var paragraph = -1
        var previousParagraph = -1
        var positionDeltas: [UInt64] = []
        var frequency: UInt64 = 0
        var open = false

        mutating func reset(positional: Bool) {
            self.positional = positional
            data.removeAll()
            skips.removeAll(keepingCapacity: true)
            entries = 0
            paragraph = -1
            previousParagraph = -1
            positionDeltas.removeAll(keepingCapacity: true)
            frequency = 0
            open = false
        }

        /// One varint of the stream (reading the position that follows a new paragraph).
        mutating func take(_ value: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) {
            if value & 1 == 1 {
                closeEntry()
                open = true
                paragraph += Int(value >> 1)
                frequency = 1
                if positional { positionDeltas.append(PostingsFormat.varint(bytes, &index)) }
            } else if positional {
                positionDeltas.append(value >> 1)
            } else {
                frequency += 1
            }
        }

        mutating func closeEntry() {
            guard open else { return }
            if entries > 0 && entries % blockSize == 0 { skips.append((previousParagraph, data.count)) }
            let count = positional ? UInt64(positionDeltas.count) : frequency
            data.appendVarint(UInt64(paragraph - previousParagraph) << 1 | (count == 1 ? 1 : 0))
            if count != 1 { data.appendVarint(count) }
            for delta in positionDeltas { data.appendVarint(delta) }
            entries += 1
            previousParagraph = paragraph
            positionDeltas.removeAll(keepingCapacity: true)
        }

        mutating func finish(into output: inout ByteWriter) {
            closeEntry()
            output.appendVarint(UInt64(entries))
            output.appendVarint(UInt64(skips.count))
            var lastSkipParagraph = -1, lastSkipOffset = 0
            for skip in skips {
                output.appendVarint(UInt64(skip.lastParagraph - lastSkipParagraph))
                output.appendVarint(UInt64(skip.offset - lastSkipOffset))
                (lastSkipParagraph, lastSkipOffset) = (skip.lastParagraph, skip.offset)
            }
            output.append(contentsOf: data.bytes)
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

/// Reads a term's postings in paragraph order without allocating: `nextParagraph()` and
/// `seek(atLeast:)` move entry by entry (the second through skip entries), and
/// `readPositions(into:)` decodes the current entry's positions only when asked; unread
/// positions are stepped over. `next()` and `advance(to:)` wrap them into `Posting`s.
public struct PostingsCursor {
    private var reader: ByteReader
    private let positional: Bool
    private let dataStart: Int
    /// The entry count.
    public let count: Int
    private var read = 0
    /// The current entry's paragraph (-1 before the first, `Int.max` after the last).
    public private(set) var paragraph = -1
    /// The current entry's frequency (the number of positions for positional terms).
    public private(set) var frequency = 0
    /// Position varints of the current entry not yet consumed.
    private var unreadPositions = 0
    /// Skip entries are decoded lazily, in order: the reader at the next one, how many
    /// remain, and the running values of the last decoded (block `skipsDecoded`).
    private var skipReader: ByteReader
    private var skipsLeft: Int
    private var skipsDecoded = 0
    private var skipParagraph = -1
    private var skipOffset = 0

    init(_ bytes: UnsafeRawBufferPointer, positional: Bool) throws(FormatError) {
        reader = ByteReader(bytes)
        self.positional = positional
        count = Int(try reader.readVarint())
        skipsLeft = Int(try reader.readVarint())
        guard skipsLeft <= count / PostingsFormat.blockSize + 1 else { throw FormatError("postings have too many skips") }
        skipReader = reader
        for _ in 0..<(2 * skipsLeft) { _ = try reader.readVarint() }
        dataStart = reader.offset
    }

    /// Moves to the next entry and returns its paragraph, or nil at the end.
    public mutating func nextParagraph() throws(FormatError) -> Int? {
        if unreadPositions > 0 {
            try reader.skipVarints(unreadPositions)
            unreadPositions = 0
        }
        guard read < count else {
            paragraph = Int.max
            return nil
        }
        let head = try reader.readVarint()
        let delta = Int(truncatingIfNeeded: head >> 1)
        guard delta >= 1, delta <= Int(Int32.max) else { throw FormatError("postings paragraphs do not rise") }
        paragraph += delta
        read += 1
        frequency = head & 1 == 1 ? 1 : Int(truncatingIfNeeded: try reader.readVarint())
        if positional {
            guard frequency >= 1, frequency <= reader.buffer.count - reader.offset else {
                throw FormatError("postings position count is damaged")
            }
            unreadPositions = frequency
        }
        return paragraph
    }

    /// Moves to the first entry at or after paragraph `target` (staying put when the
    /// current one is), jumping whole blocks through the skip entries; nil at the end.
    public mutating func seek(atLeast target: Int) throws(FormatError) -> Int? {
        if paragraph >= target { return paragraph == Int.max ? nil : paragraph }
        // Skip entry k (1-based) names the last paragraph before block k and where block k starts.
        var jumped = false
        while skipsLeft > 0 {
            let saved = skipReader
            let lastParagraph = skipParagraph + Int(truncatingIfNeeded: try skipReader.readVarint())
            let offset = skipOffset + Int(truncatingIfNeeded: try skipReader.readVarint())
            guard lastParagraph < target else {
                skipReader = saved
                break
            }
            skipsDecoded += 1
            skipsLeft -= 1
            (skipParagraph, skipOffset) = (lastParagraph, offset)
            jumped = true
        }
        if jumped && skipsDecoded * PostingsFormat.blockSize > read {
            guard skipOffset >= 0, dataStart + skipOffset <= reader.buffer.count else { throw FormatError("postings skip runs past its data") }
            reader.offset = dataStart + skipOffset
            read = skipsDecoded * PostingsFormat.blockSize
            paragraph = skipParagraph
            unreadPositions = 0
        }
        while let next = try nextParagraph() {
            if next >= target { return next }
        }
        return nil
    }

    /// Appends the current entry's positions, rising, to `positions` (once per entry).
    public mutating func readPositions(into positions: inout [Int32]) throws(FormatError) {
        guard unreadPositions == frequency else { throw FormatError("positions read twice") }
        var position: Int64 = 0
        for index in 0..<frequency {
            let step = Int64(truncatingIfNeeded: try reader.readVarint())
            guard index == 0 && step >= 0 || step >= 1, position + step <= Int64(Int32.max) else {
                throw FormatError("postings positions do not rise")
            }
            position += step
            positions.append(Int32(position))
        }
        unreadPositions = 0
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
