import ArgumentParser
import YuluSearch
import Foundation
import YuluIndex
import YuluIngest

/// The `--index DIR` option every index command takes.
struct IndexLocation: ParsableArguments {
    @Option(name: .customLong("index"), help: "The index folder.")
    var folder = "./index"
}

/// `yulu index PATH...`: adds files to the index (creating it), replacing documents with the same id.
struct IndexCommand: JSONOutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "index", abstract: "Add files or folders to the index (creates it); an id indexed again is replaced.")

    @OptionGroup var location: IndexLocation
    @Argument(help: "Files or folders (folders are read recursively).")
    var paths: [String]
    @Option(help: "The CSV column holding the text (default: the column with the longest values).")
    var textColumn: String?
    @Option(help: "Indexing threads.")
    var threads = 2
    @Flag(help: "Print one JSON object.")
    var json = false

    /// A path named here that does not exist is an error (exit status 1), not a skipped
    /// input: the other paths are indexed all the same, and when none exists nothing is
    /// touched.
    func run() throws {
        let inputs = ArgumentPaths.inputPaths(paths)
        let missing = inputs.filter { !$0.exists }.map(\.text)
        let missingError = SearchError.notFound("no such file or folder: \(missing.joined(separator: ", "))")
        guard missing.count < paths.count else { throw missingError }
        let started = ContinuousClock.now
        let meter = ProgressMeter(enabled: isatty(STDERR_FILENO) == 1 && !json)
        let summary = try IndexWriter.index(
            inputs, into: location.folder,
            options: IndexingOptions(ingest: IngestOptions(textColumn: textColumn), threads: threads),
            progress: { meter.show($0) })
        meter.finish()
        let seconds = (ContinuousClock.now - started).inSeconds
        let reports = summary.reports
        if json {
            print(JSONValue.object((missing.isEmpty ? [("ok", .bool(true))] : FailureJSON.members(for: missingError)) + [
                ("documents", .int(summary.documents)), ("paragraphs", .int(summary.paragraphs)),
                ("replaced", .int(summary.replaced)),
            ] + reports.json + [
                ("segments", .array(summary.segments.map { JSONValue.string($0) })), ("merged_segments", .int(summary.mergedSegments)),
                ("generation", .int(summary.generation)),
                ("seconds", .double(seconds.rounded(toPlaces: 3))),
            ]).serialized())
            if !missing.isEmpty { throw ExitCode(1) }
            return
        }
        for line in reports.lines {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let replaced = summary.replaced > 0 ? " (\(summary.replaced) replaced)" : ""
        let merged = summary.mergedSegments > 0 ? ", \(summary.mergedSegments) small segments merged" : ""
        print("indexed \(counted(summary.documents, "document"))\(replaced), \(counted(summary.paragraphs, "paragraph")), "
              + "\(reports.counts)\(merged), in \(String(format: "%.2f", seconds)) s → \(location.folder) (generation \(summary.generation))")
        if !missing.isEmpty { throw ExitCode(1) }
    }
}

/// `yulu stats`
struct StatsCommand: JSONOutputCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show the size and contents of the index.")
    @OptionGroup var location: IndexLocation
    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let view = try IndexViews.stats(try IndexReader.open(folder: location.folder))
        guard case .object(let members) = view else { return }
        if json {
            print(JSONValue.object(members).serialized())
        } else {
            for (name, value) in members.dropFirst() { print("\(name.replacingOccurrences(of: "_", with: " ")): \(Self.plain(value))") }
        }
    }
}

extension StatsCommand {
    /// A value for people: the bytes by part as "postings 58.7 MB (54%), …" (KB or bytes
    /// for small parts), anything else as its JSON.
    static func plain(_ value: JSONValue) -> String {
        guard case .object(let members) = value else { return value.serialized() }
        let parts = members.map { name, value -> (name: String, bytes: Int) in
            if case .int(let bytes) = value { (name, bytes) } else { (name, 0) }
        }
        let total = Double(max(parts.reduce(0) { $0 + $1.bytes }, 1))
        return parts.map { part in
            "\(part.name.replacingOccurrences(of: "_", with: " ")) \(size(part.bytes)) "
                + String(format: "(%.0f%%)", Double(part.bytes) * 100 / total)
        }.joined(separator: ", ")
    }

