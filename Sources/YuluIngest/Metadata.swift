/// Reads the document-level fields that the text itself states: its title and its date.
enum Metadata {
    /// The first date in `text` as ISO 8601, if valid: a four-digit year, a month and a
    /// day separated by - / . or written 年 月 (2025/5/4 21:47:36 and 2024年11月8日 alike).
    static func isoDate<S: StringProtocol>(in text: S) -> String? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if let date = date(in: scalars, at: index) { return date }
            index += 1
        }
        return nil
    }

    private static func date(in scalars: [Unicode.Scalar], at start: Int) -> String? {
        var index = start
        func number(maxDigits: Int) -> Int? {
            var value = 0, digits = 0
            while index < scalars.count, digits < maxDigits, let digit = scalars[index].properties.numericType == .decimal
                    ? Int(String(scalars[index])) : nil {
                value = value * 10 + digit
                digits += 1
                index += 1
            }
            return digits == 0 ? nil : value
        }
        func separator(_ allowed: String) -> Bool {
            while index < scalars.count, scalars[index] == " " { index += 1 }
            guard index < scalars.count, allowed.unicodeScalars.contains(scalars[index]) else { return false }
            index += 1
            while index < scalars.count, scalars[index] == " " { index += 1 }
            return true
        }
        if start > 0, scalars[start - 1].properties.numericType == .decimal { return nil }
        guard let year = number(maxDigits: 4), index - start == 4, separator("-/.年"),
              let month = number(maxDigits: 2), separator("-/.月"), let day = number(maxDigits: 2),
              (1000...2999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(year)-\(twoDigits(month))-\(twoDigits(day))"
    }

    /// A date line near the top: one of the first lines that starts with a date
    /// (after an optional —— or bracket) and is short, such as 2026-02-03 09:02:33 or
    /// ——2026年1月25日在北京市第十六届人民代表大会第四次会议上. The line stays text.
    static func dateLine(in lines: [CleanLine]) -> String? {
        lines.prefix(8).lazy.filter { $0.text.unicodeScalars.count <= 60 }.compactMap { leadingDate(of: $0.text) }.first
    }

    /// The date a line starts with (after an optional —— or bracket), as ISO 8601.
    private static func leadingDate(of text: String) -> String? {
        let start = text.drop { "—-－–(（ ".contains($0) }
        guard let first = start.first, first.isASCII, first.isNumber else { return nil }
        return isoDate(in: start.prefix(16))
    }

    /// The first heading-like line: short, with Han characters, not ending in sentence
    /// punctuation, and not a date line or a salutation (同志们:).
    static func title(in lines: [CleanLine]) -> String? {
        lines.prefix(12).first { line in
            let text = line.text
            let length = text.unicodeScalars.count
            guard (4...80).contains(length), let last = text.unicodeScalars.last,
                  !"。，,：:；;！!？?、".unicodeScalars.contains(last),
                  text.unicodeScalars.contains(where: { $0.properties.isIdeographic }) else { return false }
            return leadingDate(of: text) == nil
        }?.text
    }
}
