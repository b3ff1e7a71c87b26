/// Reading a positional term's positions: an entry's positions sit in its block's packed
/// run, located through the skip table, at the sum of the frequencies of the entries before
/// it (see index/FORMAT.md, section 5).
extension PostingsCursor {
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
        try readPositions(to: output, room: .max, shiftedBy: shift)!
    }

    /// Writes the current entry's positions, rising, each minus `shift`, to `output` when
    /// they fit in `room`, and returns how many; nil (writing nothing) when they do not.
    /// (Inlinable, as `keepPositions` is: phrase matching calls them once or twice a
    /// candidate paragraph, and a call cost about as much as reading a position.)
    @inlinable @inline(__always)
    public mutating func readPositions(to output: UnsafeMutablePointer<Int32>, room: Int, shiftedBy shift: Int32) throws(FormatError) -> Int? {
        try enterPositions()
        let first = Int(positionStarts[entry]), count = Int(positionStarts[entry &+ 1]) &- first
        guard count <= room else { return nil }
        var position = Int(BitPacking.value(bytes, start: positionsValuesStart, index: first, width: positionsWidth))
        output[0] = Int32(truncatingIfNeeded: position) &- shift
        for index in 1..<max(count, 1) {
            position = position &+ Int(BitPacking.value(bytes, start: positionsValuesStart, index: first &+ index, width: positionsWidth)) &+ 1
            output[index] = Int32(truncatingIfNeeded: position) &- shift
        }
        guard position <= Int(Int32.max) else { throw FormatError("postings positions out of range") }
        return count
    }

    /// Keeps, of the `count` rising values at `values`, those that are positions of the
    /// current entry minus `shift`, moved to the front in order; returns how many. Reads
    /// the entry's positions only as far as the last value needs: what a phrase's
    /// further parts do to its candidate starts, without writing their positions out.
    @inlinable @inline(__always)
    public mutating func keepPositions(among values: UnsafeMutablePointer<Int32>, count: Int, shiftedBy shift: Int32) throws(FormatError) -> Int {
        var positions = try positionIterator()
        var kept = 0
        for next in 0..<count {
            let wanted = Int(values[next]) &+ Int(shift)
            guard positions.advance(toAtLeast: wanted) else { break }
            if positions.position == wanted {
                values[kept] = values[next]
                kept &+= 1
            }
        }
        return kept
    }

    /// Checks that the cursor is at an entry of a positional term and makes the entry's
    /// positions readable: the block's frequencies unpacked (where each entry's positions
    /// start) and its positions run found, once per block.
    @inlinable @inline(__always)
    mutating func enterPositions() throws(FormatError) {
        guard positional, entry >= 0, entry < blockLength else { throw FormatError("no positions to read here") }
        if !frequenciesUnpacked || positionsBlock != block { try enterPositionsBlock() }
    }

    @usableFromInline
    mutating func enterPositionsBlock() throws(FormatError) {
        if !frequenciesUnpacked { try unpackFrequencies() }
        if positionsBlock != block {
            let offset = skips.positionsOffset(block: block, in: bytes)
            let run = try BitPacking.header(bytes, at: positionsStart + offset, count: Int(positionStarts[blockLength]),
                                            end: bytes.count)
            guard run.width > 0 else { throw FormatError("postings positions are damaged") }
            (positionsBlock, positionsWidth, positionsValuesStart) = (block, run.width, run.start)
        }
    }
}

/// The current entry's positions read one at a time, rising, from the block's packed
/// run: for a test that usually stops at the first few (does a phrase occur at all).
/// Valid while its cursor stays at that entry.
public struct PositionIterator {
    @usableFromInline let bytes: UnsafeRawBufferPointer
    @usableFromInline let valuesStart: Int
    @usableFromInline let width: Int
    @usableFromInline let end: Int
    @usableFromInline var index: Int
    @usableFromInline var current: Int

    /// The current position.
    @inlinable public var position: Int { current }

    @inlinable
    init(bytes: UnsafeRawBufferPointer, valuesStart: Int, width: Int, first: Int, end: Int) {
        (self.bytes, self.valuesStart, self.width, self.index, self.end) = (bytes, valuesStart, width, first, end)
        current = Int(BitPacking.value(bytes, start: valuesStart, index: first, width: width))
    }

    /// Moves to the first position at or after `target`; false when none is left.
    @inlinable @inline(__always)
    public mutating func advance(toAtLeast target: Int) -> Bool {
        while current < target {
            index &+= 1
            guard index < end else { return false }
            current = current &+ Int(BitPacking.value(bytes, start: valuesStart, index: index, width: width)) &+ 1
        }
        return true
    }
}

extension PostingsCursor {
    /// The current entry's positions, from the first (an entry has one at least).
    @inlinable @inline(__always)
    public mutating func positionIterator() throws(FormatError) -> PositionIterator {
        try enterPositions()
        let first = Int(positionStarts[entry]), end = Int(positionStarts[entry &+ 1])
        guard first < end else { throw FormatError("postings entry has no positions") }
        return PositionIterator(bytes: bytes, valuesStart: positionsValuesStart, width: positionsWidth, first: first, end: end)
    }
}
