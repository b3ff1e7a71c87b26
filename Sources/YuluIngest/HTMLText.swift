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
    private static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ldquo": "“", "rdquo": "”",
        "lsquo": "‘", "rsquo": "’", "mdash": "—", "ndash": "–", "hellip": "…", "middot": "·", "copy": "©",
        "reg": "®", "times": "×", "laquo": "«", "raquo": "»", "emsp": " ", "ensp": " ", "bull": "•",
    ]

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
            if scalar == "&", let semicolon = scalars[index...].prefix(12).firstIndex(of: ";") {
                let name = String(String.UnicodeScalarView(scalars[(index + 1)..<semicolon]))
                if let decoded = reference(name) {
                    out.append(contentsOf: decoded.unicodeScalars)
                    index = semicolon + 1
                    continue
                }
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }

    private static func reference(_ name: String) -> String? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map { String($0) }
        }
        return entities[name]
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
