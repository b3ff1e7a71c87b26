import Foundation
import YuluAnalysis
import YuluIndex
import YuluSearch

/// Times `similar` in-process on a warm index for `count` paragraphs sampled (seeded)
/// from those with at least 20 units: one warm-up pass, then `runs` passes; prints per
/// query the median milliseconds, the candidates aligned and the hits.
func similarBenchmark(folder: String, count: Int, runs: Int) throws {
    let searcher = Searcher(index: try SearchIndex.open(folder: folder))
    let reader = searcher.index.reader
    let analyzer = Analyzer(simplification: reader.simplification)
    var places: [(String, Int)] = []
    try reader.forEachDocument { segment, _, document in
        for (offset, text) in try reader.segments[segment].reader.paragraphs(of: document).enumerated()
        where analyzer.analyze(text, includeWords: false).tokens.count >= 20 {
            places.append((document.id, offset + 1))
        }
    }
    places.sort { $0 < $1 }
    var random = SplitMix64(seed: 6)
    let sample = (0..<count).map { _ in places[Int(random.next() % UInt64(places.count))] }
    var times = Array(repeating: [Double](), count: sample.count)
    var details = Array(repeating: (0, 0), count: sample.count)
    let clock = ContinuousClock()
    for pass in 0...runs {
        for (index, (doc, para)) in sample.enumerated() {
            var result: SimilarResult?
            let elapsed = try clock.measure { result = try searcher.similar(SimilarRequest(source: .paragraph(doc: doc, para: para))) }
            if pass > 0 { times[index].append(seconds(elapsed) * 1000) }
            details[index] = (result!.candidates, result!.total)
        }
    }
    for index in sample.indices {
        print(String(format: "similar\t%.4f\t%d\t%d", times[index].sorted()[times[index].count / 2], details[index].0, details[index].1))
    }
}

/// Writes every live paragraph as `doc TAB para TAB text TAB shingle hashes (hex, space-separated)`,
/// the shingles `MinHash` uses, for a peer (datasketch) to hash the same sets.
func exportShingles(folder: String, output: String) throws {
    let reader = try IndexReader.open(folder: folder)
    let analyzer = Analyzer(simplification: reader.simplification)
    // Documents in id order, not segment order: which thread indexed which file must not
    // change the lines (planted.py samples its pairs from them in this order).
    var documents: [(id: String, lines: String)] = []
    try reader.forEachDocument { segment, _, document in
        var lines = ""
        for (offset, text) in try reader.segments[segment].reader.paragraphs(of: document).enumerated() {
            let shingles = MinHash.shingleHashes(unitHashes: MinHash.unitHashes(analyzer.analyze(text, includeWords: false)))
            let clean = text.replacingOccurrences(of: "\t", with: " ")
            lines += "\(document.id)\t\(offset + 1)\t\(clean)\t\(shingles.map { String($0, radix: 16) }.joined(separator: " "))\n"
        }
        documents.append((document.id, lines))
    }
    documents.sort { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
    try documents.map(\.lines).joined().write(toFile: output, atomically: true, encoding: .utf8)
}
