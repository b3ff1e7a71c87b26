import YuluAnalysis
import YuluIndex

/// A phrase read as DESIGN reads text: units and breaks, breaks at its ends dropped.
public struct PhrasePattern: Equatable, Sendable {
    /// One position of the phrase: a unit's normalised text, or nil for a break.
    public let tokens: [String?]
    /// The ICU words of the phrase (normalised), for ranking.
    public let words: [String]
    /// The units as UTF-16, back to back, as `occurrences` compares them; position i's
    /// are `utf16[utf16Ends[i]..<utf16Ends[i + 1]]`, empty for a break.
    private let utf16: [UInt16]
    private let utf16Ends: [Int]

    /// The pattern of an analysed phrase.
    public init(_ analysis: Analysis) {
        let all = analysis.tokens
        var (first, end) = (0, all.count)
        while first < end && all[first].kind != .unit { first += 1 }
        while end > first && all[end - 1].kind != .unit { end -= 1 }
        var tokens: [String?] = []
        tokens.reserveCapacity(end - first)
        var utf16: [UInt16] = []
        utf16.reserveCapacity(analysis.normalized.count)
        var utf16Ends = [0]
        utf16Ends.reserveCapacity(end - first + 1)
        analysis.normalized.withUnsafeBufferPointer { normalized in
            for token in all[first..<end] {
                if token.kind == .unit {
                    tokens.append(analysis.string(of: token))
                    utf16.append(contentsOf: normalized[Int(token.normalized.lowerBound)..<Int(token.normalized.upperBound)])
                } else {
                    tokens.append(nil)
                }
                utf16Ends.append(utf16.count)
            }
        }
        (self.tokens, self.utf16, self.utf16Ends) = (tokens, utf16, utf16Ends)
        words = analysis.words.map { analysis.string(of: $0) }
    }

    /// The number of positions the phrase spans.
    public var length: Int { tokens.count }

    /// Start positions in `analysis` where the phrase occurs (the brute-force definition
    /// of a match: every token equal, breaks matching breaks), comparing UTF-16 in place.
    public func occurrences(in analysis: Analysis) -> [Int] {
        let count = analysis.tokens.count
        guard length > 0, count >= length else { return [] }
        var starts: [Int] = []
        analysis.normalized.withUnsafeBufferPointer { normalized in
            analysis.tokens.withUnsafeBufferPointer { tokens in
                utf16.withUnsafeBufferPointer { units in
                    utf16Ends.withUnsafeBufferPointer { ends in
                        for start in 0...(count - length) where Self.matches(units, ends, tokens, normalized, at: start) { starts.append(start) }
                    }
                }
            }
        }
        return starts
    }

