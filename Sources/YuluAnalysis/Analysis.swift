/// One position of an analysed text: a unit, or a break left by punctuation or symbols.
///
/// Positions are indices into `Analysis.tokens`: units and breaks count alike, from 0.
public struct Token: Hashable, Sendable {
    /// What occupies the position.
    public enum Kind: UInt8, Sendable {
        /// A Han character, or a maximal run of other letters or digits.
        case unit
        /// A run of punctuation and symbols between two units (one position, whatever its length).
        case `break`
    }

    /// Unit or break.
    public let kind: Kind
    /// Where the token sits in `Analysis.normalized` (UTF-16 code units).
    public let normalized: Range<Int32>
    /// Where the token sits in the original text (Unicode scalars).
    public let original: Range<Int32>
}

/// An ICU dictionary word (rule status letter, number, kana or ideographic).
public struct Word: Hashable, Sendable {
    /// Where the word sits in `Analysis.normalized` (UTF-16 code units).
    public let normalized: Range<Int32>
    /// Where the word sits in the original text (Unicode scalars).
    public let original: Range<Int32>
}

/// The analysis of one text (a paragraph or a query): its normalised form, its
/// units and breaks with positions, and its ICU words. Offsets map back to the original.
public struct Analysis: Sendable {
    /// The text as given.
    public let text: String
    /// The normalised text (NFKC, case folded, simplified), UTF-16.
    public let normalized: [UInt16]
    /// Units and breaks in order; a token's index is its position.
    public let tokens: [Token]
    /// ICU dictionary words in order (empty when words were not asked for).
    public let words: [Word]

    /// The normalised text as a string.
    public var normalizedText: String { string(0..<Int32(normalized.count)) }

    /// The normalised text of a range of `normalized`.
    public func string(_ range: Range<Int32>) -> String {
        normalized.withUnsafeBufferPointer { all in
            let units = UnsafeBufferPointer(rebasing: all[Int(range.lowerBound)..<Int(range.upperBound)])
            return String(repairingUTF16: units.makeIterator(), count: units.count)
        }
    }

    /// The normalised text of a token (for a break: the punctuation it stands for).
    public func string(of token: Token) -> String { string(token.normalized) }

    /// The normalised text of a word.
    public func string(of word: Word) -> String { string(word.normalized) }

    /// The normalised texts of the units, in order, breaks left out.
    public var unitStrings: [String] { tokens.filter { $0.kind == .unit }.map { string(of: $0) } }

    /// Positions `p` where tokens `p` and `p + 1` are both units: the bigrams of adjacent units.
    public var bigramPositions: [Int] {
        guard tokens.count > 1 else { return [] }
        return (0..<(tokens.count - 1)).filter { tokens[$0].kind == .unit && tokens[$0 + 1].kind == .unit }
    }

    /// The original text of a range of Unicode scalars.
    public func originalString(_ range: Range<Int32>) -> String {
        var scalars = String.UnicodeScalarView()
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index >= Int(range.upperBound) { break }
            if index >= Int(range.lowerBound) { scalars.append(scalar) }
        }
        return String(scalars)
    }
}

extension String {
    /// `count` UTF-16 code units as a string, an ill-formed unit replaced by U+FFFD.
    /// Transcodes straight into the string's own storage, where `String(decoding:as:
    /// UTF16.self)` takes a slow generic path (query planning paid for it on every unit).
    @inlinable
    public init<Units: IteratorProtocol<UInt16>>(repairingUTF16 units: Units, count: Int) {
        self = Self.transcoding(units, count: count, stoppingOnError: false).string
    }

    /// `count` UTF-16 code units as a string, or nil if they are not well-formed UTF-16.
    @inlinable
    public init?<Units: IteratorProtocol<UInt16>>(validatingUTF16 units: Units, count: Int) {
        let (string, invalid) = Self.transcoding(units, count: count, stoppingOnError: true)
        guard !invalid else { return nil }
        self = string
    }

    /// A UTF-16 unit never needs more than three UTF-8 bytes (a lone surrogate becomes
    /// U+FFFD, three bytes), so `3 × count` bytes always hold the result. (Inlinable, like
    /// the initialisers, so callers in other modules get it specialised to their units.)
    @inlinable
    static func transcoding<Units: IteratorProtocol<UInt16>>(_ units: Units, count: Int, stoppingOnError: Bool)
        -> (string: String, invalid: Bool) {
        var invalid = false
        let string = String(unsafeUninitializedCapacity: count * 3) { bytes in
            var written = 0
            invalid = transcode(units, from: UTF16.self, to: UTF8.self, stoppingOnError: stoppingOnError) { byte in
                bytes[written] = byte
                written += 1
            }
            return written
        }
        return (string, invalid)
    }
}
