import Foundation

/// The text of an HTML page: block elements end lines, scripts, styles and comments go,
/// character references are decoded. The title is the first `<h1>`, else `<title>`.
enum HTMLText {
    private static let blockTags: Set<String> = [
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "section",
        "article", "header", "footer", "nav", "blockquote", "pre", "dt", "dd", "dl", "hr", "main", "aside",
        "figure", "figcaption", "form", "address", "td", "th", "body", "html", "title",
    ]
    private static let skippedTags: Set<String> = ["script", "style", "noscript", "template", "svg", "head"]
    static func read(_ html: String) -> (text: String, title: String?) {
        let scalars = Array(html.unicodeScalars)
        var text = String.UnicodeScalarView()
        var index = 0
        var skipping: String?
        var capture: (tag: String, text: String.UnicodeScalarView)?
        var headingTitle: String?
        var pageTitle: String?

        func emit(_ piece: String.UnicodeScalarView) {
            if skipping == nil { text.append(contentsOf: piece) }
            if capture != nil { capture!.text.append(contentsOf: piece) }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" {
                if starts(scalars, at: index, with: "<!--") {
                    index = find(scalars, "-->", from: index + 4).map { $0 + 3 } ?? scalars.count
                    continue
                }
                guard let close = scalars[index...].firstIndex(of: ">") else { break }
                let (name, isEnd) = tagName(scalars[(index + 1)..<close])
                index = close + 1
                if let open = skipping {
                    if isEnd && name == open { skipping = nil }
                    if name == "title" && !isEnd, let end = find(scalars, "</title", from: index) {
                        pageTitle = decode(scalars[index..<end])
                        index = end
                    }
                    continue
                }
                if skippedTags.contains(name) && !isEnd {
                    skipping = name
                    continue
                }
                if name == "h1" && !isEnd && headingTitle == nil { capture = ("h1", String.UnicodeScalarView()) }
                if name == "h1" && isEnd, let captured = capture {
                    headingTitle = String(captured.text).trimmingSpaces()
                    capture = nil
                }
                if blockTags.contains(name) { emit("\n".unicodeScalars) }
                continue
            }
            var end = index
            while end < scalars.count && scalars[end] != "<" { end += 1 }
            // In HTML a line break inside text is a space; only elements end lines.
            let piece = decode(scalars[index..<end]).unicodeScalars.map { "\r\n\t".unicodeScalars.contains($0) ? " " : $0 }
            emit(String.UnicodeScalarView(piece))
            index = end
        }
        let title = headingTitle.flatMap { $0.isEmpty ? nil : $0 } ?? pageTitle.map(stripSiteSuffix)
        return (String(text), title)
    }

    private static func tagName(_ inside: ArraySlice<Unicode.Scalar>) -> (String, isEnd: Bool) {
        var body = inside.drop { $0 == " " }
        let isEnd = body.first == "/"
        if isEnd { body = body.dropFirst() }
        let name = body.prefix { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        return (String(String.UnicodeScalarView(name)).lowercased(), isEnd)
    }

    private static func starts(_ scalars: [Unicode.Scalar], at index: Int, with prefix: String) -> Bool {
        let needle = Array(prefix.unicodeScalars)
        return index + needle.count <= scalars.count && Array(scalars[index..<(index + needle.count)]) == needle
    }

    private static func find(_ scalars: [Unicode.Scalar], _ needle: String, from start: Int) -> Int? {
        let lowered = Array(needle.unicodeScalars)
        guard scalars.count >= lowered.count, start <= scalars.count - lowered.count else { return nil }
        return (start...(scalars.count - lowered.count)).first { index in
            (0..<lowered.count).allSatisfy { String(scalars[index + $0]).lowercased() == String(lowered[$0]) }
        }
    }

    /// Text with character references (&amp; &#22823; &#x5927;) decoded.
    static func decode(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "&", let (decoded, end) = reference(scalars[(index + 1)...]) {
                out.append(decoded)
                index = end
                continue
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }

    /// The character a reference after `&` stands for, and where it ends: `&name;` (or a
    /// legacy name without its `;`), `&#digits;` or `&#xhex;` (the `;` may be missing).
    /// nil where there is none: the `&` is text.
    private static func reference(_ scalars: ArraySlice<Unicode.Scalar>) -> (Unicode.Scalar, Int)? {
        func isDigit(_ scalar: Unicode.Scalar, hex: Bool) -> Bool {
            ("0"..."9").contains(scalar) || hex && (("a"..."f").contains(scalar) || ("A"..."F").contains(scalar))
        }
        var index = scalars.startIndex
        let value: UInt32?
        if index < scalars.endIndex && scalars[index] == "#" {
            index += 1
            let hex = index < scalars.endIndex && (scalars[index] == "x" || scalars[index] == "X")
            if hex { index += 1 }
            let digits = scalars[index...].prefix { isDigit($0, hex: hex) }.prefix(8)
            guard !digits.isEmpty else { return nil }
            index += digits.count
            let number = UInt32(String(String.UnicodeScalarView(digits)), radix: hex ? 16 : 10)
            value = number.map { HTMLEntities.windows1252[$0] ?? $0 }
        } else {
            let run = String(String.UnicodeScalarView(scalars.prefix { $0.isASCII && ($0.properties.isAlphabetic || isDigit($0, hex: false)) }.prefix(8)))
            let name: String
            if scalars.dropFirst(run.unicodeScalars.count).first == ";", HTMLEntities.named[run] != nil {
                name = run
            } else if let legacy = (0..<run.count).lazy.map({ String(run.dropLast($0)) }).first(where: HTMLEntities.legacy.contains) {
                name = legacy  // without its `;`, the longest legacy name the run starts with (`&copy2025`)
            } else {
                return nil
            }
            index += name.unicodeScalars.count
            value = HTMLEntities.named[name]
        }
        guard let value, value != 0, let character = Unicode.Scalar(value) else { return nil }
        return (character, index < scalars.endIndex && scalars[index] == ";" ? index + 1 : index)
    }

    /// 在全市…致辞 - 某某文秘网 → 在全市…致辞
    private static func stripSiteSuffix(_ title: String) -> String {
        let trimmed = title.trimmingSpaces()
        for separator in [" - ", " _ ", "_", " | ", "|", " — "] {
            if let range = trimmed.range(of: separator, options: .backwards) {
                return String(trimmed[..<range.lowerBound]).trimmingSpaces()
            }
        }
        return trimmed
    }
}

extension StringProtocol {
    /// The text without white space at either end.
    func trimmingSpaces() -> String {
        String(LineText.trimmed(self))
    }
}
