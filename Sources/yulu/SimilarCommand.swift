import ArgumentParser
import Foundation
import YuluIndex
import YuluSearch

/// `yulu similar (--doc ID --para N | --text TEXT)`: the paragraphs most like one paragraph.
struct SimilarCommand: JSONOutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar", abstract: "Find the paragraphs most like a paragraph of the index, or like a text.")

    @OptionGroup var location: IndexLocation
    @Option(help: "The document of the query paragraph.")
    var doc: String?
    @Option(help: "The query paragraph's number in that document (from 1).")
    var para: Int?
    @Option(help: "A text to find paragraphs like (`-`: read it from standard input).")
    var text: String?
    @Option(help: "Hits to show.")
    var limit = 10
    @Option(help: "Leave out hits less similar than this (0–1: matched units ÷ the shorter paragraph's).")
    var minSimilarity = 0.3
    @Flag(help: "Print one JSON object.")
    var json = false
    @Flag(help: "Print tab-separated rows: doc, para, similarity, the fields, text (a header row first).")
    var tsv = false
    @Option(help: "With --tsv, the fields to show as columns: comma-separated, in that order (default: all).")
    var fields: String?

    func validate() throws {
        guard !(json && tsv) else { throw ValidationError("give --json or --tsv, not both") }
        guard fields == nil || tsv else { throw ValidationError("--fields chooses the columns of --tsv") }
        guard (doc != nil && para != nil && text == nil) || (doc == nil && para == nil && text != nil) else {
            throw ValidationError("give --doc ID --para N, or --text TEXT")
        }
    }

    func run() throws {
        let searcher = Searcher(index: try SearchIndex.open(folder: location.folder))
        let source: SimilarRequest.Source
        if text == "-" {
            let input = try TextInput([UInt8](FileHandle.standardInput.readDataToEndOfFile()), named: "standard input")
            input.report()
            source = .text(input.text)
        } else {
            source = text.map { .text($0) } ?? .paragraph(doc: doc!, para: para!)
        }
        let result = try searcher.similar(SimilarRequest(source: source, limit: limit, minimumSimilarity: minSimilarity))
        if json {
            print(result.json().serialized())
            return
        }
        if tsv {
            let fieldColumns = try searcher.index.fieldColumns(chosen: fields)
            print(TSV.row(["doc", "para", "similarity"] + fieldColumns + ["text"]))
            for hit in result.hits {
                print(TSV.row([hit.doc, String(hit.para), String(format: "%.4f", hit.similarity)]
                              + hit.fields.values(in: fieldColumns) + [hit.text]))
            }
            return
        }
        let colour = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        print("\(counted(result.total, "similar paragraph")) in \(counted(result.docs, "document"))"
              + " (\(result.candidates) candidates aligned, \(String(format: "%.1f", result.tookMilliseconds)) ms)")
        if result.total == 0 && result.candidates > 0 {
            print("none of them reaches similarity \(String(format: "%.2f", minSimilarity)); --min-similarity lowers the bar")
        }
        for hit in result.hits {
            print("\n\(hit.doc) ¶\(hit.para)  similarity \(String(format: "%.2f", hit.similarity))")
            print("  " + Marking.mark(hit.text, hit.aligned.map(\.0), colour: colour))
        }
    }
}

/// Marks ranges of a text (bold red on a terminal, 【】 otherwise).
enum Marking {
    static func mark(_ text: String, _ ranges: [Range<Int>], colour: Bool) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        var position = 0
        func piece(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where range.lowerBound >= position && range.upperBound <= scalars.count {
            out += piece(position..<range.lowerBound)
            out += colour ? "\u{1B}[1;31m" + piece(range) + "\u{1B}[0m" : "【" + piece(range) + "】"
            position = range.upperBound
        }
        return out + piece(position..<scalars.count)
    }
}
