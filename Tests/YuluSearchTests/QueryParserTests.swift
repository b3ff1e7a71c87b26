import Testing
import YuluTestSupport
@testable import YuluSearch

@Suite struct QueryParserTests {
    @Test func phrasesAndOperators() throws {
        #expect(try QueryParser.parse("项目为王") == .phrase("项目为王", at: 1))
        #expect(try QueryParser.parse("\"项目 为王\"") == .phrase("项目 为王", at: 1))
        #expect(try QueryParser.parse("营商环境 项目") == .all([.phrase("营商环境", at: 1), .phrase("项目", at: 6)]))
        #expect(try QueryParser.parse("a OR b c") == .any([.phrase("a", at: 1), .all([.phrase("b", at: 6), .phrase("c", at: 8)])]))
        #expect(try QueryParser.parse("项目 -招商") == .all([.phrase("项目", at: 1), .not(.phrase("招商", at: 5), at: 4)]))
        #expect(try QueryParser.parse("项目 NOT 招商") == .all([.phrase("项目", at: 1), .not(.phrase("招商", at: 8), at: 4)]))
        #expect(try QueryParser.parse("(A OR B) C") == .all([.any([.phrase("A", at: 2), .phrase("B", at: 7)]), .phrase("C", at: 10)]))
        #expect(try QueryParser.parse("项目 NEAR/10 环境") == .near(.phrase("项目", at: 1), .phrase("环境", at: 12), distance: 10, at: 4))
        #expect(try QueryParser.parse("a -(b OR c)") == .all([.phrase("a", at: 1), .not(.any([.phrase("b", at: 5), .phrase("c", at: 10)]), at: 3)]))
        #expect(try QueryParser.parse("a -\"b c\"") == .all([.phrase("a", at: 1), .not(.phrase("b c", at: 4), at: 3)]))
        #expect(try QueryParser.parse("a AND b") == .all([.phrase("a", at: 1), .phrase("b", at: 7)]))
        // Keywords only in capitals; a dash inside a term stays.
        #expect(try QueryParser.parse("or") == .phrase("or", at: 1))
        #expect(try QueryParser.parse("2024-01") == .phrase("2024-01", at: 1))
        // Full-width space separates too.
        #expect(try QueryParser.parse("项目\u{3000}环境") == .all([.phrase("项目", at: 1), .phrase("环境", at: 4)]))
    }

