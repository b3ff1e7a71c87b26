import Dispatch
import Synchronization
import YuluAnalysis
import YuluIngest

/// Builds and writes new segments on several threads: each thread takes files (or
/// documents) from a shared queue, ingests and analyses them with its own ingestor and
/// analyser, fills its own segment, and writes it out when it is done or its memory
/// budget is full. Segment files are written (and fsynced) under fresh names that no
/// manifest names yet, so until the commit they are invisible.
final class SegmentRun: Sendable {
    /// A segment file written by the run.
    struct WrittenSegment: Sendable {
        let name: String
        /// Per document (in the segment's order): its id and its order in the run.
        let documents: [(id: String, sequence: Int)]
        let paragraphs: Int
    }

    struct Output: Sendable {
        var segments: [WrittenSegment] = []
        var reports = InputReports()
    }

    private struct State: Sendable {
        var nextItem = 0
        var progress = IndexingProgress()
        var output = Output()
        /// What files reported, by their place in the run: the output lists it in that order.
        var reports: [(file: Int, reports: InputReports)] = []
        var error: IndexError?
    }

    /// The state the workers share, behind a lock.
    private final class Shared: Sendable {
        let state: Mutex<State>
        init(_ initial: State = State()) { state = Mutex(initial) }
        func withLock<T: Sendable>(_ body: (inout sending State) -> sending T) -> T { state.withLock(body) }
    }

    let folder: String
    let options: IndexingOptions
    let table: SimplificationTable
    private let names: Mutex<Int>

    init(folder: String, firstName: Int, options: IndexingOptions, table: SimplificationTable) {
        self.folder = folder
        self.options = options
        self.table = table
        names = Mutex(firstName)
    }

    /// The number the next segment name would take.
    var nextName: Int { names.withLock { $0 } }

    func build(files: [InputFile], progress: @escaping @Sendable (IndexingProgress) -> Void) throws(IndexError) -> Output {
        let sizes = files.map(\.byteCount)
        var initial = State()
        initial.progress.filesTotal = files.count
        initial.progress.bytesTotal = sizes.reduce(0, +)
        let shared = Shared(initial)
        run(shared) { ingestor, builder in
            guard let index = shared.withLock({ state -> Int? in
                guard state.nextItem < files.count, state.error == nil else { return nil }
                defer { state.nextItem += 1 }
                return state.nextItem
            }) else { return false }
            let ingested = ingestor.ingest(files[index])
            let documents = ingested.documents
            for (record, document) in documents.enumerated() {
                builder.add(document, sequence: index << 32 | record)
            }
            let snapshot = shared.withLock { state -> IndexingProgress in
                if !ingested.reports.isEmpty { state.reports.append((index, ingested.reports)) }
                state.progress.filesDone += 1
                state.progress.bytesDone += sizes[index]
                state.progress.documents += documents.count
                state.progress.paragraphs += documents.reduce(0) { $0 + $1.paragraphs.count }
                return state.progress
            }
            progress(snapshot)
            return true
        }
        return try result(shared)
    }

    func build(documents: [Document]) throws(IndexError) -> Output {
        let shared = Shared()
        let chunk = max(1, (documents.count + options.threads - 1) / options.threads)
        run(shared) { _, builder in
            guard let start = shared.withLock({ state -> Int? in
                guard state.nextItem < documents.count, state.error == nil else { return nil }
                defer { state.nextItem += chunk }
                return state.nextItem
            }) else { return false }
            for index in start..<min(start + chunk, documents.count) {
                builder.add(documents[index], sequence: index)
            }
            return true
        }
        return try result(shared)
    }

    /// Runs `options.threads` workers; each calls `step` until it returns false,
    /// writing its segment out whenever the memory budget is passed and at the end.
    private func run(_ shared: Shared, step: @escaping @Sendable (Ingestor, inout SegmentBuilder) -> Bool) {
        DispatchQueue.concurrentPerform(iterations: options.threads) { _ in
            let ingestor = Ingestor(options: options.ingest)
            let analyzer = Analyzer(simplification: table)
            var builder = SegmentBuilder(analyzer: analyzer, bigramQueueBits: options.bigramQueueBits)
            do throws(IndexError) {
                while step(ingestor, &builder) {
                    if builder.memoryUse > options.memoryBudget {
                        let written = try write(&builder)
                        shared.withLock { $0.output.segments.append(written) }
                        builder = SegmentBuilder(analyzer: analyzer, bigramQueueBits: options.bigramQueueBits)
                    }
                }
                if !builder.documents.isEmpty {
                    let written = try write(&builder)
                    shared.withLock { $0.output.segments.append(written) }
                }
            } catch {
                shared.withLock { if $0.error == nil { $0.error = error } }
            }
        }
    }