    /// A byte count in the unit that suits it: "812 bytes", "24.5 KB", "58.7 MB".
    static func size(_ bytes: Int) -> String {
        switch bytes {
        case ..<1_000: "\(bytes) bytes"
        case ..<1_000_000: String(format: "%.1f KB", Double(bytes) / 1e3)
        default: String(format: "%.1f MB", Double(bytes) / 1e6)
        }
    }
}

/// `yulu check`
struct CheckCommand: JSONOutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Verify every checksum and structural invariant; exit non-zero on any problem.")
    @OptionGroup var location: IndexLocation
    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let problems = IndexChecker.problems(in: location.folder)
        if json {
            let verdict = problems.isEmpty ? [("ok", .bool(true))]
                : FailureJSON.members(for: IndexError("\(counted(problems.count, "problem")) in \(location.folder)"))
            print(JSONValue.object(verdict + [("problems", .array(problems.map { JSONValue.string($0) }))]).serialized())
        } else if problems.isEmpty {
            print("\(location.folder): ok")
        } else {
            for problem in problems { FileHandle.standardError.write(Data("\(location.folder): \(problem)\n".utf8)) }
        }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}

/// `yulu remove ID...`
struct RemoveCommand: JSONOutputCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove documents by id.")
    @OptionGroup var location: IndexLocation
    @Argument(help: "Document ids.")
    var ids: [String]
    @Flag(help: "Print one JSON object.")
    var json = false

    /// An id not in the index fails the command (exit status 1), as `rm` does for a
    /// missing file, after the others are removed.
    func run() throws {
        let missing = try IndexWriter.remove(ids, from: location.folder)
        let removed = Set(ids).subtracting(missing).count
        if json {
            let verdict = missing.isEmpty ? [("ok", .bool(true))]
                : FailureJSON.members(for: SearchError.notFound("not in the index: \(missing.joined(separator: ", "))"))
            print(JSONValue.object(verdict + [("removed", .int(removed)), ("missing", .array(missing.map { JSONValue.string($0) }))]).serialized())
        } else {
            print("removed \(counted(removed, "document"))")
            for id in missing { FileHandle.standardError.write(Data("not in the index: \(id)\n".utf8)) }
        }
        if !missing.isEmpty { throw ExitCode(1) }
    }
}

/// `yulu optimize`
struct OptimizeCommand: JSONOutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize", abstract: "Merge all segments into new ones and drop deleted documents.")
    @OptionGroup var location: IndexLocation
    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let started = ContinuousClock.now
        let documents = try IndexWriter.optimize(location.folder)
        let seconds = (ContinuousClock.now - started).inSeconds
        if json {
            print(JSONValue.object([("ok", .bool(true)), ("documents", .int(documents)), ("seconds", .double(seconds.rounded(toPlaces: 3)))]).serialized())
        } else {
            print("merged \(documents) documents in \(String(format: "%.2f", seconds)) s")
        }
    }
}

/// Shows indexing progress on a terminal, at most five times a second.
final class ProgressMeter: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var lastShown = ContinuousClock.now - .seconds(1)
    private let started = ContinuousClock.now
    private var shown = false

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ progress: IndexingProgress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        if let merging = progress.merging {
            let line = "\rmerging \(merging.segments) segments (\(merging.paragraphs) paragraphs)…"
            FileHandle.standardError.write(Data((line + String(repeating: " ", count: 30)).utf8))
            shown = true
            return
        }
        guard now - lastShown >= .milliseconds(200) || progress.filesDone == progress.filesTotal else { return }
        lastShown = now
        let elapsed = max((now - started).inSeconds, 0.001)
        let rate = Double(progress.bytesDone) / elapsed
        // The rate of the first moments (start-up, the first file) says little: wait for it.
        let eta = elapsed < 0.5 || rate == 0 ? "…" : String(format: "%.0f s", Double(progress.bytesTotal - progress.bytesDone) / rate)
        let line = String(format: "\r%d/%d files  %.1f/%.1f MB  %d paragraphs  %.1f MB/s  ETA %@ ",
                          progress.filesDone, progress.filesTotal, Double(progress.bytesDone) / 1e6,
                          Double(progress.bytesTotal) / 1e6, progress.paragraphs, rate / 1e6, eta)
        FileHandle.standardError.write(Data(line.utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

extension Duration {
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
