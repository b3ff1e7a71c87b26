import ArgumentParser
import Foundation
import YuluIndex
import YuluSearch

/// `yulu search QUERY` or `yulu search --batch FILE`: matching paragraphs ranked by BM25,
/// as a human listing, JSON (one object per query) or TSV.
struct SearchCommand: JSONOutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search the index (phrases, AND, OR, -, NEAR/n, field:value, ranges).",
        discussion: """
            Examples:
              yulu search 项目为王
              yulu search '营商环境 -招商 year:2020..2025' --facet province
              yulu search 亲清政商关系 --kwic 20 --sort right --limit 100
              yulu search --batch terms.txt --count --facet province --tsv
            """)

    enum Grouping: String, ExpressibleByArgument, CaseIterable { case doc }

    @OptionGroup var location: IndexLocation
    @Argument(parsing: .allUnrecognized,
              help: ArgumentHelp("The query; several arguments are one query (`yulu search 项目 -招商` is `yulu search '项目 -招商'`).",
                                 valueName: "query"))
    var words: [String] = []

    /// The query the arguments spell, a `--` among them left out; nil without any.
    var query: String? {
        let parts = words.firstIndex(of: "--").map { Array(words[..<$0] + words[($0 + 1)...]) } ?? words
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }
    @Option(help: "Read one query per line from FILE (UTF-8, GB18030, Big5 or UTF-16; `-`: standard input, UTF-8; blank lines skipped) and answer each.")
    var batch: String?
    @Option(help: "Hits to show.")
    var limit = 10
    @Option(help: "Hits to skip.")
    var offset = 0
    @Option(help: "Group hits by document.")
    var by: Grouping?
    @Flag(help: "Only count matching paragraphs and documents.")
    var count = false
    @Option(help: "Count matching paragraphs by this field's values (repeatable; `id`: by document).")
    var facet: [String] = []
    @Option(help: "Show keyword-in-context lines with WIDTH characters each side (`--kwic` alone: 30).")
    var kwic: Int?
    @Option(help: "Order KWIC lines by their left or right context (a concordance), not by score.")
    var sort: KWICSort?
    @Flag(help: "Print one JSON object per query.")
    var json = false
    @Flag(help: "Print tab-separated values with a header row.")
    var tsv = false
    @Option(help: "With --tsv, the fields hits show as columns: comma-separated, in that order (default: all).")
    var fields: String?

    func validate() throws {
        // Unknown options reach the query words too: refuse those that look like options
        // (`--limt`, `-l`) unless they follow `--`; `-招商` is an exclusion.
        for word in words.prefix(while: { $0 != "--" }) where SearchCommand.looksLikeOption(word) {
            throw ValidationError("unknown option '\(word)' (a query word that starts with - goes after --: yulu search -- \(word))")
        }
        guard (query == nil) != (batch == nil) else { throw ValidationError("give a query or --batch FILE (one of them)") }
        guard !(json && tsv) else { throw ValidationError("choose --json or --tsv, not both") }
        guard fields == nil || tsv else { throw ValidationError("--fields chooses the columns of --tsv") }
        guard fields == nil || !count else { throw ValidationError("--fields chooses the columns of hits, and --count prints none") }
    }

    /// Whether `word` reads as an option: a dash and an ASCII letter, or two dashes.
    static func looksLikeOption(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars.prefix(2))
        guard scalars.count == 2, scalars[0] == "-" else { return false }
        return scalars[1] == "-" || ("a"..."z").contains(scalars[1]) || ("A"..."Z").contains(scalars[1])
    }

    func request(_ query: String) -> SearchRequest {
        SearchRequest(query: query, limit: limit, offset: offset, byDocument: by == .doc, countOnly: count, facets: facet,
                      kwicWidth: kwic, kwicSort: sort)
    }

    func run() throws {
        let searcher = Searcher(index: try SearchIndex.open(folder: location.folder))
        let fieldColumns = tsv && !count ? try searcher.index.fieldColumns(chosen: fields) : []
        let output = SearchOutput(format: json ? .json : tsv ? .tsv : .human, batch: batch != nil,
                                  colour: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil,
                                  fieldColumns: fieldColumns)
        guard let batch else {
            print(output.render(try searcher.search(request(query!)), query: nil), terminator: "")
            return
        }
        var failures = 0
        func answer(_ line: some StringProtocol) {
            let query = line.trimmingCharacters(in: .whitespaces)
            guard !query.isEmpty else { return }
            do {
                print(output.render(try searcher.search(request(query)), query: query), terminator: "")
            } catch {
                failures += 1
                if json { print(error.json(echoing: query).serialized()) }
                FileHandle.standardError.write(Data("\(query): \(error)\n".utf8))
            }
        }
        if batch == "-" {
            // Standard input is answered line by line as it comes, so a pipe gets each answer at once.
            var lines = InputLines(FileHandle.standardInput)
            while let (number, line) = lines.next() {
                if let line {
                    answer(line)
                } else {
                    failures += 1
                    // One line is too short to tell GB18030 from Big5 (營商環境 in Big5 reads as
                    // GB18030): a stream must be UTF-8; a file is read whole, as `yulu index` reads one.
                    let error = SearchError.badRequest("line \(number) of standard input is not UTF-8 text "
                                                       + "(a --batch FILE may also be in GB18030, Big5 or UTF-16)")
                    if json { print(error.json().serialized()) }
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                }
                fflush(nil)
            }
        } else {
            let contents: Data
            do {
                contents = try FileHandle(forReadingFrom: URL(fileURLWithPath: batch)).readToEnd() ?? Data()
            } catch {
                throw SearchError.badRequest("cannot read \(batch): \(FileManager.default.fileExists(atPath: batch) ? "not a readable file" : "no such file")")
            }
            let input = try TextInput([UInt8](contents), named: batch)
            input.report()
            for line in input.text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) { answer(line) }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

extension KWICSort: ExpressibleByArgument {}
