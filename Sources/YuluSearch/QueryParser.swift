/// Parses the query language into a `Query`. Precedence, tightest first: `NEAR/n`,
/// negation (`-`, `NOT`), juxtaposition or `AND`, `OR`; parentheses group.
///
///     query   = or
///     or      = and ("OR" and)*
///     and     = unary (["AND"] unary)*
///     unary   = ("-" | "NOT") near | near
///     near    = primary ["NEAR/n" primary]
///     primary = term | "quoted" | field:value | "(" or ")"
public struct QueryParser {
    /// Deeper nesting than this is refused (it would only ever come from a generator).
    public static let maximumDepth = 64

    private let tokens: [QueryToken]
    private let length: Int
    private var index = 0
    private var depth = 0

    private init(tokens: [QueryToken], length: Int) {
        self.tokens = tokens
        self.length = length
    }

    /// Parses `text`; every malformed query is a `QueryError` naming the position.
    public static func parse(_ text: String) throws(QueryError) -> Query {
        var parser = QueryParser(tokens: try QueryLexer.tokens(text), length: text.unicodeScalars.count)
        guard !parser.tokens.isEmpty else { throw QueryError(at: 1, "the query is empty: expected a phrase") }
        let query = try parser.parseOr()
        if let extra = parser.peek {
            throw QueryError(at: extra.position, extra.kind == .rightParenthesis ? "this ) closes nothing" : "unexpected \(describe(extra))")
        }
        try check(query)
        return query
    }

    private var peek: QueryToken? { index < tokens.count ? tokens[index] : nil }
    private var endPosition: Int { length + 1 }

    private mutating func parseOr() throws(QueryError) -> Query {
        var operands = [try parseAnd()]
        while let token = peek, token.kind == .or {
            index += 1
            guard peek != nil else { throw QueryError(at: endPosition, "expected a phrase after OR") }
            operands.append(try parseAnd())
        }
        return operands.count == 1 ? operands[0] : .any(operands)
    }

    private mutating func parseAnd() throws(QueryError) -> Query {
        var operands: [Query] = []
        while let token = peek {
            switch token.kind {
            case .or, .rightParenthesis:
                if operands.isEmpty { throw QueryError(at: token.position, "expected a phrase before \(Self.describe(token))") }
                return operands.count == 1 ? operands[0] : .all(operands)
            case .and:
                if operands.isEmpty { throw QueryError(at: token.position, "expected a phrase before AND") }
                index += 1
                guard let next = peek, Self.startsOperand(next) else {
                    throw QueryError(at: peek?.position ?? endPosition, "expected a phrase after AND")
                }
            default:
                operands.append(try parseUnary())
            }
        }
        if operands.isEmpty { throw QueryError(at: endPosition, "expected a phrase") }
        return operands.count == 1 ? operands[0] : .all(operands)
    }

    private static func startsOperand(_ token: QueryToken) -> Bool {
        switch token.kind {
        case .term, .quoted, .field, .leftParenthesis, .not: true
        default: false
        }
    }

    private mutating func parseUnary() throws(QueryError) -> Query {
        guard let token = peek, token.kind == .not else { return try parseNear() }
        index += 1
        guard let next = peek, Self.startsOperand(next), next.kind != .not else {
            throw QueryError(at: peek?.position ?? endPosition, "expected a phrase or a group to exclude after NOT or -")
        }
        return .not(try parseNear(), at: token.position)
    }

    private mutating func parseNear() throws(QueryError) -> Query {
        let left = try parsePrimary()
        guard let token = peek, case .near(let distance) = token.kind else { return left }
        index += 1
        guard case .phrase = left else { throw QueryError(at: token.position, "NEAR joins two phrases; the left side is not one") }
        guard peek != nil else { throw QueryError(at: endPosition, "expected a phrase after NEAR/\(distance)") }
        let right = try parsePrimary()
        guard case .phrase = right else { throw QueryError(at: token.position, "NEAR joins two phrases; the right side is not one") }
        if let next = peek, case .near = next.kind {
            throw QueryError(at: next.position, "NEAR joins two phrases; combine several NEARs with AND")
        }
        return .near(left, right, distance: distance, at: token.position)
    }

    private mutating func parsePrimary() throws(QueryError) -> Query {
        guard let token = peek else { throw QueryError(at: endPosition, "expected a phrase") }
        index += 1
        switch token.kind {
        case .term(let text), .quoted(let text):
            return .phrase(text, at: token.position)
        case .field(let name, let value):
            return try Self.field(name, value, at: token.position)
        case .leftParenthesis:
            depth += 1
            guard depth <= Self.maximumDepth else {
                throw QueryError(at: token.position, "parentheses nest deeper than \(Self.maximumDepth)")
            }
            guard let first = peek, first.kind != .rightParenthesis else {
                throw QueryError(at: peek?.position ?? endPosition, "expected a phrase inside ( )")
            }
            let inner = try parseOr()
            guard let close = peek, close.kind == .rightParenthesis else {
                throw QueryError(at: peek?.position ?? endPosition, "expected ) to close the ( at \(token.position)")
            }
            index += 1
            depth -= 1
            return inner
        default:
            throw QueryError(at: token.position, "expected a phrase, found \(Self.describe(token))")
        }
    }