    private func result(_ shared: Shared) throws(IndexError) -> Output {
        let (output, reports, error) = shared.withLock { ($0.output, $0.reports, $0.error) }
        if let error { throw error }
        var sorted = output
        sorted.segments.sort { $0.name < $1.name }
        for report in reports.sorted(by: { $0.file < $1.file }) { sorted.reports.add(report.reports) }
        return sorted
    }

    /// Finishes the builder (in place: no copy of its state) and writes its segment.
    private func write(_ builder: inout SegmentBuilder) throws(IndexError) -> WrittenSegment {
        builder.finish()
        let name = names.withLock { next -> String in
            defer { next += 1 }
            return Manifest.segmentName(next)
        }
        try Disk.write(SegmentWriter.bytes(of: builder), to: folder + "/" + Manifest.segmentFile(name))
        return WrittenSegment(name: name, documents: builder.documents.map { ($0.id, $0.sequence) },
                              paragraphs: builder.paragraphCount)
    }
}

/// Turns a run's new segments and deletions into a new generation.
enum Commit {
    struct Change {
        /// Segment name → documents to delete in it.
        var deletions: [String: Set<Int>]
        var added: [SegmentRun.WrittenSegment]
        /// Documents of earlier generations replaced by the run.
        var replaced: Int
        /// Documents of the run replaced by a later document of the same run.
        var duplicatesInRun: Int
    }

    /// Which documents the new segments replace: an id indexed again replaces the live
    /// document of that id; within the run, the later file (or record) wins.
    static func plan(adding output: SegmentRun.Output, to current: IndexReader?) throws(IndexError) -> Change {
        var change = Change(deletions: [:], added: output.segments, replaced: 0, duplicatesInRun: 0)
        var winners: [String: (segment: String, number: Int, sequence: Int)] = [:]
        for segment in output.segments {
            for (number, document) in segment.documents.enumerated() {
                if let previous = winners[document.id] {
                    change.duplicatesInRun += 1
                    if previous.sequence < document.sequence {
                        change.deletions[previous.segment, default: []].insert(previous.number)
                        winners[document.id] = (segment.name, number, document.sequence)
                    } else {
                        change.deletions[segment.name, default: []].insert(number)
                    }
                } else {
                    winners[document.id] = (segment.name, number, document.sequence)
                }
            }
        }
        for segment in current?.segments ?? [] {
            for number in 0..<segment.reader.documentCount where segment.isLive(number) {
                let id: String
                do { id = try segment.reader.documentID(number) } catch { throw IndexError("segment \(segment.reader.name) is damaged: \(error)") }
                if winners[id] != nil {
                    change.deletions[segment.reader.name, default: []].insert(number)
                    change.replaced += 1
                }
            }
        }
        return change
    }

    /// Writes the tombstone files of `change`, then the manifest of the next generation,
    /// then deletes the files that generation no longer names.
    static func write(_ change: Change, base: Manifest, nextSegment: Int, folder: String) throws(IndexError) -> Manifest {
        var manifest = base
        manifest.generation += 1
        manifest.nextSegment = nextSegment
        manifest.segments.append(contentsOf: change.added.map {
            Manifest.Segment(name: $0.name, documents: $0.documents.count, tombstones: nil)
        })
        var kept: [Manifest.Segment] = []
        for var segment in manifest.segments {
            guard let deleted = change.deletions[segment.name], !deleted.isEmpty else {
                kept.append(segment)
                continue
            }
            var tombstones = try segment.tombstones.map { file throws(IndexError) in
                try Tombstones.read(path: folder + "/" + file, documentCount: segment.documents)
            } ?? Tombstones(documentCount: segment.documents)
            for number in deleted { tombstones.insert(number) }
            if tombstones.count == segment.documents { continue }
            let file = Manifest.tombstoneFile(segment: segment.name, generation: manifest.generation)
            try Disk.write(tombstones.bytes(), to: folder + "/" + file)
            segment.tombstones = file
            kept.append(segment)
        }
        manifest.segments = kept
        try Disk.writeAtomically(manifest.bytes(), to: folder + "/" + Manifest.fileName)
        try IndexWriter.removeLeftovers(in: folder, keeping: manifest)
        return manifest
    }
}
