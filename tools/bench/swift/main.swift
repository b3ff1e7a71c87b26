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
//   yulu-bench first-query INDEX QUERY
//     In a fresh process: opens the index and answers one top-10 search; prints the
//     milliseconds spent in-process.
//
//   yulu-bench query-set INDEX PER_KIND OUTFILE
//     Samples a fixed query mix from the index's paragraphs (see QueryBenchmarks.swift).
//
//   yulu-bench query INDEX QUERYFILE RUNS
//     Times each query of a query set (top-10 with hits, top-10 ranking alone, count),
//     warm, in-process.
//
//   yulu-bench similar INDEX COUNT RUNS
//     Times `similar` for COUNT sampled paragraphs, warm, in-process.
//
//   yulu-bench shingles INDEX OUTFILE
//     Writes every paragraph's 5-unit shingle hashes, for datasketch.
//
//   yulu-bench paragraphs LISTFILE OUTDIR
//     Writes the paragraphs Yulu indexes for the files (OUTDIR/paragraphs.txt, one per
//     line), their ICU words (OUTDIR/icu-words.txt) and their Han-bigram tokens
//     (OUTDIR/bigrams.txt), space-separated, for peers.
import Foundation

let arguments = CommandLine.arguments
let usage = """
    usage: yulu-bench (analysis | ingest) LISTFILE RUNS | paragraphs LISTFILE OUTDIR | first-query INDEX QUERY
                    | query-set INDEX PER_KIND OUTFILE | query INDEX QUERYFILE RUNS
                    | similar INDEX COUNT RUNS | shingles INDEX OUTFILE

    """
func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(message.data(using: .utf8)!)
    exit(status)
}
do {
    switch (arguments.count == 4 ? arguments[1] : "", arguments.count == 5 ? arguments[1] : "") {
    case ("analysis", _): try analysisBenchmark(listFile: arguments[2], runs: Int(arguments[3]) ?? 1)
    case ("ingest", _): try ingestBenchmark(listFile: arguments[2], runs: Int(arguments[3]) ?? 1)
    case ("paragraphs", _): try exportParagraphs(listFile: arguments[2], folder: arguments[3])
    case ("first-query", _): try firstQuery(folder: arguments[2], query: arguments[3])
    case ("shingles", _): try exportShingles(folder: arguments[2], output: arguments[3])
    case (_, "similar"): try similarBenchmark(folder: arguments[2], count: Int(arguments[3]) ?? 200, runs: Int(arguments[4]) ?? 3)
    case (_, "query-set"): try writeQuerySet(folder: arguments[2], output: arguments[4], perKind: Int(arguments[3]) ?? 100)
    case (_, "query"): try queryBenchmark(folder: arguments[2], querySet: arguments[3], runs: Int(arguments[4]) ?? 3)
    default: fail(usage, status: 2)
    }
} catch {
    fail("yulu-bench: \(error)\n", status: 1)
}
