/// A term's skip table (see `PostingsFormat`): for every block after the first, the
/// paragraph before it and where its entries and positions start, each in a run of
/// fixed width so that any block's is read directly. Block 0's are implicit (−1, 0, 0).
struct SkipTable {
    private typealias Run = (width: Int, start: Int)
    private let paragraphs: Run
    private let entries: Run
    private let positions: Run

    /// The table of postings with a single block or none.
    init() {
        self.init(paragraphs: (0, 0), entries: (0, 0), positions: (0, 0))
    }

    /// Reads the runs' headers from the `length` bytes at `start`, which they must fill.
    init(_ bytes: UnsafeRawBufferPointer, start: Int, length: Int, blocks: Int, positional: Bool) throws(FormatError) {
        guard blocks > 1 else {
            guard length == 0 else { throw FormatError("postings skips are damaged") }
            self.init()
            return
        }
        let end = start + length
        var next = start
        func nextRun() throws(FormatError) -> Run {
            let run = try BitPacking.header(bytes, at: next, count: blocks - 1, end: end)
            next = run.start + BitPacking.packedSize(count: blocks - 1, width: run.width)
            return run
        }
        let paragraphs = try nextRun(), entries = try nextRun()
        let positions = positional ? try nextRun() : (0, 0)
        guard next == end else { throw FormatError("postings skips are damaged") }
        self.init(paragraphs: paragraphs, entries: entries, positions: positions)
    }

    private init(paragraphs: Run, entries: Run, positions: Run) {
        (self.paragraphs, self.entries, self.positions) = (paragraphs, entries, positions)
    }

    /// The last of `blocks` blocks, from `hint` on, whose preceding paragraph is below
    /// `target` (`hint` must be one such block, or 0): a gallop from `hint`, then a
    /// binary search.
    func lastBlock(before target: Int, from hint: Int, of blocks: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var low = hint
        var high = blocks
        var step = 1
        while low + step < high {
            guard paragraphBefore(block: low + step, in: bytes) < target else {
                high = low + step
                break
            }
            low += step
            step *= 2
        }
        while high - low > 1 {
            let middle = (low + high) / 2
            if paragraphBefore(block: middle, in: bytes) < target { low = middle } else { high = middle }
        }
        return low
    }

    /// The last paragraph before block `number`.
    @inline(__always)
    func paragraphBefore(block number: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        number == 0 ? -1 : Int(BitPacking.value(bytes, start: paragraphs.start, index: number - 1, width: paragraphs.width))
    }

    /// The last paragraph block `number` of `blocks` can hold: the one before the next
    /// block (`Int.max` for the last block).
    @inline(__always)
    func lastParagraph(ofBlock number: Int, of blocks: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        number + 1 < blocks ? paragraphBefore(block: number + 1, in: bytes) : Int.max
    }

    /// Where block `number`'s entries start, from the start of the entries.
    @inline(__always)
    func entriesOffset(block number: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        number == 0 ? 0 : Int(BitPacking.value(bytes, start: entries.start, index: number - 1, width: entries.width))
    }

    /// Where block `number`'s positions start, from the start of the positions.
    @inline(__always)
    func positionsOffset(block number: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        number == 0 ? 0 : Int(BitPacking.value(bytes, start: positions.start, index: number - 1, width: positions.width))
    }
}
