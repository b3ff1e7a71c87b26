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

    init(parsing text: String) {
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var rows: [Record] = []
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Record(fields: fields, line: recordLine)) }
            fields = []
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    if scalar == "\n" || (scalar == "\r") { line += 1 }
                    if scalar == "\r" {
                        let next = iterator.next()
                        if next != "\n" { pending = next }
                        field.append(contentsOf: "\n".unicodeScalars)
                        continue
                    }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !fieldWasQuoted:
                quoted = true
                fieldWasQuoted = true
                quoteLine = line
            case ",":
                endField()
            case "\r", "\n":
                if scalar == "\r" {
                    let next = iterator.next()
                    if next != "\n" { pending = next }
                }
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(scalar)
            }
        }
        if quoted {
            problem = Problem(line: quoteLine, reason: "a quoted field opened on line \(quoteLine) is never closed")
        } else if !field.isEmpty || !fields.isEmpty {
            endRecord()
        }
        guard let first = rows.first else { return }
        header = first.fields.map { $0.trimmingSpaces() }
        records = Array(rows.dropFirst())
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
