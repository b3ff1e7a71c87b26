/// The value of a document field.
public enum FieldValue: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case integer(Int)
    case real(Double)
    case flag(Bool)

    /// The value as text (for display, filters and TSV).
    public var description: String {
        switch self {
        case .text(let value): value
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .flag(let value): value ? "true" : "false"
        }
    }
}

/// A document's fields in a stable order: title, date, year (from the date, unless the
/// record has one), source, truncated, full_length, encoding, undecodable, then the
/// fields of the record as given.
public struct Fields: Sendable, Equatable, Sequence {
    public private(set) var entries: [(name: String, value: FieldValue)] = []

    public init() {}

    public subscript(name: String) -> FieldValue? {
        get { entries.first { $0.name == name }?.value }
        set {
            if let index = entries.firstIndex(where: { $0.name == name }) {
                if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
            } else if let newValue {
                entries.append((name, newValue))
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: FieldValue)]> {
        entries.makeIterator()
    }

    public static func == (lhs: Fields, rhs: Fields) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// A document ready to index: its id, fields and paragraphs (original text, numbered
/// from 1 by position), and what cleaning removed from it.
public struct Document: Sendable {
    /// Path relative to the folder named on the command line, the file name, or `FILE#N`
    /// for a CSV or JSONL record (unless the record has an `id`).
    public let id: String
    public var fields: Fields
    /// Paragraph texts; paragraph N is `paragraphs[N - 1]`.
    public var paragraphs: [String]
    /// What cleaning removed, line by line.
    public var removals: [Removal]

    public init(id: String, fields: Fields, paragraphs: [String], removals: [Removal] = []) {
        self.id = id
        self.fields = fields
        self.paragraphs = paragraphs
        self.removals = removals
    }
}

/// A file that was not indexed, or a record of it that was not, and why.
public struct SkippedInput: Sendable, Equatable, CustomStringConvertible {
    /// The file's path (with `#N` for a record).
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// A file that was indexed although its reading may be wrong (see `DecodedText.doubt`), and why.
public struct DoubtfulInput: Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// A file that was indexed although its bytes had to be repaired, and how.
public struct RepairedInput: Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let repairs: String
    public var description: String { "\(path): \(repairs)" }
}

/// What ingesting said about input files: those (or records) it did not read, those it
/// read only after repairing their bytes, and those whose reading may be wrong.
public struct InputReports: Sendable {
    public var skipped: [SkippedInput] = []
    public var repaired: [RepairedInput] = []
    public var doubtful: [DoubtfulInput] = []

    public init(skipped: [SkippedInput] = [], repaired: [RepairedInput] = [], doubtful: [DoubtfulInput] = []) {
        (self.skipped, self.repaired, self.doubtful) = (skipped, repaired, doubtful)
    }

    public var isEmpty: Bool { skipped.isEmpty && repaired.isEmpty && doubtful.isEmpty }

    /// Appends `other`'s reports after these.
    public mutating func add(_ other: InputReports) {
        skipped += other.skipped
        repaired += other.repaired
        doubtful += other.doubtful
    }
}
