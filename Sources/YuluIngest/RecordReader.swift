import Foundation

/// Reads CSV rows and JSON Lines records as documents: one record, one document, with
/// id `FILE#N` (N from 1) unless the record has an `id`, a `title` field as title, and
/// every other field kept as given.
enum RecordReader {
    static func csv(_ text: String, file: InputFile, textColumn: String?) -> ([RawDocument], [SkippedInput]) {
        let table = CSVTable(parsing: text)
        var skipped: [SkippedInput] = []
        guard !table.header.isEmpty else { return ([], [SkippedInput(path: file.path, reason: "CSV without a header row")]) }
        guard !table.records.isEmpty || table.problem != nil else {
            return ([], [SkippedInput(path: file.path, reason: "CSV with a header row and no records")])
        }
        let textIndex: Int
        if let textColumn {
            guard let index = table.header.firstIndex(of: textColumn) else {
                let columns = table.header.joined(separator: ", ")
                return ([], [SkippedInput(path: file.path, reason: "no column \"\(textColumn)\" (columns: \(columns))")])
            }
            textIndex = index
        } else {
            textIndex = table.longestColumn ?? 0
        }
        var documents: [RawDocument] = []
        for (offset, record) in table.records.enumerated() {
            let number = offset + 1
            guard record.fields.count == table.header.count else {
                skipped.append(SkippedInput(
                    path: "\(file.path)#\(number)",
                    reason: "record on line \(record.line) has \(record.fields.count) fields, the header \(table.header.count)"))
                continue
            }
            var fields: [(name: String, value: FieldValue)] = []
            for (name, value) in zip(table.header, record.fields) where !value.isEmpty {
                fields.append((name, .text(value)))
            }
            documents.append(document(text: record.fields[textIndex], textField: table.header[textIndex],
                                      fields: fields, file: file, number: number))
        }
        if let problem = table.problem {
            skipped.append(SkippedInput(path: file.path, reason: "\(problem.reason); the records from there on are not read"))
        }
        return (documents, skipped)
    }

    static func jsonLines(_ text: String, file: InputFile) -> ([RawDocument], [SkippedInput]) {
        var documents: [RawDocument] = []
        var skipped: [SkippedInput] = []
        for (offset, line) in TextLines.split(text).enumerated() {
            let number = offset + 1
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let object: [String: Any]
            do {
                guard let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    skipped.append(SkippedInput(path: "\(file.path)#\(number)", reason: "not a JSON object"))
                    continue
                }
                object = parsed
            } catch {
                skipped.append(SkippedInput(path: "\(file.path)#\(number)", reason: "invalid JSON"))
                continue
            }
            guard let text = object["text"] as? String else {
                skipped.append(SkippedInput(path: "\(file.path)#\(number)", reason: "no \"text\" string field"))
                continue
            }
            let fields = object.keys.sorted().compactMap { key in fieldValue(object[key]!).map { (name: key, value: $0) } }
            documents.append(document(text: text, textField: "text", fields: fields, file: file, number: number))
        }
        return (documents, skipped)
    }

    private static func document(text: String, textField: String, fields: [(name: String, value: FieldValue)],
                                 file: InputFile, number: Int) -> RawDocument {
        let id = fields.first { $0.name == "id" }.map { $0.value.description } ?? "\(file.id)#\(number)"
        let title = fields.first { $0.name == "title" }.map { $0.value.description }
        let kept = fields.filter { $0.name != textField && $0.name != "id" && $0.name != "title" }
        return RawDocument(id: id, lines: TextLines.split(text), recordFields: kept, title: title)
    }

    /// A JSON value as a field: strings, numbers and booleans as such, null left out,
    /// arrays and objects as their JSON text.
    private static func fieldValue(_ value: Any) -> FieldValue? {
        switch value {
        case let string as String:
            return .text(string)
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c", "B": return .flag(number.boolValue)
            case "d", "f": return .real(number.doubleValue)
            default: return .integer(number.intValue)
            }
        case is NSNull:
            return nil
        default:
            guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return nil }
            return .text(String(decoding: data, as: UTF8.self))
        }
    }
}
