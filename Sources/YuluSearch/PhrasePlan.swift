import YuluAnalysis
import YuluIndex

/// A phrase read as DESIGN reads text: units and breaks, breaks at its ends dropped.
public struct PhrasePattern: Equatable, Sendable {
    /// One position of the phrase: a unit's normalised text, or nil for a break.
    public let tokens: [String?]
    /// The ICU words of the phrase (normalised), for ranking.
    public let words: [String]

    /// The pattern of an analysed phrase.
    public init(_ analysis: Analysis) {
        var tokens = analysis.tokens.map { $0.kind == .unit ? analysis.string(of: $0) : nil }
        while tokens.first.map({ $0 == nil }) == true { tokens.removeFirst() }
        while tokens.last.map({ $0 == nil }) == true { tokens.removeLast() }
        self.tokens = tokens
        words = analysis.words.map { analysis.string(of: $0) }
    }

    /// The number of positions the phrase spans.
    public var length: Int { tokens.count }

    /// Start positions in `analysis` where the phrase occurs (the brute-force definition
    /// of a match: every token equal, breaks matching breaks), comparing UTF-16 in place.
    public func occurrences(in analysis: Analysis) -> [Int] {
        let count = analysis.tokens.count
        guard length > 0, count >= length else { return [] }
        let units = tokens.map { $0.map { Array($0.utf16) } }
        var starts: [Int] = []
        analysis.normalized.withUnsafeBufferPointer { normalized in
            for start in 0...(count - length) where Self.matches(units, analysis.tokens, normalized, at: start) { starts.append(start) }
        }
        return starts
    }

    private static func matches(_ units: [[UInt16]?], _ tokens: [Token], _ normalized: UnsafeBufferPointer<UInt16>, at start: Int) -> Bool {
        for (offset, unit) in units.enumerated() {
            let token = tokens[start + offset]
            guard let unit else {
                if token.kind != .break { return false }
                continue
            }
            let range = Int(token.normalized.lowerBound)..<Int(token.normalized.upperBound)
            guard token.kind == .unit, range.count == unit.count, normalized[range].elementsEqual(unit) else { return false }
        }
        return true
    }
}

/// The fewest index terms that confirm a phrase from postings alone, each at its offset
/// in the phrase:
///
/// - the unit term of every unit a break follows: it fixes that unit, and, since a unit
///   of the phrase follows, that the next position is a break (so the break term, with
///   the longest postings of all, is never read);
/// - bigrams covering every other unit of a run of adjacent units, chosen greedily: two
///   bigrams at consecutive even offsets fix the units between them, so a run of n units
///   needs ⌈n/2⌉ bigrams, not n − 1;
/// - for a last unit after a break (or a one-unit phrase), every occurrence of that unit.
///
/// Positions are consecutive integers, so units fixed at every position of the phrase,
/// with breaks where it has them, are the phrase.
struct PhrasePlan {
    enum Part: Equatable {
        /// A term whose postings hold the position exactly.
        case term([UInt8], offset: Int)
        /// Any occurrence of the unit: its `u` term and every bigram it starts.
        case anyUnit(String, offset: Int)

        var offset: Int {
            switch self {
            case .term(_, let offset), .anyUnit(_, let offset): offset
            }
        }
    }

    let pattern: PhrasePattern
    let parts: [Part]

    init(_ pattern: PhrasePattern) {
        self.pattern = pattern
        let tokens = pattern.tokens
        var parts: [Part] = []
        var covered = Array(repeating: false, count: tokens.count)
        for offset in tokens.indices.dropFirst() where tokens[offset] == nil {
            parts.append(.term(TermBytes.unit(tokens[offset - 1]!), offset: offset - 1))
            covered[offset - 1] = true
        }
        func startsBigram(_ offset: Int) -> Bool {
            offset + 1 < tokens.count && tokens[offset] != nil && tokens[offset + 1] != nil
        }
        for offset in tokens.indices where startsBigram(offset) {
            guard !covered[offset] || !covered[offset + 1] && !startsBigram(offset + 1) else { continue }
            parts.append(.term(TermBytes.bigram(tokens[offset]!, tokens[offset + 1]!), offset: offset))
            covered[offset] = true
            covered[offset + 1] = true
        }
        for (offset, token) in tokens.enumerated() where !covered[offset] {
            if let unit = token { parts.append(.anyUnit(unit, offset: offset)) }
        }
        self.parts = parts.sorted { $0.offset < $1.offset }
    }
}