    @Test func fieldsAndRanges() throws {
        #expect(try QueryParser.parse("year:2025") == .field("year", value: "2025", at: 1))
        #expect(try QueryParser.parse("title:\"讲话 稿\"") == .field("title", value: "讲话 稿", at: 1))
        #expect(try QueryParser.parse("year:2020..2025") == .range("year", lower: "2020", upper: "2025", at: 1))
        #expect(try QueryParser.parse("year:2020..") == .range("year", lower: "2020", upper: nil, at: 1))
        #expect(try QueryParser.parse("date:..2025-06-30") == .range("date", lower: nil, upper: "2025-06-30", at: 1))
        #expect(try QueryParser.parse("date:2024-06..2024") == .range("date", lower: "2024-06", upper: "2024", at: 1))
        #expect(try QueryParser.parse("year:2020..2020") == .range("year", lower: "2020", upper: "2020", at: 1))
        for empty in ["year:2026..2020", "year:100..20", "date:2025..2024-06", "date:2024-07-01..2024-06"] {
            #expect(throws: QueryError.self, "\(empty)") { try QueryParser.parse("项目 " + empty) }
        }
        // A range is refused exactly when it holds nothing: otherwise it holds its lower end.
        let ends = ["2020", "2026", "100", "20", "2024-06", "2024", "2025", "2024-07-01", "2024-06-30", "2024-6", "a", "浙江", "1e3"]
        for lower in ends {
            for upper in ends {
                let holdsLower = FieldRange(lower: lower, upper: upper).contains(lower)
                let parsed = (try? QueryParser.parse("x:\(lower)..\(upper)")) != nil
                #expect(parsed == holdsLower, "x:\(lower)..\(upper)")
            }
        }
        // The date field's dates written without leading zeros are padded; impossible ones are
        // errors. Other fields keep what was typed.
        #expect(try QueryParser.parse("date:2024-1-5..2024-6") == .range("date", lower: "2024-01-05", upper: "2024-06", at: 1))
        #expect(try QueryParser.parse("date:2024-9") == .field("date", value: "2024-09", at: 1))
        #expect(try QueryParser.parse("date:2024-02-29..") == .range("date", lower: "2024-02-29", upper: nil, at: 1))
        #expect(try QueryParser.parse("date:12-3..20-4") == .range("date", lower: "12-3", upper: "20-4", at: 1))
        #expect(try QueryParser.parse("x:2024-1..2024-13") == .range("x", lower: "2024-1", upper: "2024-13", at: 1))
        // Dates as ingest reads them (/ . 年月日, full width) are dates too; range ends are read in half width.
        #expect(try QueryParser.parse("date:2024/9/1..2024.12.31") == .range("date", lower: "2024-09-01", upper: "2024-12-31", at: 1))
        #expect(try QueryParser.parse("date:２０２４年９月１日..2025年") == .range("date", lower: "2024-09-01", upper: "2025", at: 1))
        #expect(try QueryParser.parse("date:2024年9月") == .field("date", value: "2024-09", at: 1))
        #expect(try QueryParser.parse("date:某日") == .field("date", value: "某日", at: 1))
        #expect(try QueryParser.parse("year:２０２０..２０２５") == .range("year", lower: "2020", upper: "2025", at: 1))
        for (impossible, reason) in [("date:2024-13-01..", "no month 13"), ("date:..2023-02-29", "2023-02 has 28 days"),
                                     ("date:2024-0..", "no month 0"), ("date:2024-04-31..2024-05", "2024-04 has 30 days")] {
            do {
                _ = try QueryParser.parse(impossible)
                Issue.record("\(impossible) parsed")
            } catch {
                #expect(error.message.contains(reason), "\(error.message)")
            }
        }
        #expect(try QueryParser.parse("项目 province:浙江省") == .all([.phrase("项目", at: 1), .field("province", value: "浙江省", at: 4)]))
        // A full-width colon is text, not a filter.
        #expect(try QueryParser.parse("时间：2025") == .phrase("时间：2025", at: 1))
    }

    /// Operators and the exclusion sign as a Chinese IME in full-width mode types them.
    @Test func fullWidthOperatorsAreOperators() throws {
        for (typed, meant) in [("项目为王 ＯＲ 招商引资", "项目为王 OR 招商引资"), ("项目 －招商", "项目 -招商"),
                               ("项目 ＡＮＤ 招商", "项目 AND 招商"), ("ＮＯＴ 招商 项目", "NOT 招商 项目"),
                               ("项目 ＮＥＡＲ／３ 招商", "项目 NEAR/3 招商")] {
            #expect(try QueryParser.parse(typed) == QueryParser.parse(meant), "\(typed)")
        }
        // A dash of either width standing alone is text, not an exclusion.
        for dash in ["-", "－"] {
            #expect(try QueryParser.parse("项目 \(dash) 招商") == .all([.phrase("项目", at: 1), .phrase(dash, at: 4), .phrase("招商", at: 6)]))
            #expect(try QueryParser.parse("项目 \(dash)") == .all([.phrase("项目", at: 1), .phrase(dash, at: 4)]))
        }
        // Inside a term, full-width forms stay text.
        #expect(try QueryParser.parse("２０２０－２０２５") == .phrase("２０２０－２０２５", at: 1))
        #expect(try QueryParser.parse("ＯＲＤＥＲ") == .phrase("ＯＲＤＥＲ", at: 1))
    }

