/// A line the cleaner kept: its text (trimmed, notices cut out) and its 1-based number
/// in the decoded text.
public struct CleanLine: Sendable, Equatable {
    public let number: Int
    public let text: String
}

/// Text the cleaner removed, the rule that removed it and where it stood.
public struct Removal: Sendable, Equatable {
    public let rule: String
    public let line: Int
    public let text: String
}

/// The outcome of cleaning one text: what stays, what went, and what the removed
/// notices said about the document.
public struct CleanedText: Sendable {
    public var lines: [CleanLine] = []
    public var removals: [Removal] = []
    /// A notice said the source cut the text short.
    public var truncated = false
    /// The full length in characters, where a notice stated it.
    public var fullLength: Int?
    /// The date of a date label (发表时间:, 時間:, 时间:), as written.
    public var date: String?
    /// The site or newspaper a label, breadcrumb or copyright line named.
    public var source: String?
    /// Whether `source` came from a source label (来源:), which no other mention replaces.
    private var sourceFromLabel = false

    /// Records a named source: a label's wins, otherwise the first mention.
    mutating func noteSource(_ value: Substring, fromLabel: Bool) {
        guard let name = LineText.sourceName(value), !sourceFromLabel, fromLabel || source == nil else { return }
        source = name
        sourceFromLabel = fromLabel
    }
}
