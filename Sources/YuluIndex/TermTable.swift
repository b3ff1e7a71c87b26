/// A hash table from 64-bit keys (packed bigrams, packed short words) to term numbers:
/// open addressing with linear probing and a multiplicative hash, several times faster
/// than `Dictionary` on the indexing hot path. Term number `UInt32.max` marks an empty slot.
/// Key and value share a slot, so a probe costs one cache miss, not two.
struct TermTable {
    private struct Slot {
        var key: UInt64 = 0
        var value: UInt32 = .max
    }

    private var slots: [Slot]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The term number of `key`, or nil.
    @inline(__always)
    func find(_ key: UInt64) -> UInt32? {
        var index = slot(key)
        while true {
            let candidate = slots[index]
            if candidate.value == .max { return nil }
            if candidate.key == key { return candidate.value }
            index = (index + 1) & mask
        }
    }

    /// Records `key` → `value` (the key must not be present).
    mutating func insert(_ key: UInt64, _ value: UInt32) {
        if (count + 1) * 2 > slots.count { grow() }
        var index = slot(key)
        while slots[index].value != .max { index = (index + 1) & mask }
        slots[index] = Slot(key: key, value: value)
        count += 1
    }

    private mutating func grow() {
        var bigger = TermTable(capacity: slots.count)
        for slot in slots where slot.value != .max { bigger.insert(slot.key, slot.value) }
        self = bigger
    }
}
