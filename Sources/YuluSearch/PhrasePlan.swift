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

/// The index terms that confirm a phrase from postings alone, each at its offset in the
/// phrase:
///
/// - required: the unit term of every unit a break follows (it fixes that unit and,
///   since a unit of the phrase follows, that the next position is a break, so breaks
///   need no postings of their own, and the index keeps none); and, for a last unit after
///   a break (or a one-unit phrase), every occurrence of that unit;
/// - bigrams: every pair of adjacent units. A segment reads only a cover of them
///   (`cover(counts:)`): the rarest first, then others while a unit is left unfixed.
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
    /// Parts every match needs.
    let required: [Part]
    /// The bigram of every two adjacent units (offset = the first unit's).
    let bigrams: [Part]
    /// Offsets of the units no required part fixes.
    let unfixed: Set<Int>

    init(_ pattern: PhrasePattern) {
        self.pattern = pattern
        let tokens = pattern.tokens
        var required: [Part] = []
        var bigrams: [Part] = []
        var unfixed = Set<Int>()
        for (offset, token) in tokens.enumerated() {
            guard let unit = token else { continue }
            let next: String?? = offset + 1 < tokens.count ? .some(tokens[offset + 1]) : .none
            switch next {
            case .some(nil):
                required.append(.term(TermBytes.unit(unit), offset: offset))
            case .some(let following?):
                bigrams.append(.term(TermBytes.bigram(unit, following), offset: offset))
                unfixed.insert(offset)
            case .none:
                if offset == 0 || tokens[offset - 1] == nil {
                    required.append(.anyUnit(unit, offset: offset))
                } else {
                    unfixed.insert(offset)
                }
            }
        }
        self.required = required
        self.bigrams = bigrams
        self.unfixed = unfixed
    }

    /// Which bigrams to read, given how many paragraphs hold each (`counts[i]` for
    /// `bigrams[i]`): rarest first, each taken while it fixes a unit still unfixed; then,
    /// most common first, any taken bigram whose units the others fix is dropped — except
    /// the rarest, which leads the scan and so bounds its work.
    func cover(counts: [Int]) -> [Int] {
        guard bigrams.count > 1 else { return Array(bigrams.indices) }
        let byRarity = bigrams.indices.sorted { (counts[$0], $0) < (counts[$1], $1) }
        let span = pattern.length + 1
        var needed = [Bool](repeating: false, count: span)
        for offset in unfixed { needed[offset] = true }
        var left = unfixed.count
        var chosen = [Bool](repeating: false, count: bigrams.count)
        /// How many chosen bigrams fix each offset.
        var fixing = [Int](repeating: 0, count: span)
        for index in byRarity where left > 0 {
            let offset = bigrams[index].offset
            let fixesSomething = (needed[offset] && fixing[offset] == 0) || (needed[offset + 1] && fixing[offset + 1] == 0)
            guard fixesSomething else { continue }
            chosen[index] = true
            for fixed in [offset, offset + 1] {
                if needed[fixed] && fixing[fixed] == 0 { left -= 1 }
                fixing[fixed] += 1
            }
        }
        for index in byRarity.dropFirst().reversed() where chosen[index] {
            let offset = bigrams[index].offset
            if [offset, offset + 1].allSatisfy({ !needed[$0] || fixing[$0] > 1 }) {
                chosen[index] = false
                fixing[offset] -= 1
                fixing[offset + 1] -= 1
            }
        }
        return bigrams.indices.filter { chosen[$0] }
    }
}
