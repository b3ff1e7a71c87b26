/// A CSV file parsed per RFC 4180: a header row, then records whose quoted fields may
/// hold commas, doubled quotes and line breaks.
struct CSVTable {
    /// A record and the line of the file it starts on.
    struct Record {
        let fields: [String]
        let line: Int
    }

    /// Where parsing stopped early, and why.
    struct Problem: Error {
        let line: Int
        let reason: String
    }

    var header: [String] = []
    var records: [Record] = []
    /// Set when a quote is never closed: the records before it are kept.
    var problem: Problem?

    /// Parses `text` over its UTF-8 bytes: every delimiter is ASCII, so a field's bytes are
    /// whole characters.
    init(parsing text: String) {
        var text = text
        let (rows, problem) = text.withUTF8 { Self.rows(of: $0) }
        self.problem = problem
        guard let first = rows.first else { return }
        header = first.fields.map { $0.trimmingSpaces() }
        records = Array(rows.dropFirst())
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
                       carriageReturn = UInt8(ascii: "\r"), lineFeed = UInt8(ascii: "\n")

    /// The rows of the file (the header first); blank lines are left out.
    private static func rows(of bytes: UnsafeBufferPointer<UInt8>) -> ([Record], Problem?) {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var rows: [Record] = []

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Record(fields: fields, line: recordLine)) }
            fields = []
        }
        /// Steps over a line feed at `index`, when there is one (after a carriage return).
        func skipLineFeed(at index: inout Int) {
            if index < bytes.count && bytes[index] == lineFeed { index += 1 }
        }

        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                switch byte {
                case quote:
                    // A doubled quote is a quote; a single one ends the quoted part.
                    if index < bytes.count && bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        quoted = false
                    }
                case carriageReturn, lineFeed:
                    // A line break inside quotes is kept as a line feed.
                    line += 1
                    if byte == carriageReturn { skipLineFeed(at: &index) }
                    field.append(lineFeed)
                default:
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty && !fieldWasQuoted:
                quoted = true
                fieldWasQuoted = true
                quoteLine = line
            case comma:
                endField()
            case carriageReturn, lineFeed:
                if byte == carriageReturn { skipLineFeed(at: &index) }
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(byte)
            }
        }
        if quoted {
            return (rows, Problem(line: quoteLine, reason: "a quoted field opened on line \(quoteLine) is never closed"))
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return (rows, nil)
    }

    /// The column whose values are longest on average: the text column.
    var longestColumn: Int? {
        guard !header.isEmpty else { return nil }
        let totals = header.indices.map { column in
            records.reduce(0) { $0 + (column < $1.fields.count ? $1.fields[column].unicodeScalars.count : 0) }
        }
        return totals.indices.max { totals[$0] < totals[$1] }
    }
}
