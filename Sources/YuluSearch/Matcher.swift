import YuluAnalysis
import YuluIndex

/// An inclusive range over a field's values (`year:2020..2025`, `date:2024-01..`):
/// numeric when its given ends and the value are numbers, otherwise compared as text,
/// where the upper end bounds the value's prefix of its own length (so
/// `date:..2024-06` holds every day of June 2024).
struct FieldRange: Equatable {
    let lower: String?
    let upper: String?

    func contains(_ value: String) -> Bool {
        let ends = [lower, upper].compactMap { $0 }
        if ends.allSatisfy({ Double($0) != nil }), let number = Double(value) {
            if let lower, number < Double(lower)! { return false }
            if let upper, number > Double(upper)! { return false }
            return true
        }
        if let lower, value.utf8.lexicographicallyPrecedes(lower.utf8) { return false }
        if let upper, upper.utf8.lexicographicallyPrecedes(value.utf8.prefix(upper.utf8.count)) { return false }
        return true
    }
}

/// A query ready to run: phrases analysed into plans, exclusions separated, filters
/// resolved against the index's fields.
indirect enum Matcher {
    case phrase(PhrasePlan)
    case all(positive: [Matcher], negative: [Matcher])
    case any([Matcher])
    case near(PhrasePlan, PhrasePlan, distance: Int)
    case field(String, PhrasePattern)
    case range(String, FieldRange)

    /// The plan of a phrase matcher; nil for any other.
    var phrasePlan: PhrasePlan? {
        if case .phrase(let plan) = self { plan } else { nil }
    }

    /// The phrases that select paragraphs (not those under an exclusion), for ranking and highlighting.
    var positivePhrases: [PhrasePattern] {
        switch self {
        case .phrase(let plan): [plan.pattern]
        case .all(let positive, _): positive.flatMap(\.positivePhrases)
        case .any(let operands): operands.flatMap(\.positivePhrases)
        case .near(let left, let right, _): [left.pattern, right.pattern]
        case .field, .range: []
        }
    }

    /// Compiles a parsed query. Phrases with nothing searchable and unknown fields are errors.
    /// Phrases carry their ICU words only `withWords` (ranking needs them, counting does not).
    static func compile(_ query: Query, analyzer: Analyzer, withWords: Bool,
                        fieldNames: () throws(FormatError) -> Set<String>) throws(SearchError) -> Matcher
    {
        func pattern(_ text: String, at position: Int) throws(SearchError) -> PhrasePattern {
            let pattern = PhrasePattern(analyzer.analyze(text, includeWords: withWords))
            guard pattern.length > 0 else {
                throw SearchError.badQuery(QueryError(at: position, "\"\(text)\" has no letters, digits or Han characters to search for"))
            }
            return pattern
        }
        func checkField(_ name: String, at position: Int) throws(SearchError) {
            let names: Set<String>
            do { names = try fieldNames() } catch { throw SearchError.index(error.description) }
            guard names.contains(name) else {
                throw SearchError.badQuery(QueryError(at: position, SearchError.noSuchField(name, known: names)))
            }
        }
        switch query {
        case .phrase(let text, let position):
            return .phrase(PhrasePlan(try pattern(text, at: position)))
        case .all(let operands):
            var positive: [Matcher] = [], negative: [Matcher] = []
            for operand in operands {
                if case .not(let inner, _) = operand {
                    negative.append(try compile(inner, analyzer: analyzer, withWords: withWords, fieldNames: fieldNames))
                } else {
                    positive.append(try compile(operand, analyzer: analyzer, withWords: withWords, fieldNames: fieldNames))
                }
            }
            return .all(positive: positive, negative: negative)
        case .any(let operands):
            var compiled: [Matcher] = []
            for operand in operands { compiled.append(try compile(operand, analyzer: analyzer, withWords: withWords, fieldNames: fieldNames)) }
            return .any(compiled)
        case .not(_, let position):
            throw SearchError.badQuery(QueryError(at: position, "a query cannot only exclude"))
        case .near(.phrase(let left, let leftAt), .phrase(let right, let rightAt), let distance, _):
            return .near(PhrasePlan(try pattern(left, at: leftAt)), PhrasePlan(try pattern(right, at: rightAt)), distance: distance)
        case .near(_, _, _, let position):
            throw SearchError.badQuery(QueryError(at: position, "NEAR joins two phrases"))
        case .field(let name, let value, let position):
            try checkField(name, at: position)
            return .field(name, try pattern(value, at: position))
        case .range(let name, let lower, let upper, let position):
            try checkField(name, at: position)
            return .range(name, FieldRange(lower: lower, upper: upper))
        }
    }
}

/// Evaluates a matcher over one segment, giving its matching paragraphs in order
/// (deleted documents included; the caller drops them).
struct SegmentEvaluator {
    let catalog: SegmentCatalog
    /// A field's values, normalised into phrase patterns, for every document of the segment.
    let fieldPatterns: (String) throws(FormatError) -> [PhrasePattern?]