    @Test func errorsNameThePositionAndWhatWasExpected() {
        let cases: [(String, Int, String)] = [
            ("", 1, "empty"),
            ("   ", 1, "empty"),
            ("项目 OR", 6, "after OR"),
            ("OR 项目", 1, "before OR"),
            ("(项目", 4, "expected )"),
            ("项目)", 3, "closes nothing"),
            ("()", 2, "inside ( )"),
            ("\"项目", 1, "never closed"),
            ("项目 NEAR 环境", 4, "NEAR/n"),
            ("项目 NEAR/x 环境", 9, "whole number"),
            ("(a OR b) NEAR/3 c", 10, "left side"),
            ("-项目", 1, "only exclude"),
            ("a OR -b", 6, "OR cannot join"),
            ("year:", 6, "value after year:"),
            ("year:..", 1, "at least one end"),
            ("a NEAR/2 b NEAR/2 c", 12, "combine several"),
            ("NOT", 4, "to exclude"),
            ("a AND", 6, "after AND"),
        ]
        for (query, position, fragment) in cases {
            #expect(throws: QueryError.self, "\(query)") { try QueryParser.parse(query) }
            do {
                _ = try QueryParser.parse(query)
            } catch {
                #expect(error.position == position, "\(query): \(error)")
                #expect(error.message.contains(fragment), "\(query): \(error)")
            }
        }
    }

    /// Random strings and token soups, huge and deeply nested queries: an answer or a
    /// `QueryError`, never a crash.
    /// Random queries, written out with the choices the language allows (AND or a space,
    /// NOT or -, quotes where none are needed, redundant parentheses, full-width spaces),
    /// parse back into the same query: positions aside, and nested ANDs or ORs taken as
    /// the flat ones they mean.
    @Test func randomQueriesReadBackAsWritten() throws {
        var writer = RandomQueryWriter(random: SplitMix64(seed: 17))
        for _ in 0..<3_000 {
            let query = writer.query(depth: 0)
            let text = writer.write(query)
            #expect(RandomQueryWriter.shape(try QueryParser.parse(text)) == RandomQueryWriter.shape(query), "\(text)")
        }
    }

    /// The lexer's separator test, with its shortcuts for ASCII and for scalars above
    /// U+3000, agrees with its definition on every scalar.
    @Test func separatorsAreWhiteSpaceZeroWidthSpaceAndByteOrderMark() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let defined = scalar.properties.isWhitespace || value == 0x200B || value == 0xFEFF
            if QueryLexer.isSpace(scalar) != defined { Issue.record("U+\(String(value, radix: 16))") }
        }
    }

    @Test func fuzzNeverCrashes() {
        var random = SplitMix64(seed: 7)
        let pieces = ["项目", "为王", "\"", "(", ")", "OR", "NOT", "AND", "-", "NEAR/3", "NEAR/", "year:", "year:2020..", "..",
                      " ", "\u{3000}", "，", ":", "a", "(((", ")))", "title:\"x", "NEAR", "--", "\u{0}", "𠀀", "é"]
        for _ in 0..<3000 {
            let count = Int(random.next() % 12)
            let query = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined(separator: random.next() % 2 == 0 ? " " : "")
            _ = try? QueryParser.parse(query)
        }
        for _ in 0..<500 {
            let scalars = (0..<Int(random.next() % 40)).compactMap { _ in Unicode.Scalar(UInt32(random.next() % 0x3000)) }
            _ = try? QueryParser.parse(String(String.UnicodeScalarView(scalars)))
        }
        _ = try? QueryParser.parse(String(repeating: "项目 OR ", count: 12_000) + "x")
        _ = try? QueryParser.parse(String(repeating: "(", count: 100_000))
        _ = try? QueryParser.parse(String(repeating: "(", count: 50) + "a" + String(repeating: ")", count: 50))
        #expect(throws: QueryError.self) { try QueryParser.parse(String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)) }
        _ = try? QueryParser.parse(String(repeating: "-", count: 100_000))
    }
}

/// Random queries of the language, and texts of them.
struct RandomQueryWriter {
    var random: SplitMix64

    private mutating func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    private mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    static let terms = ["项目", "为王", "营商环境", "a", "2024", "亲清", "x1", "为王，环境", "項目"]
    static let spaced = ["项目 为王", "a b", "OR", "year:2025", "(x)", "-y"]

