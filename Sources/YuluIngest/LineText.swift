/// Scalar-level helpers for cleaning lines (offsets here count Unicode scalars).
enum LineText {
    /// The text with white space (Unicode White_Space, including U+3000) trimmed at both ends.
    static func trimmed<S: StringProtocol>(_ text: S) -> Substring {
        let scalars = Substring(text).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }),
              let last = scalars.lastIndex(where: { !isWhitespace($0) }) else { return "" }
        return Substring(scalars[first...last])
    }

    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21..<0x85, 0x86..<0xA0, 0xA1..<0x1680, 0x3001...: false
        default: scalar.properties.isWhitespace
        }
    }

    static func hasLetterOrDigit<S: StringProtocol>(_ text: S) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return false
            }
        }
    }

    /// Whether `text` surely still holds a letter or digit once folded: it holds an ASCII
    /// letter or digit, or a Han character of U+4E00–U+9FBF (folding maps these to
    /// letters, digits and Han characters). False says nothing (and is the answer for text
    /// without contiguous UTF-8). A byte scan that usually stops at the first character.
    static func surelyHasLetterOrDigit(_ text: Substring) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    let lower = byte | 0x20
                    if (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) { return true }
                } else if byte >= 0xE4 && byte <= 0xE9 && index + 1 < bytes.count {
                    // A three-byte sequence: E4 B8 80 is U+4E00, E9 BE BF is U+9FBF.
                    let next = bytes[index + 1]
                    if (byte != 0xE4 || next >= 0xB8) && (byte != 0xE9 || next <= 0xBE) { return true }
                }
                index += 1
            }
            return false
        } ?? false
    }

    static func hasSentencePunctuation(_ folded: String) -> Bool {
        folded.unicodeScalars.contains { "。!?;,".unicodeScalars.contains($0) }
    }

    static func scalarOffsets(_ range: Range<String.Index>, in text: String) -> Range<Int> {
        let scalars = text.unicodeScalars
        let start = scalars.distance(from: scalars.startIndex, to: range.lowerBound)
        return start..<(start + scalars.distance(from: range.lowerBound, to: range.upperBound))
    }

    static func scalarSlice(_ text: String, _ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(range.lowerBound).prefix(range.count)))
    }

    static func removing(_ ranges: [Range<Int>], from text: String) -> String {
        var kept = String.UnicodeScalarView()
        for (offset, scalar) in text.unicodeScalars.enumerated() where !ranges.contains(where: { $0.contains(offset) }) {
            kept.append(scalar)
        }
        return String(kept)
    }

    /// A site or newspaper name from a captured value: among its words (split at white
    /// space and colons) holding a Han character, the first that ends like a site or
    /// newspaper name (…网, …文库, …日报), else the first; never a licence number or 首页.
    /// (©2015-2020 m.777doc.com 三七文档. → 三七文档)
    static func sourceName(_ value: Substring) -> String? {
        let words = value.split(whereSeparator: { $0.isWhitespace || $0 == ":" || $0 == "：" })
            .map { $0.trimmingTrailingDots() }
            .filter { word in
                word.unicodeScalars.contains { $0.properties.isIdeographic }
                    && !["备案", "icp", "版权", "首页"].contains { word.lowercased().contains($0) }
            }
        let siteSuffixes = ["网", "文库", "文档", "文行", "中心", "日报", "报", "客户端", "网站"]
        return words.first { word in siteSuffixes.contains { word.hasSuffix($0) } } ?? words.first
    }
}

private extension Substring {
    func trimmingTrailingDots() -> String {
        var text = self
        while let last = text.last, last == "." || last == "。" { text = text.dropLast() }
        return String(text)
    }
}