    /// The matching paragraphs, only among `within` (sorted) when given: an AND narrows
    /// each operand to what the ones before it left, so later phrases seek only there.
    func paragraphs(_ matcher: Matcher, within: [Int32]? = nil) throws(FormatError) -> [Int32] {
        switch matcher {
        case .phrase(let plan):
            return try PhraseScanner(reader: catalog.reader).paragraphs(plan, within: within)
        case .all(let positive, let negative):
            var result = within
            var operands = positive
            let plans = positive.compactMap(\.phrasePlan)
            if plans.count > 1 {
                // Phrases are walked together, reading positions only where all are candidates.
                result = try PhraseScanner(reader: catalog.reader).paragraphs(allOf: plans, within: result)
                if result!.isEmpty { return [] }
                operands = positive.filter { $0.phrasePlan == nil }
            }
            for operand in try byEstimate(operands) {
                result = try paragraphs(operand, within: result)
                if result!.isEmpty { return [] }
            }
            for operand in negative {
                result = ParagraphSets.subtracting(try paragraphs(operand, within: result), from: result!)
            }
            return result ?? []
        case .any(let operands):
            var result: [Int32] = []
            for operand in operands { result = ParagraphSets.union(result, try paragraphs(operand, within: within)) }
            return result
        case .near(let left, let right, let distance):
            return try PhraseScanner(reader: catalog.reader).paragraphs(left, near: right, distance: distance, within: within)
        case .field(let name, let pattern):
            let patterns = try fieldPatterns(name)
            return restrict(documents { patterns[$0].map { $0.contains(pattern) } ?? false }, to: within)
        case .range(let name, let range):
            let fields = try catalog.fields()
            return restrict(documents { number in fields[number][name].map { range.contains($0.description) } ?? false }, to: within)
        }
    }

    private func restrict(_ paragraphs: [Int32], to within: [Int32]?) -> [Int32] {
        within.map { ParagraphSets.intersection(paragraphs, $0) } ?? paragraphs
    }

    /// The paragraphs of the documents `holds` accepts.
    private func documents(where holds: (Int) -> Bool) -> [Int32] {
        var result: [Int32] = []
        for number in 0..<(catalog.documentStarts.count - 1) where holds(number) {
            result.append(contentsOf: catalog.documentStarts[number]..<catalog.documentStarts[number + 1])
        }
        return result
    }

    /// The operands of an AND, the one likely to select fewest paragraphs first, so that
    /// each later one seeks only among what the ones before it left.
    private func byEstimate(_ operands: [Matcher]) throws(FormatError) -> [Matcher] {
        guard operands.count > 1 else { return operands }
        var estimated: [(estimate: Int, index: Int)] = []
        for (index, operand) in operands.enumerated() { estimated.append((try estimate(operand), index)) }
        return estimated.sorted { ($0.estimate, $0.index) < ($1.estimate, $1.index) }.map { operands[$0.index] }
    }

    /// An upper bound on the paragraphs `matcher` selects, from the term dictionary alone:
    /// a phrase holds no more paragraphs than its rarest term. Field filters count as
    /// unbounded, so they restrict what the phrases found rather than lead.
    private func estimate(_ matcher: Matcher) throws(FormatError) -> Int {
        switch matcher {
        case .phrase(let plan): return try estimate(plan)
        case .all(let positive, _):
            var least = Int.max
            for operand in positive { least = min(least, try estimate(operand)) }
            return least
        case .any(let operands):
            var sum = 0
            for operand in operands { sum = sum.addingReportingOverflow(try estimate(operand)).partialValue }
            return sum < 0 ? Int.max : sum
        case .near(let left, let right, _): return min(try estimate(left), try estimate(right))
        case .field, .range: return Int.max
        }
    }

    private func estimate(_ plan: PhrasePlan) throws(FormatError) -> Int {
        var least = catalog.reader.paragraphCount
        for case .term(let term, _) in plan.required + plan.bigrams {
            least = min(least, try catalog.reader.termInfo(term)?.paragraphCount ?? 0)
        }
        return least
    }
}

/// NEAR's position rule: an occurrence of one phrase ends, and within `distance`
/// positions (0 = adjacent) an occurrence of the other starts, in either order.
/// Overlapping occurrences are not near each other.
enum NearCheck {
    /// Whether the rule holds for the rising starts `a` and `b` of phrases `aLength` and
    /// `bLength` long: two walks, one for each order, each through both lists once
    /// (checking every pair took a paragraph of ten 人民政府 a hundred steps for
    /// "政府" NEAR "民政").
    static func holds(_ a: UnsafeBufferPointer<Int32>, length aLength: Int, _ b: UnsafeBufferPointer<Int32>, length bLength: Int,
                      distance: Int) -> Bool {
        follows(b, after: a, length: aLength, within: distance) || follows(a, after: b, length: bLength, within: distance)
    }

    /// Whether a start in `later` lies within `distance` positions after the end of an
    /// occurrence `length` long starting in `earlier`: for each end, rising, the first
    /// start at or after it, found by a pointer that only moves forward.
    private static func follows(_ later: UnsafeBufferPointer<Int32>, after earlier: UnsafeBufferPointer<Int32>, length: Int,
                                within distance: Int) -> Bool {
        var next = 0
        for start in earlier {
            let end = Int(start) + length
            while next < later.count && Int(later[next]) < end { next += 1 }
            guard next < later.count else { return false }
            if Int(later[next]) - end <= distance { return true }
        }
        return false
    }
}

extension PhrasePattern {
    /// Whether `other`'s tokens occur contiguously in this pattern's.
    func contains(_ other: PhrasePattern) -> Bool {
        other.length > 0 && tokens.firstRange(of: other.tokens) != nil
    }
}
