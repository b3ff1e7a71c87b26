import YuluIndex

/// A reusable list of positions with room grown on demand and unchecked access: the
/// candidates and the next part's positions while a phrase is confirmed paragraph by
/// paragraph, without an array's per-element bookkeeping.
final class PositionScratch {
    private(set) var base: UnsafeMutablePointer<Int32>
    private var capacity: Int
    /// How many positions it holds.
    private(set) var count = 0

    init(capacity: Int = 256) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The positions held.
    var values: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: base, count: count) }

    /// Replaces the contents with the cursor's current positions, each minus `shift`.
    @inline(__always)
    func fill(from cursor: inout PostingsCursor, shiftedBy shift: Int32) throws(FormatError) {
        if let read = try cursor.readPositions(to: base, room: capacity, shiftedBy: shift) {
            count = read
        } else {
            makeRoom(for: cursor.frequency)
            count = try cursor.readPositions(to: base, shiftedBy: shift)
        }
    }

    /// Replaces the contents with `values`, each minus `shift`.
    func fill(from values: ArraySlice<Int32>, shiftedBy shift: Int32) {
        makeRoom(for: values.count)
        for (index, value) in values.enumerated() { base[index] = value - shift }
        count = values.count
    }

    /// Grows the buffer, dropping its contents, when `needed` positions do not fit.
    private func makeRoom(for needed: Int) {
        guard needed > capacity else { return }
        base.deallocate()
        capacity = max(needed, 2 * capacity)
        base = .allocate(capacity: capacity)
    }

    /// Keeps the first `count` positions only.
    func truncate(to count: Int) { self.count = min(count, self.count) }

    /// Keeps only the positions that `other` holds too (both rising).
    func formIntersection(_ other: PositionScratch) {
        var kept = 0, j = 0
        let theirs = other.base, theirCount = other.count
        for i in 0..<count {
            let value = base[i]
            while j < theirCount && theirs[j] < value { j += 1 }
            if j < theirCount && theirs[j] == value {
                base[kept] = value
                kept += 1
            }
        }
        count = kept
    }
}
