/// A term's postings on disk (segment format 6; see index/FORMAT.md):
///
///     entry count varint, skips length varint, entries length varint,
///     impacts:   word terms only: per block a u16 bound (`BlockImpact`)
///     skips:     with more than one block: bit-packed runs of one value per block
///                after the first: the last paragraph before it, then its byte offset
///                in the entries, then (positional terms) in the positions; fixed
///                widths, so any block's skip is read directly
///     entries:   blocks of `blockSize` (the last may be shorter), each two bit-packed
///                runs: paragraph gaps (paragraph − previous − 1, the first's previous
///                being −1 or the last paragraph of the block before) and frequency − 1
///     positions: positional terms only: per block one packed run of its entries'
///                positions in order, each entry's first as it is and the rest as
///                the step from the one before minus 1 (at least 1 bit wide)
///
/// Keeping positions apart lets a walk over paragraphs never touch them.
enum PostingsFormat {
    static let blockSize = 64

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
        /// Per block after the first: the paragraph before it and where its entries and
        /// positions start.
        private var skipParagraphs: [UInt32] = []
        private var skipEntries: [UInt32] = []
        private var skipPositions: [UInt32] = []

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
            skipParagraphs.removeAll(keepingCapacity: true)
            skipEntries.removeAll(keepingCapacity: true)
            skipPositions.removeAll(keepingCapacity: true)
            for (block, start) in stride(from: 0, to: paragraphs.count, by: blockSize).enumerated() {
                let end = min(start + blockSize, paragraphs.count)
                let before = start == 0 ? -1 : paragraphs[start - 1]
                if block > 0 {
                    skipParagraphs.append(UInt32(before))
                    skipEntries.append(UInt32(entries.count))
                    if positional { skipPositions.append(UInt32(blockPositionOffsets[block])) }
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
            if !skipParagraphs.isEmpty {
                BitPacking.append(skipParagraphs[...], to: &skips)
                BitPacking.append(skipEntries[...], to: &skips)
                if positional { BitPacking.append(skipPositions[...], to: &skips) }
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