    /// A query whose every AND group selects something (as the parser requires).
    mutating func query(depth: Int) -> Query {
        switch below(depth < 3 ? 10 : 5) {
        case 0, 1, 2: return phrase()
        case 3: return .field(pick(["year", "province", "title"]), value: pick(["2025", "浙江省", "讲话", "讲 话"]), at: 0)
        case 4:
            let ends = [nil, "2020", "2023", "2026"]
            let (a, b) = (below(4), below(4))
            let (lower, upper) = (ends[min(a, b)], a == b && a == 0 ? "2024" : ends[max(a, b)])
            return .range("year", lower: lower, upper: upper, at: 0)
        case 5: return .near(phrase(), phrase(), distance: below(30), at: 0)
        case 6, 7:
            var operands = (0..<(2 + below(3))).map { _ in query(depth: depth + 1) }
            for index in operands.indices.dropFirst() where below(3) == 0 { operands[index] = .not(operands[index], at: 0) }
            return .all(operands)
        default: return .any((0..<(2 + below(3))).map { _ in query(depth: depth + 1) })
        }
    }

    private mutating func phrase() -> Query { .phrase(below(4) == 0 ? pick(Self.spaced) : pick(Self.terms), at: 0) }

    /// `query` as text, written where `inside` says (which decides whether it needs
    /// parentheses; some get them anyway).
    mutating func write(_ query: Query, inside: Context = .top) -> String {
        let text: String
        switch query {
        case .phrase(let phrase, _):
            text = Self.terms.contains(phrase) && below(3) > 0 ? phrase : "\"\(phrase)\""
        case .field(let name, let value, _):
            text = "\(name):" + (value.contains(" ") || below(3) == 0 ? "\"\(value)\"" : value)
        case .range(let name, let lower, let upper, _):
            text = "\(name):\(lower ?? "")..\(upper ?? "")"
        case .near(let left, let right, let distance, _):
            text = write(left, inside: .near) + space() + "NEAR/\(distance)" + space() + write(right, inside: .near)
        case .not(let operand, _):
            text = pick(["-", "NOT "]) + write(operand, inside: .not)
        case .all(let operands):
            text = operands.enumerated().map { index, operand in
                (index == 0 ? "" : (below(3) == 0 ? space() + "AND" + space() : space())) + write(operand, inside: .and)
            }.joined()
        case .any(let operands):
            text = operands.map { write($0, inside: .or) }.joined(separator: space() + "OR" + space())
        }
        return needsParentheses(query, inside) || below(8) == 0 ? "(" + text + ")" : text
    }

    enum Context { case top, or, and, not, near }

    private func needsParentheses(_ query: Query, _ context: Context) -> Bool {
        switch (query, context) {
        case (.any, .and), (.any, .not), (.all, .not): true
        default: false
        }
    }

    private mutating func space() -> String { pick([" ", "  ", "\u{3000}"]) }

    /// The query without positions, nested ANDs (and ORs) flattened into one.
    static func shape(_ query: Query) -> String {
        switch query {
        case .phrase(let text, _): "p(\(text))"
        case .field(let name, let value, _): "f(\(name)=\(value))"
        case .range(let name, let lower, let upper, _): "r(\(name)=\(lower ?? "")..\(upper ?? ""))"
        case .near(let left, let right, let distance, _): "near\(distance)(\(shape(left)),\(shape(right)))"
        case .not(let operand, _): "not(\(shape(operand)))"
        case .all(let operands): "all(" + flattened(operands, { if case .all(let inner) = $0 { inner } else { nil } }).joined(separator: ",") + ")"
        case .any(let operands): "any(" + flattened(operands, { if case .any(let inner) = $0 { inner } else { nil } }).joined(separator: ",") + ")"
        }
    }

    private static func flattened(_ operands: [Query], _ inner: (Query) -> [Query]?) -> [String] {
        operands.flatMap { operand in inner(operand).map { flattened($0, inner) } ?? [shape(operand)] }
    }
}
