/// The text of one line of Markdown, its inline markup taken away, as a reader sees it
/// rendered: `坚持**项目**为王` is 坚持项目为王, so the phrase 项目为王 is found (with the
/// asterisks kept, they were a break inside it). What goes, after CommonMark:
/// - emphasis and strong emphasis (`*`, `_`, by its flanking rules) and `~~strikethrough~~`:
///   the delimiters go, the text stays; a delimiter that closes nothing stays as text;
/// - code spans: the backticks go, the code stays as written;
/// - inline links and images (`[text](url "title")`, `![alt](url)`): the text or alt
///   text stays, the destination goes;
/// - inline HTML tags and comments go; an autolink (`<https://…>`) keeps its address;
/// - a backslash before ASCII punctuation goes, and the punctuation is text.
/// Scraping tools that write Markdown (web clippers, readers) put all of these in speeches.
enum MarkdownInline {
    /// How far a link's text or destination, a code span's end or a tag's `>` is looked
    /// for, and how many open emphasis runs back a closer looks: past that a mark is text.
    /// A whole speech can be one line; looking to its end from every bracket would take
    /// time in the square of its length.
    static let reach = 1_000
    static let openerReach = 64
    /// How deep links inside link texts are read; deeper ones are text.
    static let linkDepth = 4

    static func text(_ line: Substring) -> Substring {
        let marked = line.utf8.withContiguousStorageIfAvailable { $0.contains(where: isMarkup) } ?? line.utf8.contains(where: isMarkup)
        guard marked else { return line }
        return Substring(render(Array(line.unicodeScalars)))
    }

    /// Whether a UTF-8 byte is one of the ASCII marks markup starts with (`*` `_` `~` `` ` ``
    /// `[` `<` `\`): bytes, not scalars, read from the line's storage, so a line without any
    /// (nearly all) costs a fast pass (a scan of its scalars took a fifth of ingest's time).
    @inline(__always)
    private static func isMarkup(_ byte: UInt8) -> Bool {
        byte < 0x80 && (1 << UInt128(byte)) & markBits != 0
    }

    private static let markBits: UInt128 = [0x2A, 0x5F, 0x7E, 0x60, 0x5B, 0x3C, 0x5C].reduce(0) { $0 | 1 << UInt128($1) }

    /// A run of one emphasis character that may open or close emphasis: `count` falls from
    /// `length` as pairs use it up, and what is left is text.
    private struct Run {
        let scalar: Unicode.Scalar
        let length: Int
        var count: Int
        let canOpen: Bool
        let canClose: Bool

        /// Whether `self` (before) and `closer` may pair: CommonMark's rule of three, that
        /// when either can both open and close, their lengths may not add up to a multiple
        /// of 3 unless both are multiples of 3 (so `**a*b*c**` pairs outer and inner).
        func pairs(with closer: Run) -> Bool {
            guard scalar == closer.scalar, count > 0 else { return false }
            guard scalar != "~", canClose || closer.canOpen, (length + closer.length) % 3 == 0 else { return true }
            return length % 3 == 0 && closer.length % 3 == 0
        }
    }

    /// A piece of the line: text, or a run of emphasis delimiters.
    private enum Piece {
        case text([Unicode.Scalar])
        case delimiters(Run)
    }