    /// `name:value`, or a range `name:a..b` with either end open. A range's ends are read in
    /// half width (`２０２０` is 2020, as normalised text has it); the `date` field's values and
    /// ends are read as dates (see `isoDate`).
    private static func field(_ name: String, _ value: String, at position: Int) throws(QueryError) -> Query {
        func read(_ text: String) throws(QueryError) -> String { name == "date" ? try isoDate(text, at: position) : QueryLexer.halfWidth(text) }
        guard let dots = value.firstRange(of: "..") else {
            return .field(name, value: name == "date" ? try isoDate(value, at: position) : value, at: position)
        }
        let lower = try read(String(value[..<dots.lowerBound])), upper = try read(String(value[dots.upperBound...]))
        guard !lower.isEmpty || !upper.isEmpty else {
            throw QueryError(at: position, "a range needs at least one end: \(name):a..b, \(name):a.. or \(name):..b")
        }
        guard !upper.contains("..") else { throw QueryError(at: position, "a range has one .. between its ends") }
        if !lower.isEmpty, !upper.isEmpty, Self.isEmptyRange(lower, upper) {
            throw QueryError(at: position, "the range \(name):\(value) holds nothing: its lower end is past its upper end")
        }
        return .range(name, lower: lower.isEmpty ? nil : lower, upper: upper.isEmpty ? nil : upper, at: position)
    }

    /// A `date` value or range end written as a calendar date, `2024-6-1` or `2024-06` (four
    /// digits, then one or two, and one or two more; separated by - / . or written 2024年6月1日,
    /// as ingest reads dates; in full or half width), as ISO 8601 writes it and as ingest writes
    /// the `date` field, so that it matches and orders as that text does (`2024-6-1` sorts after
    /// `2024-06-30`, and `2024-9` is no phrase of `2024-09-05`); a month or day no calendar has
    /// is an error. Anything else is returned in half width.
    static func isoDate(_ end: String, at position: Int) throws(QueryError) -> String {
        let folded = QueryLexer.halfWidth(end)
        var text = folded
        if let last = text.last, "年月日".contains(last) { text.removeLast() }
        let parts = text.split(omittingEmptySubsequences: false) { "-/.年月".contains($0) }
        guard parts[0].count == 4, parts.dropFirst().allSatisfy({ (1...2).contains($0.count) }), parts.count <= 3,
              parts.allSatisfy({ $0.allSatisfy { ("0"..."9").contains($0) } }) else { return folded }
        guard parts.count > 1 else { return text }
        let numbers = parts.map { Int($0)! }
        func padded(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        guard (1...12).contains(numbers[1]) else { throw QueryError(at: position, "\(end) is not a date: there is no month \(numbers[1])") }
        guard numbers.count == 3 else { return "\(parts[0])-\(padded(numbers[1]))" }
        let leap = numbers[0] % 4 == 0 && (numbers[0] % 100 != 0 || numbers[0] % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][numbers[1] - 1]
        guard (1...days).contains(numbers[2]) else {
            throw QueryError(at: position, "\(end) is not a date: \(parts[0])-\(padded(numbers[1])) has \(days) days")
        }
        return "\(parts[0])-\(padded(numbers[1]))-\(padded(numbers[2]))"
    }

    /// Whether no value lies in `lower..upper` as `FieldRange` reads it: numbers when both
    /// ends are; otherwise text, where a value's prefix of the upper end's length must not
    /// pass it, so `2024-06..2024` holds June's days but `2025..2024-06` holds nothing.
    private static func isEmptyRange(_ lower: String, _ upper: String) -> Bool {
        if let low = Double(lower), let high = Double(upper) { return low > high }
        return upper.utf8.lexicographicallyPrecedes(lower.utf8.prefix(upper.utf8.count))
    }

    private static func describe(_ token: QueryToken) -> String {
        switch token.kind {
        case .term(let text): "\"\(text)\""
        case .quoted(let text): "\"\(text)\""
        case .field(let name, _): "the filter \(name):"
        case .leftParenthesis: "("
        case .rightParenthesis: ")"
        case .or: "OR"
        case .and: "AND"
        case .not: "NOT"
        case .near(let distance): "NEAR/\(distance)"
        }
    }

    /// Structural rules the grammar cannot state: OR joins things that select paragraphs,
    /// and every AND group (and the query) selects something before it excludes.
    private static func check(_ query: Query) throws(QueryError) {
        switch query {
        case .not(_, let position):
            throw QueryError(at: position, "a query cannot only exclude: add a phrase to exclude from")
        case .all(let operands):
            guard let firstNegation = operands.first(where: { !$0.isPositive }), !operands.contains(where: \.isPositive) else { break }
            if case .not(_, let position) = firstNegation {
                throw QueryError(at: position, "a group cannot only exclude: add a phrase to exclude from")
            }
        case .any(let operands):
            for operand in operands {
                if case .not(_, let position) = operand {
                    throw QueryError(at: position, "OR cannot join an exclusion: write A -B, or (A OR B) -C")
                }
            }
        default:
            break
        }
        switch query {
        case .all(let operands), .any(let operands):
            for operand in operands { try checkOperand(operand) }
        default:
            break
        }
    }

    private static func checkOperand(_ query: Query) throws(QueryError) {
        if case .not(let inner, _) = query { try check(inner) } else { try check(query) }
    }
}