    private static func matches(_ units: UnsafeBufferPointer<UInt16>, _ ends: UnsafeBufferPointer<Int>, _ tokens: UnsafeBufferPointer<Token>,
                                _ normalized: UnsafeBufferPointer<UInt16>, at start: Int) -> Bool {
        for offset in 0..<(ends.count - 1) {
            let token = tokens[start + offset]
            let (first, end) = (ends[offset], ends[offset + 1])
            guard first < end else {
                if token.kind != .break { return false }
                continue
            }
            let at = Int(token.normalized.lowerBound)
            guard token.kind == .unit, Int(token.normalized.upperBound) - at == end - first else { return false }
            for index in first..<end where normalized[at + index - first] != units[index] { return false }
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
///   (`cover(counts:requiredLists:requiredLeast:)`), the one with least estimated work.
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
    /// Offsets of the units no required part fixes, rising.
    let unfixed: [Int]

    init(_ pattern: PhrasePattern) {
        self.pattern = pattern
        let tokens = pattern.tokens
        var required: [Part] = []
        var bigrams: [Part] = []
        var unfixed: [Int] = []
        bigrams.reserveCapacity(tokens.count)
        unfixed.reserveCapacity(tokens.count)
        for (offset, token) in tokens.enumerated() {
            guard let unit = token else { continue }
            let next: String?? = offset + 1 < tokens.count ? .some(tokens[offset + 1]) : .none
            switch next {
            case .some(nil):
                required.append(.term(TermBytes.unit(unit), offset: offset))
            case .some(let following?):
                bigrams.append(.term(TermBytes.bigram(unit, following), offset: offset))
                unfixed.append(offset)
            case .none:
                if offset == 0 || tokens[offset - 1] == nil {
                    required.append(.anyUnit(unit, offset: offset))
                } else {
                    unfixed.append(offset)
                }
            }
        }
        self.required = required
        self.bigrams = bigrams
        self.unfixed = unfixed
    }

    /// Which bigrams to read, given how many paragraphs hold each (`counts[i]` for
    /// `bigrams[i]`) and how many required parts are read and the fewest paragraphs any of
    /// them holds. The scan's work is about the paragraphs of the rarest list read times
    /// the number of lists, so each bigram is tried as the rarest one read: with it, the
    /// fewest bigrams at least as common that fix every unit; the try with least work
    /// wins (the rarer lead on a tie). A rare bigram is worth reading for the paragraphs it
    /// rules out; a common one that two others make redundant is not.
    func cover(counts: [Int], requiredLists: Int = 0, requiredLeast: Int = .max) -> [Int] {
        guard bigrams.count > 1 else { return Array(bigrams.indices) }
        var bigramAt = [Int](repeating: -1, count: pattern.length + 1)
        for (index, bigram) in bigrams.enumerated() { bigramAt[bigram.offset] = index }
        var fixed = [Bool](repeating: false, count: pattern.length + 1)
        var chosen: [Int] = []
        chosen.reserveCapacity(bigrams.count)
        // Leads from the rarest: a later lead replaces the best only with strictly less work.
        var leads = Array(bigrams.indices)
        leads.sort { (counts[$0], $0) < (counts[$1], $1) }
        var best: (work: Int, lead: Int)?
        for lead in leads {
            guard fewestFixing(with: lead, bigramAt: bigramAt, allowed: { counts[$0] >= counts[lead] },
                               fixed: &fixed, chosen: &chosen) else { continue }
            let work = min(counts[lead], requiredLeast).multipliedReportingOverflow(by: chosen.count + requiredLists)
            let bounded = work.overflow ? Int.max : work.partialValue
            if best.map({ bounded < $0.work }) ?? true { best = (bounded, lead) }
        }
        // Reading every bigram fixes every unit, so the most common lead always finds a cover.
        guard let lead = best?.lead else { return Array(bigrams.indices) }
        _ = fewestFixing(with: lead, bigramAt: bigramAt, allowed: { counts[$0] >= counts[lead] }, fixed: &fixed, chosen: &chosen)
        chosen.sort()
        return chosen
    }

    /// Fills `chosen` with the fewest bigrams, `lead` among them and the others `allowed`,
    /// that fix every unit of `unfixed` (`bigramAt[offset]` is the bigram starting there,
    /// or -1), and returns whether the allowed ones can. From the left, each unit still
    /// unfixed takes the bigram it starts when allowed (it reaches further), else the one
    /// it ends: the classic greedy cover of points by intervals. `fixed` is scratch space
    /// of the pattern's length plus one.
    private func fewestFixing(with lead: Int, bigramAt: [Int], allowed: (Int) -> Bool, fixed: inout [Bool],
                              chosen: inout [Int]) -> Bool {
        for offset in fixed.indices { fixed[offset] = false }
        chosen.removeAll(keepingCapacity: true)
        chosen.append(lead)
        fixed[bigrams[lead].offset] = true
        fixed[bigrams[lead].offset + 1] = true
        for unit in unfixed where !fixed[unit] {
            let starting = bigramAt[unit]
            if starting >= 0 && allowed(starting) {
                chosen.append(starting)
                fixed[unit + 1] = true
            } else if unit > 0 && bigramAt[unit - 1] >= 0 && allowed(bigramAt[unit - 1]) {
                chosen.append(bigramAt[unit - 1])
            } else {
                return false
            }
            fixed[unit] = true
        }
        return true
    }
}
