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
    /// appended to `output`. The stream is decoded into entries once; then every run's
    /// width is found, so that the lengths the header gives are known before a byte is
    /// written, and each run is packed straight into `output` (per term, nothing is
    /// allocated on the heap unless the term is long).
    static func encode(stream: [UInt8], positional: Bool, impacts: ImpactModel?, into output: inout ByteWriter) {
        // Each entry and each further position takes a byte of the stream at least.
        let most = stream.count
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(1, (positional ? 3 : 2) * most)) { scratch in
            func part(_ number: Int) -> UnsafeMutableBufferPointer<UInt32> {
                UnsafeMutableBufferPointer(rebasing: scratch[(number * most)..<((number + 1) * most)])
            }
            let entries = Entries(paragraphs: part(0), frequencies: part(1),
                                  positions: positional ? part(2) : UnsafeMutableBufferPointer(start: nil, count: 0))
            let count = stream.withUnsafeBufferPointer { entries.decode($0, positional: positional) }
            let blocks = (count + blockSize - 1) / blockSize
            withUnsafeTemporaryAllocation(of: BlockRuns.self, capacity: blocks + 1) { runs in
                var plan = RunPlan(runs)
                plan.measure(entries, count: count, positional: positional)
                plan.write(entries, count: count, positional: positional, impacts: impacts, into: &output)
            }
        }
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

    /// A term's entries, decoded from its stream into scratch space: per entry its
    /// paragraph and frequency, and all positions as they are packed (an entry's first as
    /// it is, each further one as its step from the one before minus 1).
    private struct Entries {
        let paragraphs: UnsafeMutableBufferPointer<UInt32>
        let frequencies: UnsafeMutableBufferPointer<UInt32>
        let positions: UnsafeMutableBufferPointer<UInt32>

        /// Decodes `stream`; returns the number of entries.
        func decode(_ stream: UnsafeBufferPointer<UInt8>, positional: Bool) -> Int {
            var count = 0, positionCount = 0
            var paragraph = -1
            var index = 0
            while index < stream.count {
                let value = PostingsFormat.varint(stream, &index)
                if value & 1 == 1 {
                    paragraph += Int(value >> 1)
                    paragraphs[count] = UInt32(paragraph)
                    frequencies[count] = 1
                    count += 1
                    guard positional else { continue }
                    positions[positionCount] = UInt32(PostingsFormat.varint(stream, &index))
                } else {
                    frequencies[count - 1] += 1
                    guard positional else { continue }
                    positions[positionCount] = UInt32(value >> 1) - 1
                }
                positionCount += 1
            }
            return count
        }

        /// Entry `entry`'s paragraph gap: its paragraph − the previous entry's − 1 (the
        /// first's previous being −1).
        @inline(__always)
        func gap(_ entry: Int) -> UInt32 {
            UInt32(Int(paragraphs[entry]) - (entry == 0 ? -1 : Int(paragraphs[entry - 1])) - 1)
        }

        /// Entry `entry`'s frequency as stored: frequency − 1.
        @inline(__always)
        func storedFrequency(_ entry: Int) -> UInt32 { frequencies[entry] - 1 }
    }

    /// One block's runs: their widths, and where its entries, its positions run and its
    /// first position (among all the term's) start.
    private struct BlockRuns {
        var gapWidth = 0, frequencyWidth = 0, positionWidth = 0
        var entriesOffset = 0, positionsOffset = 0, firstPosition = 0
    }

    /// Where each run of a term's postings goes: every block's runs (and after the last,
    /// the position count as its first position), the skips' widths and every section's
    /// length.
    private struct RunPlan {
        private let runs: UnsafeMutableBufferPointer<BlockRuns>
        private let blocks: Int
        private var skipWidths = (paragraphs: 0, entries: 0, positions: 0)
        private var lengths = (skips: 0, entries: 0, positions: 0)

        /// A plan in `runs`, which holds a `BlockRuns` per block and one more.
        init(_ runs: UnsafeMutableBufferPointer<BlockRuns>) {
            self.runs = runs
            blocks = runs.count - 1
        }

        private static func runSize(count: Int, width: Int) -> Int { 1 + BitPacking.packedSize(count: count, width: width) }

        private func range(ofBlock block: Int, count: Int) -> Range<Int> {
            (block * blockSize)..<min((block + 1) * blockSize, count)
        }

        /// The three values of skip `skip` (for block `skip` + 1), as measured and as written.
        private static func skipParagraph(_ skip: Int, in entries: Entries) -> UInt32 { entries.paragraphs[(skip + 1) * blockSize - 1] }
        private func skipEntriesOffset(_ skip: Int) -> UInt32 { UInt32(runs[skip + 1].entriesOffset) }
        private func skipPositionsOffset(_ skip: Int) -> UInt32 { UInt32(runs[skip + 1].positionsOffset) }

        /// Finds every width, offset and length.
        mutating func measure(_ entries: Entries, count: Int, positional: Bool) {
            var next = BlockRuns()
            for block in 0..<blocks {
                let range = range(ofBlock: block, count: count)
                var current = next
                current.gapWidth = BitPacking.width(count: range.count) { entries.gap(range.lowerBound + $0) }
                current.frequencyWidth = BitPacking.width(count: range.count) { entries.storedFrequency(range.lowerBound + $0) }
                next.entriesOffset += Self.runSize(count: range.count, width: current.gapWidth)
                    + Self.runSize(count: range.count, width: current.frequencyWidth)
                if positional {
                    var positions = 0
                    for at in range { positions += Int(entries.frequencies[at]) }
                    current.positionWidth = BitPacking.width(count: positions, minimum: 1) { entries.positions[current.firstPosition + $0] }
                    next.positionsOffset += Self.runSize(count: positions, width: current.positionWidth)
                    next.firstPosition += positions
                }
                runs[block] = current
            }
            runs[blocks] = next
            lengths.entries = next.entriesOffset
            lengths.positions = next.positionsOffset
            guard blocks > 1 else { return }
            let skipCount = blocks - 1
            skipWidths.paragraphs = BitPacking.width(count: skipCount) { Self.skipParagraph($0, in: entries) }
            skipWidths.entries = BitPacking.width(count: skipCount, skipEntriesOffset)
            lengths.skips = Self.runSize(count: skipCount, width: skipWidths.paragraphs) + Self.runSize(count: skipCount, width: skipWidths.entries)
            if positional {
                skipWidths.positions = BitPacking.width(count: skipCount, skipPositionsOffset)
                lengths.skips += Self.runSize(count: skipCount, width: skipWidths.positions)
            }
        }

        /// Writes the header, impacts, skips, entries and positions as measured.
        func write(_ entries: Entries, count: Int, positional: Bool, impacts: ImpactModel?, into output: inout ByteWriter) {
            output.appendVarint(UInt64(count))
            output.appendVarint(UInt64(lengths.skips))
            output.appendVarint(UInt64(lengths.entries))
            if let impacts {
                for block in 0..<blocks {
                    let range = range(ofBlock: block, count: count)
                    output.appendUInt16(BlockImpact.of(paragraphs: UnsafeBufferPointer(rebasing: entries.paragraphs[range]),
                                                       frequencies: UnsafeBufferPointer(rebasing: entries.frequencies[range]),
                                                       in: impacts))
                }
            }
            output.append(count: lengths.skips + lengths.entries + lengths.positions) { buffer in
                var at = 0
                if blocks > 1 {
                    let skipCount = blocks - 1
                    at = BitPacking.pack(count: skipCount, width: skipWidths.paragraphs, into: buffer, at: at) {
                        Self.skipParagraph($0, in: entries)
                    }
                    at = BitPacking.pack(count: skipCount, width: skipWidths.entries, into: buffer, at: at, skipEntriesOffset)
                    if positional {
                        at = BitPacking.pack(count: skipCount, width: skipWidths.positions, into: buffer, at: at, skipPositionsOffset)
                    }
                }
                for block in 0..<blocks {
                    let range = range(ofBlock: block, count: count)
                    at = BitPacking.pack(count: range.count, width: runs[block].gapWidth, into: buffer, at: at) { entries.gap(range.lowerBound + $0) }
                    at = BitPacking.pack(count: range.count, width: runs[block].frequencyWidth, into: buffer, at: at) {
                        entries.storedFrequency(range.lowerBound + $0)
                    }
                }
                guard positional else { return }
                for block in 0..<blocks {
                    let first = runs[block].firstPosition
                    at = BitPacking.pack(count: runs[block + 1].firstPosition - first, width: runs[block].positionWidth, into: buffer, at: at) {
                        entries.positions[first + $0]
                    }
                }
            }
        }
    }
}
