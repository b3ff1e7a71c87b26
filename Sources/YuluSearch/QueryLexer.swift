/// One token of the query language.
struct QueryToken: Equatable {
    enum Kind: Equatable {
        /// A run without white space, parentheses or quotes: a phrase.
        case term(String)
        /// A phrase in double quotes.
        case quoted(String)
        /// `name:value` or `name:"value"`.
        case field(name: String, value: String)
        case leftParenthesis
        case rightParenthesis
        case or
        case and
        /// `NOT`, or `-` glued to the start of a term.
        case not
        /// `NEAR/n`.
        case near(Int)
    }

    let kind: Kind
    /// 1-based offset in Unicode scalars.
    let position: Int
}

/// Splits a query into tokens. White space (any Unicode space) separates; `"` quotes;
/// ASCII parentheses group; `OR`, `AND`, `NOT` and `NEAR/n` are operators only in
/// capitals and standing alone, in half or full width (`ＯＲ`, as a Chinese IME in full-width
/// mode types it); `-` or `－` negates when glued to the start of a term, a quote or a group;
/// `name:` (ASCII letters, digits, `_`) before a value makes a field filter.
struct QueryLexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    static let maximumDistance = 1_000_000

    init(_ query: String) { scalars = Array(query.unicodeScalars) }

    static func tokens(_ query: String) throws(QueryError) -> [QueryToken] {
        var lexer = QueryLexer(query)
        var tokens: [QueryToken] = []
        while let token = try lexer.next() { tokens.append(token) }
        return tokens
    }

    /// Whether `scalar` separates: Unicode's White_Space, U+200B or U+FEFF. No White_Space
    /// scalar lies above U+3000, so a Han character is answered without a property lookup
    /// (a few hundred instructions), as is ASCII.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (0x09...0x0D).contains(value) }
        if value > 0x3000 { return value == 0xFEFF }
        return value == 0x200B || scalar.properties.isWhitespace
    }

    private static func endsTerm(_ scalar: Unicode.Scalar) -> Bool {
        isSpace(scalar) || scalar == "(" || scalar == ")" || scalar == "\""
    }

    private mutating func next() throws(QueryError) -> QueryToken? {
        while index < scalars.count && Self.isSpace(scalars[index]) { index += 1 }
        guard index < scalars.count else { return nil }
        let start = index
        let position = start + 1
        switch scalars[index] {
        case "(":
            index += 1
            return QueryToken(kind: .leftParenthesis, position: position)
        case ")":
            index += 1
            return QueryToken(kind: .rightParenthesis, position: position)
        case "\"":
            return QueryToken(kind: .quoted(try quoted()), position: position)
        case "-", "－":
            // Only glued to what it excludes; a dash standing alone is text.
            guard index + 1 < scalars.count && !Self.isSpace(scalars[index + 1]) && scalars[index + 1] != ")" else { break }
            index += 1
            return QueryToken(kind: .not, position: position)
        default:
            break
        }
        if let name = fieldName() {
            index += name.unicodeScalars.count + 1
            let value: String
            if index < scalars.count && scalars[index] == "\"" {
                value = try quoted()
            } else {
                value = bareRun()
            }
            guard !value.isEmpty else { throw QueryError(at: index + 1, "expected a value after \(name):") }
            return QueryToken(kind: .field(name: name, value: value), position: position)
        }
        let text = bareRun()
        // Operators in full width (the first scalar tells; other terms are not copied).
        let word = text.unicodeScalars.first.map { (0xFF01...0xFF5E).contains($0.value) } == true ? Self.halfWidth(text) : text
        switch word {
        case "OR": return QueryToken(kind: .or, position: position)
        case "AND": return QueryToken(kind: .and, position: position)
        case "NOT": return QueryToken(kind: .not, position: position)
        default:
            guard word.hasPrefix("NEAR") else { return QueryToken(kind: .term(text), position: position) }
            if word == "NEAR" { throw QueryError(at: position, "NEAR needs a distance: NEAR/n, n in positions") }
            guard word.hasPrefix("NEAR/") else { return QueryToken(kind: .term(text), position: position) }
            let digits = word.dropFirst(5)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let distance = Int(digits), distance <= Self.maximumDistance else {
                throw QueryError(at: position + 5, "expected a whole number of positions (0 to \(Self.maximumDistance)) after NEAR/")
            }
            return QueryToken(kind: .near(distance), position: position)
        }
    }

    /// `text` with full-width forms of ASCII (U+FF01 to U+FF5E) as ASCII.
    static func halfWidth(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
        }))
    }

    /// A field name (`[A-Za-z_][A-Za-z0-9_]*`) followed by `:` at the current index, if any.
    private func fieldName() -> String? {
        var end = index
        while end < scalars.count, scalars[end].isASCII,
              scalars[end].properties.isAlphabetic || scalars[end] == "_" || (end > index && ("0"..."9").contains(scalars[end])) {
            end += 1
        }
        guard end > index, end < scalars.count, scalars[end] == ":" else { return nil }
        return text(index..<end)
    }

    private mutating func bareRun() -> String {
        let start = index
        while index < scalars.count && !Self.endsTerm(scalars[index]) { index += 1 }
        return text(start..<index)
    }

    /// The text between a `"` at the current index and the next `"`.
    private mutating func quoted() throws(QueryError) -> String {
        let open = index
        index += 1
        while index < scalars.count && scalars[index] != "\"" { index += 1 }
        guard index < scalars.count else { throw QueryError(at: open + 1, "this quote is never closed: expected a closing \"") }
        index += 1
        return text(open + 1..<index - 1)
    }

    /// The scalars in `range` as a string, encoded straight into its storage (appending
    /// them one by one to a `String.UnicodeScalarView` cost a few hundred instructions each).
    private func text(_ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count * 4) { bytes in
            var written = 0
            for scalar in scalars[range] {
                UTF8.encode(scalar) { byte in
                    bytes[written] = byte
                    written += 1
                }
            }
            return written
        }
    }
}
