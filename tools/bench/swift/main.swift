// yulu-bench: in-process benchmark drivers for tools/bench/* scripts.
//
//   yulu-bench analysis LISTFILE RUNS
//
// Reads every file named in LISTFILE, splits it into trimmed non-empty lines exactly
// as tools/bench/analysis-c/analysis.c does, and analyses every line RUNS times,
// printing "swift <seconds> <bytes> <words>" per run.
import Foundation
import YuluAnalysis

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
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("swift \(String(format: "%.4f", seconds)) \(bytes) \(words)")
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 4, arguments[1] == "analysis", let runs = Int(arguments[3]) else {
    FileHandle.standardError.write("usage: yulu-bench analysis LISTFILE RUNS\n".data(using: .utf8)!)
    exit(2)
}
do {
    try analysisBenchmark(listFile: arguments[2], runs: runs)
} catch {
    FileHandle.standardError.write("yulu-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
