import YuluIngest

/// Tab-separated output, as every command's `--tsv` writes it: cells joined by tabs,
/// with tabs and line ends inside a cell turned into spaces so a row stays one line.
enum TSV {
    static func row(_ cells: [String]) -> String { cells.map(cell).joined(separator: "\t") }

    static func cell(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 }))
    }
}

extension Fields {
    /// The values of the fields named by `columns`, as TSV cells (empty where there is none).
    func values(in columns: [String]) -> [String] {
        columns.map { self[$0]?.description ?? "" }
    }
}