    private static func render(_ scalars: [Unicode.Scalar], depth: Int = 0) -> String {
        var pieces: [Piece] = []
        // Text since the last delimiter run. Scalars in arrays, the string made once at the
        // end: appending sequences to a String.UnicodeScalarView copies it each time, which
        // on a line of a whole speech took minutes.
        var pending: [Unicode.Scalar] = []
        func add(_ text: some Sequence<Unicode.Scalar>) { pending.append(contentsOf: text) }
        func addDelimiters(_ run: Run) {
            if !pending.isEmpty { pieces.append(.text(pending)) }
            pending.removeAll()
            pieces.append(.delimiters(run))
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\\" where index + 1 < scalars.count && scalars[index + 1].isASCII && isPunctuation(scalars[index + 1]):
                add([scalars[index + 1]])
                index += 2
            case "`":
                let run = runLength(scalars, from: index)
                if let close = closingBackticks(scalars, after: index + run, length: run) {
                    var code = scalars[(index + run)..<close]
                    if code.count > 2 && code.first == " " && code.last == " " { code = code.dropFirst().dropLast() }
                    add(code)
                    index = close + run
                } else {
                    add(scalars[index..<(index + run)])
                    index += run
                }
            case "!", "[", "<":
                // A link's text (an image's after its `!`), or what stays of `<…>`.
                let open = scalar == "!" ? index + 1 : index
                let found = scalar == "<" ? angled(scalars, at: index)
                    : open < scalars.count && scalars[open] == "[" && depth < linkDepth
                        ? link(scalars, at: open).map { (Array(render($0.0, depth: depth + 1).unicodeScalars), $0.1) } : nil
                if let (kept, end) = found {
                    add(kept)
                    index = end
                } else {
                    add([scalar])
                    index += 1
                }
            case "*", "_", "~":
                let run = runLength(scalars, from: index)
                let before = index > 0 ? scalars[index - 1] : nil, after = index + run < scalars.count ? scalars[index + run] : nil
                let left = flanks(toward: after, awayFrom: before), right = flanks(toward: before, awayFrom: after)
                let canOpen: Bool, canClose: Bool
                switch scalar {
                case "_": (canOpen, canClose) = (left && (!right || before.map(isPunctuation) == true),
                                                 right && (!left || after.map(isPunctuation) == true))
                case "~": (canOpen, canClose) = (left && run == 2, right && run == 2)
                default: (canOpen, canClose) = (left, right)
                }
                addDelimiters(Run(scalar: scalar, length: run, count: run, canOpen: canOpen, canClose: canClose))
                index += run
            default:
                add([scalar])
                index += 1
            }
        }
        if !pending.isEmpty { pieces.append(.text(pending)) }
        matchEmphasis(&pieces)
        var text: [Unicode.Scalar] = []
        for piece in pieces {
            switch piece {
            case .text(let scalars): text += scalars
            case .delimiters(let run): text += repeatElement(run.scalar, count: run.count)
            }
        }
        return String(String.UnicodeScalarView(text))
    }

    /// Pairs closers with the nearest opener before them that `Run.pairs` allows
    /// (CommonMark's "process emphasis"): each pair takes two delimiters from both runs
    /// where both have two, else one (strikethrough takes its two); delimiters between a
    /// pair can no longer pair across it.
    private static func matchEmphasis(_ pieces: inout [Piece]) {
        func run(_ index: Int) -> Run? { if case .delimiters(let run) = pieces[index] { run } else { nil } }
        var openers: [Int] = []
        for index in pieces.indices {
            guard var closer = run(index) else { continue }
            while closer.canClose && closer.count > 0,
                  let position = openers.indices.reversed().prefix(openerReach).first(where: { run(openers[$0])!.pairs(with: closer) }) {
                var opener = run(openers[position])!
                let used = closer.scalar == "~" ? 2 : min(2, opener.count, closer.count)
                opener.count -= used
                closer.count -= used
                pieces[openers[position]] = .delimiters(opener)
                openers.removeSubrange((position + 1)...)
                if opener.count == 0 { openers.remove(at: position) }
            }
            pieces[index] = .delimiters(closer)
            if closer.canOpen && closer.count > 0 { openers.append(index) }
        }
    }

    /// Whether a delimiter run with `next` on one side and `previous` on the other flanks
    /// toward `next` (CommonMark: not followed by white space, and not followed by
    /// punctuation unless preceded by white space or punctuation; the line's ends count
    /// as white space).
    private static func flanks(toward next: Unicode.Scalar?, awayFrom previous: Unicode.Scalar?) -> Bool {
        guard let next, !next.properties.isWhitespace else { return false }
        guard isPunctuation(next) else { return true }
        return previous.map { $0.properties.isWhitespace || isPunctuation($0) } ?? true
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: true
        default: false
        }
    }

    private static func runLength(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var end = start
        while end < scalars.count && scalars[end] == scalars[start] { end += 1 }
        return end - start
    }

    private static func closingBackticks(_ scalars: [Unicode.Scalar], after start: Int, length: Int) -> Int? {
        var index = start
        while index < min(scalars.count, start + reach) {
            guard scalars[index] == "`" else {
                index += 1
                continue
            }
            let run = runLength(scalars, from: index)
            if run == length { return index }
            index += run
        }
        return nil
    }

    /// An inline link (or image, `[` being after its `!`) at `open`, `[text](destination
    /// "title")`: its text, and where it ends. A bare `[1]` is text, and so is a link by
    /// reference (`[text][1]`), whose label may as well be a footnote mark.
    private static func link(_ scalars: [Unicode.Scalar], at open: Int) -> ([Unicode.Scalar], Int)? {
        var depth = 0, index = open
        var close: Int?
        while index < min(scalars.count, open + reach) {
            switch scalars[index] {
            case "\\": index += 1
            case "[": depth += 1
            case "]":
                depth -= 1
                if depth == 0 { close = index }
            default: break
            }
            if close != nil { break }
            index += 1
        }
        guard let close, close + 1 < scalars.count, scalars[close + 1] == "(" else { return nil }
        var nesting = 0
        for end in (close + 1)..<min(scalars.count, close + 1 + reach) {
            if scalars[end] == "(" { nesting += 1 }
            if scalars[end] == ")" {
                nesting -= 1
                if nesting == 0 { return (Array(scalars[(open + 1)..<close]), end + 1) }
            }
            if scalars[end] == " " && nesting == 1 && !isTitleAhead(scalars, from: end) { return nil }
        }
        return nil
    }

    /// Whether the space at `index` inside a link's parentheses starts its title (`"…"`,
    /// `'…'` or `(…)`), the only thing a destination may be followed by.
    private static func isTitleAhead(_ scalars: [Unicode.Scalar], from index: Int) -> Bool {
        var next = index
        while next < scalars.count && scalars[next] == " " { next += 1 }
        return next < scalars.count && ["\"", "'", "(", ")"].contains(scalars[next])
    }

    /// What stays of `<…>` at `open`: an autolink's address, nothing of an HTML tag or
    /// comment; nil when it is neither (a literal `<`).
    private static func angled(_ scalars: [Unicode.Scalar], at open: Int) -> ([Unicode.Scalar], Int)? {
        guard let close = scalars[(open + 1)..<min(scalars.count, open + 1 + reach)].firstIndex(of: ">") else { return nil }
        let inside = scalars[(open + 1)..<close]
        if inside.starts(with: "!--".unicodeScalars) && inside.count >= 5 && inside.suffix(2).elementsEqual("--".unicodeScalars) {
            return ([], close + 1)
        }
        guard let first = inside.first, !inside.contains("<"), !inside.contains(where: { $0 == "\n" }) else { return nil }
        if let colon = inside.firstIndex(of: ":"), first.isASCII && first.properties.isAlphabetic,
           inside[..<colon].allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+.-".unicodeScalars.contains($0)) }),
           !inside.contains(where: { $0.properties.isWhitespace }) {
            return (Array(inside), close + 1)
        }
        let name = inside.first == "/" ? inside.dropFirst() : inside[...]
        guard let initial = name.first, initial.isASCII && initial.properties.isAlphabetic else { return nil }
        let tagName = name.prefix { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        let rest = name.dropFirst(tagName.count)
        guard rest.isEmpty || rest.first!.properties.isWhitespace || rest.first == "/" else { return nil }
        return ([], close + 1)
    }
}
