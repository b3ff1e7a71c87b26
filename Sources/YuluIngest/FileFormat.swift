/// The formats Yulu reads, by file name extension.
public enum FileFormat: String, Sendable {
    case plainText = "text"
    case markdown
    case html
    case csv
    case jsonLines = "jsonl"

    /// The format for a file name: .txt and names without an extension are plain text;
    /// nil for extensions Yulu does not read.
    public init?(fileName: String) {
        let name = fileName.lowercased()
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
            self = .plainText
            return
        }
        switch name[name.index(after: dot)...] {
        case "txt", "text": self = .plainText
        case "md", "markdown": self = .markdown
        case "html", "htm", "xhtml": self = .html
        case "csv": self = .csv
        case "jsonl", "ndjson": self = .jsonLines
        default: return nil
        }
    }
}

/// What a format reader makes of a file before cleaning: one document's text and the
/// fields its structure gives.
struct RawDocument {
    var id: String
    /// The lines of the body.
    var lines: [Substring]
    /// Fields of a CSV or JSON record, as given (the text and id excluded).
    var recordFields: [(name: String, value: FieldValue)] = []
    /// A title the structure names (Markdown heading, HTML h1, a `title` field).
    var title: String?
}

/// Line splitting and counting shared by every format.
enum TextLines {
    /// The lines of a text: LF, CRLF and a lone CR each end a line. Works on UTF-8 bytes
    /// (line ends are always character boundaries), not on grapheme clusters.
    static func split(_ text: String) -> [Substring] {
        var text = text
        text.makeContiguousUTF8()
        var ends: [(end: Int, next: Int)] = []
        let count = text.utf8.withContiguousStorageIfAvailable { bytes -> Int in
            let raw = UnsafeRawBufferPointer(bytes)
            var index = 0
            while true {
                index = ByteWords.firstIndex(in: raw, from: index,
                                             skippingWords: { ByteWords.contains(0x0A, in: $0) || ByteWords.contains(0x0D, in: $0) },
                                             where: { $0 == 0x0A || $0 == 0x0D })
                guard index < bytes.count else { break }
                let next = bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? index + 2 : index + 1
                ends.append((index, next))
                index = next
            }
            return bytes.count
        } ?? 0
        var lines: [Substring] = []
        lines.reserveCapacity(ends.count + 1)
        let utf8 = text.utf8
        var start = 0
        for (end, next) in ends + [(count, count)] {
            lines.append(text[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)])
            start = next
        }
        return lines
    }
}

extension StringProtocol {
    /// The number of Unicode scalars, counted from the UTF-8 bytes: the bytes that are not
    /// continuation bytes (10xxxxxx), counted eight at a time.
    var scalarCount: Int {
        utf8.withContiguousStorageIfAvailable { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var continuations = 0
            var offset = 0
            while offset + 8 <= raw.count {
                continuations += ByteWords.continuationBytes(in: ByteWords.word(raw, at: offset))
                offset += 8
            }
            for byte in raw[offset...] where byte & 0xC0 == 0x80 { continuations += 1 }
            return raw.count - continuations
        } ?? unicodeScalars.count
    }
}
