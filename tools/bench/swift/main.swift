// yulu-bench: in-process benchmark drivers for tools/bench/* scripts.
//
//   yulu-bench analysis LISTFILE RUNS
//     Reads every file named in LISTFILE, splits it into trimmed non-empty lines exactly
//     as tools/bench/analysis-c/analysis.c does, and analyses every line RUNS times,
//     printing "swift <seconds> <bytes> <words>" per run.
//
//   yulu-bench ingest LISTFILE RUNS
//     Reads every file's bytes into memory, then per run ingests them all (decode,
//     format, clean, metadata, paragraphs) and analyses the paragraphs produced,
//     printing "ingest <seconds> analysis <seconds> <bytes> <documents> <paragraphs>".
//
//   yulu-bench first-query INDEX PHRASE
//     In a fresh process: opens the index, builds an analyser from its stored table,
//     looks the phrase's first bigram up in every segment, reads its first posting and
//     fetches that paragraph's text; prints the milliseconds spent in-process.
//
//   yulu-bench paragraphs LISTFILE OUTDIR
//     Writes the paragraphs Yulu indexes for the files (OUTDIR/paragraphs.txt, one per
//     line) and their ICU words, space-separated (OUTDIR/icu-words.txt), for peers.
import Foundation
import YuluAnalysis
import YuluIndex
import YuluIngest

func readLines(listFile: String) throws -> [String] {
    let paths = try String(contentsOfFile: listFile, encoding: .utf8).split(separator: "\n")
    var lines: [String] = []
    for path in paths {
        let data = try Data(contentsOf: URL(fileURLWithPath: String(path)))
        let text = String(decoding: data, as: UTF8.self)
        for line in text.utf8.split(whereSeparator: { $0 == 10 || $0 == 13 }) {
            var slice = line[...]
            while let first = slice.first, first == 32 || first == 9 { slice = slice.dropFirst() }
            while let last = slice.last, last == 32 || last == 9 { slice = slice.dropLast() }
            if !slice.isEmpty { lines.append(String(decoding: slice, as: UTF8.self)) }
        }
    }
    return lines
}

func analysisBenchmark(listFile: String, runs: Int) throws {
    let lines = try readLines(listFile: listFile)
    let bytes = lines.reduce(0) { $0 + $1.utf8.count }
    let analyzer = Analyzer()
    for _ in 0..<runs {
        let clock = ContinuousClock()
        var words = 0
        let elapsed = clock.measure {
            for line in lines { words += analyzer.analyze(line).words.count }
        }
        print("swift \(String(format: "%.4f", seconds(elapsed))) \(bytes) \(words)")
    }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func ingestBenchmark(listFile: String, runs: Int) throws {
    let paths = try String(contentsOfFile: listFile, encoding: .utf8).split(separator: "\n").map(String.init)
    let (files, _) = Ingestor.inputFiles(paths)
    let contents = try files.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0.path))) }
    let bytes = contents.reduce(0) { $0 + $1.count }
    let ingestor = Ingestor()
    let analyzer = Analyzer()
    let clock = ContinuousClock()
    for _ in 0..<runs {
        var documents: [Document] = []
        let ingestTime = clock.measure {
            for (file, content) in zip(files, contents) { documents += ingestor.ingest(content, as: file).documents }
        }
        let paragraphs = documents.flatMap(\.paragraphs)
        var words = 0
        let analysisTime = clock.measure {
            for paragraph in paragraphs { words += analyzer.analyze(paragraph).words.count }
        }
        print(String(format: "ingest %.4f analysis %.4f %d %d %d", seconds(ingestTime), seconds(analysisTime),
                     bytes, documents.count, paragraphs.count))
    }
}

func exportParagraphs(listFile: String, folder: String) throws {
    let paths = try String(contentsOfFile: listFile, encoding: .utf8).split(separator: "\n").map(String.init)
    let (files, _) = Ingestor.inputFiles(paths)
    let ingestor = Ingestor()
    let analyzer = Analyzer()
    var paragraphs = ""
    var words = ""
    for file in files {
        for document in ingestor.ingest(file).documents {
            for paragraph in document.paragraphs {
                paragraphs += paragraph + "\n"
                let analysis = analyzer.analyze(paragraph)
                words += analysis.words.map { analysis.string(of: $0) }.joined(separator: " ") + "\n"
            }
        }
    }
    try paragraphs.write(toFile: folder + "/paragraphs.txt", atomically: true, encoding: .utf8)
    try words.write(toFile: folder + "/icu-words.txt", atomically: true, encoding: .utf8)
}

func firstQuery(folder: String, phrase: String) throws {
    let clock = ContinuousClock()
    let started = clock.now
    let reader = try IndexReader.open(folder: folder)
    let analysis = Analyzer(simplification: reader.simplification).analyze(phrase, includeWords: false)
    guard let position = analysis.bigramPositions.first else { throw IndexError("the phrase has no bigram") }
    let term = TermBytes.bigram(analysis.string(of: analysis.tokens[position]), analysis.string(of: analysis.tokens[position + 1]))
    var found = ""
    for segment in reader.segments {
        guard let info = try segment.reader.termInfo(term) else { continue }
        var cursor = try segment.reader.postings(info, kind: .bigram)
        if let posting = try cursor.next() {
            found = try segment.reader.paragraphText(posting.paragraph)
            break
        }
    }
    print(String(format: "first-query %.3f ms %d", seconds(clock.now - started) * 1000, found.count))
}

let arguments = CommandLine.arguments
let usage = "usage: yulu-bench (analysis | ingest) LISTFILE RUNS | paragraphs LISTFILE OUTDIR | first-query INDEX PHRASE\n"
guard arguments.count == 4, ["analysis", "ingest", "paragraphs", "first-query"].contains(arguments[1]) else {
    FileHandle.standardError.write(usage.data(using: .utf8)!)
    exit(2)
}
do {
    switch (arguments[1], Int(arguments[3])) {
    case ("analysis", let runs?): try analysisBenchmark(listFile: arguments[2], runs: runs)
    case ("ingest", let runs?): try ingestBenchmark(listFile: arguments[2], runs: runs)
    case ("paragraphs", _): try exportParagraphs(listFile: arguments[2], folder: arguments[3])
    case ("first-query", _): try firstQuery(folder: arguments[2], phrase: arguments[3])
    default:
        FileHandle.standardError.write(usage.data(using: .utf8)!)
        exit(2)
    }
} catch {
    FileHandle.standardError.write("yulu-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
