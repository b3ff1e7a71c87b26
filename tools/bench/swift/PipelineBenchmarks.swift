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
    var bigrams = ""
    for file in files {
        for document in ingestor.ingest(file).documents {
            for paragraph in document.paragraphs {
                paragraphs += paragraph + "\n"
                let analysis = analyzer.analyze(paragraph)
                words += analysis.words.map { analysis.string(of: $0) }.joined(separator: " ") + "\n"
                bigrams += BigramTokens.of(analysis).joined(separator: " ") + "\n"
            }
        }
    }
    try paragraphs.write(toFile: folder + "/paragraphs.txt", atomically: true, encoding: .utf8)
    try words.write(toFile: folder + "/icu-words.txt", atomically: true, encoding: .utf8)
    try bigrams.write(toFile: folder + "/bigrams.txt", atomically: true, encoding: .utf8)
}
