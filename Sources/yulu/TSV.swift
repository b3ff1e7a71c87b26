import YuluIngest

/// Tab-separated output, as every command's `--tsv` writes it: cells joined by tabs,
/// with tabs and line ends inside a cell turned into spaces so a row stays one line.
enum TSV {
    static func row(_ cells: [String]) -> String { cells.map(cell).joined(separator: "\t") }

    static func cell(_ text: String) -> String {
        // Tab, LF and CR are single bytes that no longer UTF-8 sequence holds: replaced byte-wise.
        func isBreaking(_ byte: UInt8) -> Bool { byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard text.utf8.contains(where: isBreaking) else { return text }
        return String(decoding: text.utf8.map { isBreaking($0) ? 0x20 : $0 }, as: UTF8.self)
    }
}

extension Fields {
    /// The values of the fields named by `columns`, as TSV cells (empty where there is none).
    func values(in columns: [String]) -> [String] {
        columns.map { self[$0]?.description ?? "" }
    }
}
