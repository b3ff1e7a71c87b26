import Foundation
import YuluAnalysis
import YuluIndex
import YuluSearch

/// Han-bigram tokens for a peer engine: one token per position, the bigram of two
/// adjacent units, else the unit itself (before a break or the end), else `|` for a
/// break, so a phrase of units is the phrase of its bigrams.
enum BigramTokens {
    static func of(_ analysis: Analysis) -> [String] {
        let tokens = analysis.tokens
        return tokens.indices.map { position in
            guard tokens[position].kind == .unit else { return "|" }
            let unit = analysis.string(of: tokens[position])
            if position + 1 < tokens.count && tokens[position + 1].kind == .unit { return unit + analysis.string(of: tokens[position + 1]) }
            return unit
        }
    }

    /// The tokens of a phrase of units: its bigrams (or the unit alone).
    static func ofPhrase(_ analysis: Analysis) -> [String] {
        let all = of(analysis)
        return all.count == 1 ? all : Array(all.dropLast())
    }
}

/// A fixed query mix sampled from the index's own paragraphs (seeded): phrases of 2, 4
/// and 6–8 units without breaks, AND and OR of two phrases, and NEAR/10 of two 2-unit
/// phrases a few positions apart. Written as TSV: kind, yulu query, then for peers the
/// ICU words and the bigram tokens of each phrase (phrases separated by ` | `).
func writeQuerySet(folder: String, output: String, perKind: Int) throws {
    let reader = try IndexReader.open(folder: folder)
    let analyzer = Analyzer(simplification: reader.simplification)
    var texts: [String] = []
    try reader.forEachDocument { segment, _, document in texts += try reader.segments[segment].reader.paragraphs(of: document) }
    texts.sort()  // segments are filled by two threads: sort so the sample does not depend on their timing
    var random = SplitMix64(seed: 2026)
    func pick(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    /// A run of `units` adjacent units from a random paragraph, as (text, start position).
    func phrase(units: Int, in analysis: Analysis? = nil) -> (String, Int, Analysis)? {
        let analysis = analysis ?? analyzer.analyze(texts[pick(texts.count)], includeWords: false)
        let tokens = analysis.tokens
        guard tokens.count >= units else { return nil }
        let start = pick(tokens.count - units + 1)
        guard tokens[start..<(start + units)].allSatisfy({ $0.kind == .unit }) else { return nil }
        let text = analysis.originalString(tokens[start].original.lowerBound..<tokens[start + units - 1].original.upperBound)
        guard !text.contains("\""), !text.contains(where: \.isWhitespace) else { return nil }
        return (text, start, analysis)
    }
    func peers(_ phrases: [String]) -> (String, String) {
        let analyses = phrases.map { analyzer.analyze($0) }
        return (analyses.map { a in a.words.map { a.string(of: $0) }.joined(separator: " ") }.joined(separator: " | "),
                analyses.map { BigramTokens.ofPhrase($0).joined(separator: " ") }.joined(separator: " | "))
    }
    var rows: [String] = []
    func add(_ kind: String, _ query: String, _ phrases: [String]) {
        let (words, bigrams) = peers(phrases)
        rows.append([kind, query, words, bigrams].joined(separator: "\t"))
    }
    for (kind, lengths) in [("phrase-2", [2]), ("phrase-4", [4]), ("phrase-6-8", [6, 7, 8])] {
        var made = 0
        while made < perKind {
            guard let (text, _, _) = phrase(units: lengths[pick(lengths.count)]) else { continue }
            add(kind, "\"\(text)\"", [text])
            made += 1
        }
    }
    var made = 0
    while made < perKind {
        guard let (a, _, analysis) = phrase(units: 2 + pick(3)), let (b, _, _) = phrase(units: 2 + pick(3), in: analysis), a != b else { continue }
        add("and", "\"\(a)\" \"\(b)\"", [a, b])
        made += 1
    }
    made = 0
    while made < perKind {
        guard let (a, _, _) = phrase(units: 2 + pick(3)), let (b, _, _) = phrase(units: 2 + pick(3)) else { continue }
        add("or", "\"\(a)\" OR \"\(b)\"", [a, b])
        made += 1
    }
    made = 0
    while made < perKind {
        guard let (a, start, analysis) = phrase(units: 2), let (b, other, _) = phrase(units: 2, in: analysis),
              abs(other - start) > 2, abs(other - start) <= 12 else { continue }
        rows.append(["near", "\"\(a)\" NEAR/10 \"\(b)\"", "", ""].joined(separator: "\t"))
        made += 1
    }
    try (rows.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
}

/// Times every query of a query set in-process on a warm index: one warm-up pass, then
/// RUNS passes; prints per query its kind, the median milliseconds for top-10 (hits with
/// text, fields and highlights) and for a count, the total, and the median milliseconds
/// for the top-10 ranking alone (places and scores, no text read: what the peer's
/// top-10 does), and for that ranking of the request prepared before timing (parsed and
/// analysed once, as the peer's query objects are built before they are timed).
func queryBenchmark(folder: String, querySet: String, runs: Int) throws {
    let searcher = Searcher(index: try SearchIndex.open(folder: folder))
    let queries = try String(contentsOfFile: querySet, encoding: .utf8).split(separator: "\n").map { line in
        let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
        return (kind: String(columns[0]), query: String(columns[1]))
    }
    let clock = ContinuousClock()
    func milliseconds(_ body: () throws -> Void) rethrows -> Double { seconds(try clock.measure(body)) * 1000 }
    var topTen = Array(repeating: [Double](), count: queries.count)
    var ranked = Array(repeating: [Double](), count: queries.count)
    var counting = Array(repeating: [Double](), count: queries.count)
    var prepared = Array(repeating: [Double](), count: queries.count)
    var totals = Array(repeating: 0, count: queries.count)
    for pass in 0...runs {
        for (index, entry) in queries.enumerated() {
            var total = 0
            let request = SearchRequest(query: entry.query, limit: 10)
            let top = try milliseconds { total = try searcher.search(request).total }
            let count = try milliseconds { _ = try searcher.search(SearchRequest(query: entry.query, countOnly: true)) }
            // The rankings are timed straight after an untimed one of the same query, as the
            // peer's timed top 10 follows its warm-up run of it: timed after the top 10 with
            // hits, whose store reads (inflating text) leave the caches colder, or after the
            // count, which reads no word postings, the first ranking paid for that.
            _ = try searcher.rank(request)
            let rank = try milliseconds { _ = try searcher.rank(request) }
            let preparedRequest = try searcher.prepare(request)
            let rankPrepared = try milliseconds { _ = try searcher.rank(preparedRequest) }
            if pass > 0 {
                topTen[index].append(top)
                ranked[index].append(rank)
                counting[index].append(count)
                prepared[index].append(rankPrepared)
            }
            totals[index] = total
        }
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    for (index, entry) in queries.enumerated() {
        print(String(format: "%@\t%.4f\t%.4f\t%d\t%.4f\t%.4f", entry.kind, median(topTen[index]), median(counting[index]), totals[index],
                     median(ranked[index]), median(prepared[index])))
    }
}

/// In a fresh process: opens the index and answers one top-10 search; prints the
/// milliseconds spent in-process.
func firstQuery(folder: String, query: String) throws {
    let clock = ContinuousClock()
    let started = clock.now
    let result = try Searcher(index: try SearchIndex.open(folder: folder)).search(SearchRequest(query: query, limit: 10))
    print(String(format: "first-query %.3f ms %d", seconds(clock.now - started) * 1000, result.total))
}

/// SplitMix64, for reproducible samples.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
