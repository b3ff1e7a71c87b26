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

    /// What the arena knows of one term's stream.
    struct TermState {
        /// Where the stream starts, where the next byte goes, where the current slice's data ends.
        var firstSlice: UInt32
        var writeAt: UInt32
        var sliceEnd: UInt32
        var level: UInt8 = 0
        /// The last paragraph (-1 before the first) and position written.
        var lastParagraph: Int32 = -1
        var lastPosition: UInt32 = 0
        /// The number of paragraphs the term occurs in.
        var paragraphCount: UInt32 = 0
    }

    /// Per term, in one array: one bounds check and one cache line per occurrence (the
    /// state is copied out, updated, and stored back).
    private(set) var terms: [TermState] = []

    /// The initial capacity is only reserved: the kernel backs pages as they are first
    /// touched, so a large one costs no memory and saves copying as the arena grows.
    init(initialCapacity: Int = 128 << 20) {
        storageBox = Storage(capacity: initialCapacity)
        storage = storageBox.bytes
        capacity = initialCapacity
    }

    var termCount: Int { terms.count }

    /// Bytes held, for the memory budget.
    var memoryUse: Int { capacity + termCount * 29 }

    /// Adds a term with an empty stream; returns its number.
    mutating func addTerm() -> UInt32 {
        let start = allocateSlice(size: Self.sliceSizes[0])
        terms.append(TermState(firstSlice: UInt32(start), writeAt: UInt32(start), sliceEnd: UInt32(start + Self.sliceSizes[0] - 4)))
        return UInt32(terms.count - 1)
    }

    /// Records an occurrence of `term` at `position` of `paragraph` (positions rising
    /// within a paragraph, paragraphs never falling).
    @inline(__always)
    mutating func addPositional(_ term: UInt32, paragraph: Int32, position: UInt32) {
        var state = terms[Int(term)]
        if state.lastParagraph != paragraph {
            writeVarint(UInt64(paragraph - state.lastParagraph) << 1 | 1, &state)
            writeVarint(UInt64(position), &state)
            state.lastParagraph = paragraph
            state.paragraphCount += 1
        } else {
            writeVarint(UInt64(position - state.lastPosition) << 1, &state)
        }
        state.lastPosition = position
        terms[Int(term)] = state
    }

    /// Records an occurrence of a word term in `paragraph`.
    @inline(__always)
    mutating func addOccurrence(_ term: UInt32, paragraph: Int32) {
        var state = terms[Int(term)]
        if state.lastParagraph != paragraph {
            writeVarint(UInt64(paragraph - state.lastParagraph) << 1 | 1, &state)
            state.lastParagraph = paragraph
            state.paragraphCount += 1
        } else {
            writeByte(0, &state)
        }
        terms[Int(term)] = state
    }

    /// Replaces `bytes` with the bytes of a term's stream, in order (reusing its storage).
    func stream(of term: UInt32, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        let state = terms[Int(term)]
        var start = Int(state.firstSlice)
        var sliceLevel = 0
        while true {
            let dataEnd = start + Self.sliceSizes[sliceLevel] - 4
            if dataEnd == Int(state.sliceEnd) {
                bytes.append(contentsOf: UnsafeBufferPointer(start: storage + start, count: Int(state.writeAt) - start))
                return
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: storage + start, count: dataEnd - start))
            start = Int(UnsafeRawPointer(storage + dataEnd).loadUnaligned(as: UInt32.self))
            sliceLevel = min(sliceLevel + 1, Self.sliceSizes.count - 1)
        }
    }

    @inline(__always)
    private mutating func writeVarint(_ value: UInt64, _ state: inout TermState) {
        var rest = value
        while rest >= 0x80 {
            writeByte(UInt8(truncatingIfNeeded: rest) | 0x80, &state)
            rest >>= 7
        }
        writeByte(UInt8(rest), &state)
    }

    @inline(__always)
    private mutating func writeByte(_ byte: UInt8, _ state: inout TermState) {
        if state.writeAt == state.sliceEnd { nextSlice(&state) }
        storage[Int(state.writeAt)] = byte
        state.writeAt += 1
    }

    private mutating func nextSlice(_ state: inout TermState) {
        let newLevel = min(Int(state.level) + 1, Self.sliceSizes.count - 1)
        let size = Self.sliceSizes[newLevel]
        let start = allocateSlice(size: size)
        UnsafeMutableRawPointer(storage + Int(state.sliceEnd)).storeBytes(of: UInt32(start), as: UInt32.self)
        state.level = UInt8(newLevel)
        state.writeAt = UInt32(start)
        state.sliceEnd = UInt32(start + size - 4)
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
