import YuluAnalysis

/// A keyword-in-context line: the text left of the first match, the match, the text right of it.
public struct KWICLine: Sendable, Equatable {
    public let left: String
    public let match: String
    public let right: String

    public init(left: String, match: String, right: String) {
        self.left = left
        self.match = match
        self.right = right
    }
}

/// How `--kwic` lines are ordered: by the context read leftwards from the match (as a
/// concordance sorts on 1L, 2L, …) or by the context right of it.
public enum KWICSort: String, Sendable, CaseIterable {
    case left
    case right
}

/// Highlights and KWIC lines of a paragraph, computed from its analysis: every
/// occurrence of a query phrase, mapped back to the original text.
enum Snippets {
    /// [start, end) offsets in Unicode scalars of `analysis.text` where any of the
    /// phrases occurs, sorted, overlapping and touching ranges merged.
    static func highlights(of phrases: [PhrasePattern], in analysis: Analysis) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        for phrase in phrases {
            for start in phrase.occurrences(in: analysis) {
                let first = analysis.tokens[start], last = analysis.tokens[start + phrase.length - 1]
                ranges.append(Int(first.original.lowerBound)..<Int(last.original.upperBound))
            }
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// The KWIC line of the first highlight, with up to `width` scalars on each side.
    static func kwic(_ text: String, highlight: Range<Int>?, width: Int) -> KWICLine {
        let scalars = Array(text.unicodeScalars)
        let match = highlight ?? 0..<0
        func string(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
            return String(view)
        }
        return KWICLine(left: string(max(0, match.lowerBound - width)..<match.lowerBound), match: string(match),
                        right: string(match.upperBound..<min(scalars.count, match.upperBound + width)))
    }

    /// What a line sorts by in a concordance, compared as a tuple: by the left context
    /// read leftwards from the match, or by the right context, then the other fields.
    static func sortKey(_ line: KWICLine, by sort: KWICSort) -> (String, String, String) {
        let leftwards = String(String.UnicodeScalarView(line.left.unicodeScalars.reversed()))
        switch sort {
        case .left: return (leftwards, line.match, line.right)
        case .right: return (line.right, line.match, leftwards)
        }
    }
}
