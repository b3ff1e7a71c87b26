import ArgumentParser
import Foundation
import YuluIndex
import YuluSearch

/// `yulu reuse`: every passage reused across documents, as clusters of places.
struct ReuseCommand: JSONOutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "reuse", abstract: "Find text reused across documents: clusters of near-identical paragraphs, earliest first.")

    @OptionGroup var location: IndexLocation
    @Option(help: "Least similarity of a pair (0–1: matched units ÷ the shorter paragraph's).")
    var minSimilarity = 0.5
    @Option(help: "Leave out paragraphs with fewer units (headings, formulae).")
    var minLength = 20
    @Option(help: "Threads that align candidates.")
    var threads = 2
    @Option(help: "Only paragraphs this search query matches: a phrase (营商环境), fields (province:浙江省), ranges (year:2020..2025) or any mix.")
    var within: String?
    @Flag(help: "Print one JSON object (clusters and pairs).")
    var json = false
    @Flag(help: "Print tab-separated rows, one per place: cluster, size, doc, para, date, text.")
    var tsv = false

    func run() throws {
        let terminal = isatty(STDERR_FILENO) == 1 && !json && !tsv
        let index = try SearchIndex.open(folder: location.folder)
        var output = FileHandleOutput()
        // The object opens with the first pair, so that a request refused before any
        // (a bad --within query) prints an error object instead of an "ok" one.
        var opened = false
        func open() {
            if !opened { output.write("{\"ok\":true,\"pairs\":[") }
            opened = true
        }
        let result: ReuseResult
        do {
            result = try ReuseFinder(index: index).find(
                ReuseRequest(minimumSimilarity: minSimilarity, minimumLength: minLength, threads: threads, within: within),
                pair: { pair in
                    guard json else { return }
                    if opened { output.write(",") } else { open() }
                    output.write(pair.json().serialized())
                },
                progress: { done, total in
                    if terminal { FileHandle.standardError.write(Data("\rband \(done)/\(total)".utf8)) }
                })
        } catch {
            guard json && opened else { throw error }
            output.write("]}\n")
            output.flush()
            throw PrintedInJSON(underlying: error)
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        if json {
            open()
            output.write("],\"clusters\":" + result.clustersJSON().serialized()
                         + ",\"took_ms\":\(JSONValue.double((result.tookMilliseconds * 1000).rounded() / 1000).serialized())}\n")
            output.flush()
        } else if tsv {
            print(TSV.row(["cluster", "size", "doc", "para", "date", "text"]))
            for (number, cluster) in result.clusters.enumerated() {
                for (place, date, text) in cluster.places {
                    print(TSV.row([String(number + 1), String(cluster.places.count), place.doc, String(place.para), date ?? "", text]))
                }
            }
        } else {
            print("\(counted(result.clusters.count, "reused passage")), \(counted(result.pairCount, "verified pair"))"
                  + " (\(result.candidates) candidates aligned, \(String(format: "%.1f", result.tookMilliseconds / 1000)) s)")
            for (number, cluster) in result.clusters.enumerated() {
                let passage = cluster.passage.unicodeScalars.count > 120
                    ? String(String.UnicodeScalarView(cluster.passage.unicodeScalars.prefix(120))) + "…" : cluster.passage
                print("\n#\(number + 1)  \(cluster.places.count) places  \(passage)")
                for (place, date, _) in cluster.places.prefix(12) { print("    \(date ?? "          ")  \(place.doc) ¶\(place.para)") }
                if cluster.places.count > 12 { print("    … and \(cluster.places.count - 12) more") }
            }
        }
    }
}

/// Buffered writes to standard output, for streaming large JSON.
struct FileHandleOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
