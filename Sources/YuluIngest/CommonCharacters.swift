import YuluAnalysis

/// The characters Chinese text is mostly made of, which tell a right decoding from a
/// wrong one: bytes read in the wrong encoding (GB18030 as Big5 or UTF-16, Big5 as
/// GB18030 or UTF-16) still decode, often without a single error, but into rare
/// characters, Hangul syllables and symbols.
///
/// Common means: general, CJK and full-width punctuation; the 3,755
/// characters of GB 2312's first level (the common simplified ones) and the 5,401 of
/// Big5's (the common traditional ones), read through ICU from the byte ranges those
/// standards give them.
struct CommonCharacters: Sendable {
    static let shared = CommonCharacters()

    /// One bit per code point of the Basic Multilingual Plane.
    private var bits = [UInt64](repeating: 0, count: 0x10000 / 64)

    private init() {
        for range in [0x2010...0x2027, 0x2030...0x203A, 0x3000...0x303F, 0xFF01...0xFF5E] {
            for value in range { insert(value) }
        }
        var gb2312Level1: [UInt8] = []
        for lead in UInt8(0xB0)...0xD7 {
            for trail in UInt8(0xA1)...0xFE { gb2312Level1 += [lead, trail] }
        }
        var big5Level1: [UInt8] = []
        for lead in UInt8(0xA4)...0xC6 {
            for trail in Array(UInt8(0x40)...0x7E) + Array(UInt8(0xA1)...0xFE) where lead < 0xC6 || trail <= 0x7E {
                big5Level1 += [lead, trail]
            }
        }
        for (bytes, charset) in [(gb2312Level1, "GB18030"), (big5Level1, "Big5")] {
            guard let decoded = try? TextDecoding.convert(bytes[...], from: charset, recordedAs: charset) else { continue }
            for scalar in decoded.text.unicodeScalars where (0x4E00..<0xA000).contains(scalar.value) {
                insert(Int(scalar.value))
            }
        }
    }

    private mutating func insert(_ value: Int) { bits[value >> 6] |= 1 << UInt64(value & 63) }

    func contains(_ value: UInt32) -> Bool {
        value < 0x10000 && bits[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0
    }

    /// How many of `text`'s first 4,096 characters beyond ASCII (white space left out)
    /// were counted, and how many of them are common. The share is near 1 for Chinese
    /// text read in its own encoding, far lower for the same bytes misread (ASCII reads
    /// the same in every encoding Yulu weighs but UTF-16, which rarely yields it).
    func tally(of text: String) -> CommonShare {
        var text = text
        var tally = CommonShare()
        text.withUTF8 { bytes in
            UTF8Scalars.scan(bytes) { tally.add($0, from: self) }
        }
        return tally
    }
}

/// Of a text's first characters beyond ASCII, how many are common (see `CommonCharacters`).
struct CommonShare: Sendable, Equatable {
    private(set) var common = 0
    private(set) var counted = 0
    /// How many characters a tally counts at most.
    static let limit = 4_096

    /// Their share; 1 for a text without any.
    var share: Double { counted == 0 ? 1 : Double(common) / Double(counted) }

    /// Counts the next scalar of a text, if it is one the tally counts; returns whether
    /// the tally wants more.
    @inline(__always)
    mutating func add(_ value: UInt32, from characters: CommonCharacters) -> Bool {
        guard value > 0x7F && value != 0x3000 && value != 0xA0 else { return counted < Self.limit }
        guard counted < Self.limit else { return false }
        counted += 1
        if characters.contains(value) { common += 1 }
        return counted < Self.limit
    }
}
