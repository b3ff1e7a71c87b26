/// In-memory postings of a segment being built: one growing byte stream per term, kept
/// as a chain of slices in one arena (slices grow from 8 to 1,024 bytes; the last 4 bytes
/// of a full slice point to the next), so millions of terms cost no allocation each.
///
/// Stream format, one varint per occurrence: `delta << 1 | 1` opens a new paragraph
/// (delta from the term's previous paragraph), followed for positional terms by the
/// position; `delta << 1` is a further position in the same paragraph (delta from the
/// previous position). Word terms write no positions: each further occurrence is `0`.
///
/// A struct, held in one thread's builder, so the hot path pays no dynamic exclusivity
/// checks; only the raw bytes live in a class, which frees them.
struct PostingsArena {
    private static let sliceSizes: [Int] = [8, 16, 32, 64, 128, 256, 512, 1024]

    /// The arena's bytes.
    private final class Storage {
        var bytes: UnsafeMutablePointer<UInt8>
        var capacity: Int
        init(capacity: Int) {
            self.capacity = capacity
            bytes = .allocate(capacity: capacity)
        }
        deinit { bytes.deallocate() }
    }

    private var storageBox: Storage
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var used = 0

    /// Per term: where its stream starts, where the next byte goes, where its current slice ends.
    private var firstSlice: [UInt32] = []
    private var writeAt: [UInt32] = []
    private var sliceEnd: [UInt32] = []
    private var level: [UInt8] = []
    /// Per term: its last paragraph (-1 before the first) and last position.
    private(set) var lastParagraph: [Int32] = []
    private var lastPosition: [UInt32] = []
    /// Per term: the number of paragraphs it occurs in.
    private(set) var paragraphCount: [UInt32] = []

    init(initialCapacity: Int = 1 << 20) {
        storageBox = Storage(capacity: initialCapacity)
        storage = storageBox.bytes
        capacity = initialCapacity
    }

    var termCount: Int { firstSlice.count }

    /// Bytes held, for the memory budget.
    var memoryUse: Int { capacity + termCount * 29 }

    /// Adds a term with an empty stream; returns its number.
    mutating func addTerm() -> UInt32 {
        let start = allocateSlice(size: Self.sliceSizes[0])
        firstSlice.append(UInt32(start))
        writeAt.append(UInt32(start))
        sliceEnd.append(UInt32(start + Self.sliceSizes[0] - 4))
        level.append(0)
        lastParagraph.append(-1)
        lastPosition.append(0)
        paragraphCount.append(0)
        return UInt32(firstSlice.count - 1)
    }

    /// Records an occurrence of `term` at `position` of `paragraph` (positions rising
    /// within a paragraph, paragraphs never falling).
    @inline(__always)
    mutating func addPositional(_ term: UInt32, paragraph: Int32, position: UInt32) {
        let index = Int(term)
        if lastParagraph[index] != paragraph {
            writeVarint(UInt64(paragraph - lastParagraph[index]) << 1 | 1, term: index)
            writeVarint(UInt64(position), term: index)
            lastParagraph[index] = paragraph
            paragraphCount[index] += 1
        } else {
            writeVarint(UInt64(position - lastPosition[index]) << 1, term: index)
        }
        lastPosition[index] = position
    }

    /// Records an occurrence of a word term in `paragraph`.
    @inline(__always)
    mutating func addOccurrence(_ term: UInt32, paragraph: Int32) {
        let index = Int(term)
        if lastParagraph[index] != paragraph {
            writeVarint(UInt64(paragraph - lastParagraph[index]) << 1 | 1, term: index)
            lastParagraph[index] = paragraph
            paragraphCount[index] += 1
        } else {
            writeByte(0, term: index)
        }
    }

    /// The bytes of a term's stream, in order.
    func stream(of term: UInt32) -> [UInt8] {
        let index = Int(term)
        var bytes: [UInt8] = []
        var start = Int(firstSlice[index])
        var sliceLevel = 0
        while true {
            let dataEnd = start + Self.sliceSizes[sliceLevel] - 4
            if dataEnd == Int(sliceEnd[index]) {
                bytes.append(contentsOf: UnsafeBufferPointer(start: storage + start, count: Int(writeAt[index]) - start))
                return bytes
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: storage + start, count: dataEnd - start))
            start = Int(UnsafeRawPointer(storage + dataEnd).loadUnaligned(as: UInt32.self))
            sliceLevel = min(sliceLevel + 1, Self.sliceSizes.count - 1)
        }
    }

    @inline(__always)
    private mutating func writeVarint(_ value: UInt64, term index: Int) {
        var rest = value
        while rest >= 0x80 {
            writeByte(UInt8(truncatingIfNeeded: rest) | 0x80, term: index)
            rest >>= 7
        }
        writeByte(UInt8(rest), term: index)
    }

    @inline(__always)
    private mutating func writeByte(_ byte: UInt8, term index: Int) {
        if writeAt[index] == sliceEnd[index] { nextSlice(term: index) }
        storage[Int(writeAt[index])] = byte
        writeAt[index] += 1
    }

    private mutating func nextSlice(term index: Int) {
        let newLevel = min(Int(level[index]) + 1, Self.sliceSizes.count - 1)
        let size = Self.sliceSizes[newLevel]
        let start = allocateSlice(size: size)
        UnsafeMutableRawPointer(storage + Int(sliceEnd[index])).storeBytes(of: UInt32(start), as: UInt32.self)
        level[index] = UInt8(newLevel)
        writeAt[index] = UInt32(start)
        sliceEnd[index] = UInt32(start + size - 4)
    }

    private mutating func allocateSlice(size: Int) -> Int {
        if used + size > capacity {
            var newCapacity = capacity * 2
            while used + size > newCapacity { newCapacity *= 2 }
            precondition(newCapacity < Int(UInt32.max), "a segment's postings must stay under 4 GiB")
            let grown = Storage(capacity: newCapacity)
            grown.bytes.update(from: storage, count: used)
            storageBox = grown
            storage = grown.bytes
            capacity = newCapacity
        }
        let start = used
        used += size
        return start
    }
}
