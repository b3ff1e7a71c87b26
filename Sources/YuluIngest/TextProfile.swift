import YuluAnalysis

/// What one pass over a decoded text tells about how it was read: its share of common
/// characters (`CommonShare`), whether it is really binary data, and how many private-use
/// characters it holds (where a legacy encoding's user-defined characters land). Weighing
/// a reading took three passes over its text before: nearly a third of the time of
/// decoding the GB18030 laws.
struct TextProfile {
    /// How many scalars the check for binary data looks at.
    static let sampleLimit = 65_536

    let common: CommonShare
    /// Private-use code points of the Basic Multilingual Plane (U+E000…U+F8FF) in the
    /// whole text.
    let privateUse: Int
    private let sampled: Int
    private let hasNUL: Bool
    /// Controls (other than tab, line ends and form feed), unassigned code points and
    /// surrogates among the first `sampleLimit` scalars; and private-use ones.
    private let oddInSample: Int
    private let privateUseInSample: Int

    /// The profile of `text`; nil when its share of common characters is at most `floor`,
    /// which is known, and reading stops, once the share's characters are counted: a
    /// reading that cannot beat a better one is not read to its end.
    init?(_ text: String, shareAbove floor: Double) {
        var text = text
        let characters = CommonCharacters.shared
        // Locals, not properties, in the loop: the compiler keeps them in registers.
        var common = CommonShare(), privateUse = 0, sampled = 0, hasNUL = false, odd = 0, privateUseInSample = 0
        var tallying = true
        text.withUTF8 { bytes in
            UTF8Scalars.scan(bytes) { value in
                if tallying && !common.add(value, from: characters) {
                    tallying = false
                    if common.share <= floor { return false }
                }
                if value &- 0xE000 < 0x1900 { privateUse += 1 }
                guard sampled < Self.sampleLimit else { return true }
                sampled += 1
                // Most scalars are CJK or printable ASCII, both assigned: compared first,
                // as plain comparisons (a switch over ranges took a tenth of the time of decoding GB18030).
                guard value &- 0x4E00 >= 0xA000 - 0x4E00, value &- 0x20 >= 0x7F - 0x20 else { return true }
                switch Self.oddity(of: value) {
                case .nul: hasNUL = true
                case .odd: odd += 1
                case .privateUse: privateUseInSample += 1
                case nil: break
                }
                return true
            }
        }
        guard common.share > floor else { return nil }
        (self.common, self.privateUse, self.sampled, self.hasNUL) = (common, privateUse, sampled, hasNUL)
        (oddInSample, self.privateUseInSample) = (odd, privateUseInSample)
    }

    /// The profile of all of `text` (every share is above -1).
    init(_ text: String) { self.init(text, shareAbove: -1)! }

    private enum Oddity { case nul, odd, privateUse }

    /// What makes a scalar a sign of binary data, if anything.
    private static func oddity(of value: UInt32) -> Oddity? {
        switch value {
        case 0: return .nul
        case 9, 10, 12, 13: return nil
        case 1..<0x20, 0x7F..<0xA0: return .odd
        // General, CJK and full-width punctuation: all assigned.
        case 0x2010...0x2027, 0x3000...0x303F, 0xFF01...0xFF5E: return nil
        default:
            switch Unicode.Scalar(value)?.properties.generalCategory {
            case .unassigned, .surrogate, .control, nil: return .odd
            case .privateUse: return .privateUse
            default: return nil
            }
        }
    }

    /// Whether the text is really binary data: it holds a NUL, or more than 1% of its
    /// first `sampleLimit` scalars are odd: controls (other than tab, line ends and form
    /// feed), unassigned code points, or private-use ones when `privateUseIsOdd`.
    func looksBinary(privateUseIsOdd: Bool = true) -> Bool {
        hasNUL || (oddInSample + (privateUseIsOdd ? privateUseInSample : 0)) * 100 > sampled
    }
}
