/// Turns a raw document into a `Document`: cleaning, metadata, paragraphs, fields in order
/// (title, date, year, source, truncated, full_length, encoding, undecodable, then the
/// record's). `year` is the date's, so that hits break down by year (`--facet year`,
/// `year:2020..2025`) whatever the source gave; a record's own `year` wins.
struct DocumentAssembler {
    let cleaner: Cleaner

    /// Record fields that give the document's date when it has no `date` field and the
    /// text no date label.
    static let dateFieldNames: Set<String> = ["publish_date", "published", "pubdate", "日期", "发布日期", "发布时间"]

    /// Assembles `raw`, read from a file decoded as `decoded`: its encoding is recorded
    /// and so is any byte sequence replaced in decoding (`undecodable`).
    func assemble(_ raw: RawDocument, decoded: DecodedText) -> Document {
        let cleaned = cleaner.clean(raw.lines)
        let explicitDate = raw.recordFields.first { $0.name == "date" }?.value.description
        let recordDate = raw.recordFields.first { Self.dateFieldNames.contains($0.name.lowercased()) }?.value.description
        let date = explicitDate.map { Metadata.isoDate(in: $0) ?? $0 }
            ?? cleaned.date.flatMap { Metadata.isoDate(in: $0) }
            ?? recordDate.flatMap { Metadata.isoDate(in: $0) }
            ?? Metadata.dateLine(in: cleaned.lines)

        var fields = Fields()
        fields["title"] = (raw.title ?? Metadata.title(in: cleaned.lines)).map(FieldValue.text)
        fields["date"] = date.map(FieldValue.text)
        if !raw.recordFields.contains(where: { $0.name == "year" }) {
            fields["year"] = date.flatMap(Self.year(of:)).map(FieldValue.integer)
        }
        fields["source"] = cleaned.source.map(FieldValue.text)
        fields["truncated"] = .flag(cleaned.truncated)
        fields["full_length"] = cleaned.fullLength.map(FieldValue.integer)
        fields["encoding"] = .text(decoded.encoding)
        fields["undecodable"] = decoded.replacedSequences > 0 ? .integer(decoded.replacedSequences) : nil
        for (name, value) in raw.recordFields where fields[name] == nil {
            fields[name] = value
        }
        let paragraphs = cleaned.lines.flatMap { ParagraphSplitter.paragraphs(of: $0.text) }
        return Document(id: raw.id, fields: fields, paragraphs: paragraphs, removals: cleaned.removals)
    }

    /// The year of an ISO 8601 date (`2025-02-10` → 2025); nil for any other text.
    static func year(of date: String) -> Int? {
        let digits = date.utf8.prefix(5)
        guard digits.count >= 4, digits.prefix(4).allSatisfy({ (0x30...0x39).contains($0) }),
              digits.count == 4 || digits.last == UInt8(ascii: "-") else { return nil }
        return Int(date.prefix(4))
    }
}
