/// The kinds of index terms (DESIGN, "Index terms"); the kind is the first byte of a
/// term in the dictionary, so terms sort by kind, then by their UTF-8 text.
public enum TermKind: UInt8, Sendable, CaseIterable {
    /// Two adjacent units (no break between), with positions: `b` + unit + 0x00 + unit.
    case bigram = 0x62
    /// The break left by punctuation, with positions: `k` alone. Only segments of
    /// format 3 and older hold it; nothing reads it, as a phrase's breaks are fixed by the
    /// unit terms before them.
    case breakMark = 0x6B
    /// A unit that no unit follows (a break or the paragraph's end does), with positions:
    /// `u` + unit. Every other unit occurrence starts a bigram, so a unit's occurrences
    /// are its unit term's plus those of the bigrams it starts (one dictionary range).
    case unit = 0x75
    /// An ICU dictionary word, with term frequencies: `w` + word.
    case word = 0x77

    /// Whether the term's postings carry positions (all but words).
    public var hasPositions: Bool { self != .word }
}

/// The byte form of terms, shared by the writer and the reader.
public enum TermBytes {
    public static func unit(_ text: String) -> [UInt8] { bytes(.unit, text) }
    public static func word(_ text: String) -> [UInt8] { bytes(.word, text) }

    public static func bigram(_ first: String, _ second: String) -> [UInt8] {
        var bytes = bytes(.bigram, first, room: 1 + second.utf8.count)
        bytes.append(0)
        bytes.append(contentsOf: second.utf8)
        return bytes
    }

    /// The kind byte and the text's UTF-8, in an array with `room` bytes to spare (one
    /// allocation for the whole term).
    private static func bytes(_ kind: TermKind, _ text: String, room: Int = 0) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 + text.utf8.count + room)
        bytes.append(kind.rawValue)
        bytes.append(contentsOf: text.utf8)
        return bytes
    }
}
