import Dispatch
import Foundation
import Synchronization
import YuluAnalysis
import YuluIngest

/// How an indexing run goes.
public struct IndexingOptions: Sendable {
    public var ingest: IngestOptions
    /// Indexing threads, each with its own analyser and segment.
    public var threads: Int
    /// Bytes a thread's segment may hold in memory before it is written out.
    public var memoryBudget: Int
    /// Bigram occurrences are queued 2^bigramQueueBits at a time (tests use small queues).
    var bigramQueueBits = 18
    /// Whether `index` merges segments of like size after adding its own (`MergePolicy`).
    public var mergesSegments = true

    public init(ingest: IngestOptions = IngestOptions(), threads: Int = 2, memoryBudget: Int = 256 << 20) {
        self.ingest = ingest
        self.threads = max(1, threads)
        self.memoryBudget = memoryBudget
    }
}

/// Where an indexing run has got to.
public struct IndexingProgress: Sendable {
    public var filesDone = 0
    public var filesTotal = 0
    public var bytesDone = 0
    public var bytesTotal = 0
    public var documents = 0
    public var paragraphs = 0
    /// Once the files are in: the segments and live paragraphs a merge is rewriting.
    public var merging: (segments: Int, paragraphs: Int)?
}

/// What an indexing run did.
public struct IndexingSummary: Sendable {
    public let documents: Int
    public let paragraphs: Int
    /// Documents of earlier runs that this run replaced (same id).
    public let replaced: Int
    /// Files not read, read after repairs (see `TextDecoding`), or read doubtfully.
    public let reports: InputReports
    public let segments: [String]
    /// Segments merged after the run's were added (see `MergePolicy`).
    public let mergedSegments: Int
    public let generation: Int
}

/// Changes an index: adds files, removes documents, merges segments. Every change takes
/// the writer lock, removes what a dead writer left, writes new immutable files, and
/// commits by replacing the manifest atomically.
public enum IndexWriter {
    /// Ingests `paths` and adds their documents, replacing documents with the same id.
    public static func index(_ paths: [String], into folder: String, options: IndexingOptions = IndexingOptions(),
                             progress: @escaping @Sendable (IndexingProgress) -> Void = { _ in }) throws(IndexError) -> IndexingSummary {
        try index(paths.map(InputPath.init), into: folder, options: options, progress: progress)
    }

    /// `index` of paths as the file system names them (see `InputPath`).
    public static func index(_ paths: [InputPath], into folder: String, options: IndexingOptions = IndexingOptions(),
                             progress: @escaping @Sendable (IndexingProgress) -> Void = { _ in }) throws(IndexError) -> IndexingSummary {
        try Disk.createFolder(folder)
        let lock = try WriterLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        let manifest = try Manifest.read(folder: folder)
        try removeLeftovers(in: folder, keeping: manifest)
        let table: SimplificationTable
        if manifest == nil {
            table = .shared
            try Disk.writeAtomically(StoredTable.bytes(table), to: folder + "/" + StoredTable.fileName)
        } else {
            table = try StoredTable.read(folder: folder)
        }
        let current = try manifest.map { manifest throws(IndexError) in try IndexReader(folder: folder, manifest: manifest) }

        let (files, unreadable) = Ingestor.inputFiles(paths)
        let run = SegmentRun(folder: folder, firstName: manifest?.nextSegment ?? 1, options: options, table: table)
        let written = try run.build(files: files, progress: progress)

        let change = try Commit.plan(adding: written, to: current)
        // A run that adds no document to an existing index changes nothing: its
        // generation stays (a server does not reload, nothing is merged).
        let changes = manifest == nil || !written.segments.isEmpty
        var committed: Manifest
        if let manifest, !changes {
            committed = manifest
        } else {
            committed = try Commit.write(change, base: manifest ?? Manifest(), nextSegment: run.nextName, folder: folder)
        }
        var merged = 0
        while options.mergesSegments && changes {
            let reader = try IndexReader(folder: folder, manifest: committed)
            let sizes: [MergePolicy.Size]
            do {
                sizes = try reader.segments.map { segment throws(FormatError) in
                    MergePolicy.Size(live: try segment.liveParagraphs(), stored: segment.reader.paragraphCount)
                }
            } catch {
                throw IndexError("cannot read the index to merge it: \(error)")
            }
            let chosen = MergePolicy.nextMerge(sizes: sizes)
            guard !chosen.isEmpty else { break }
            var note = IndexingProgress()
            note.merging = (chosen.count, chosen.reduce(0) { $0 + sizes[$1].live })
            progress(note)
            committed = try rewrite(chosen, of: reader, manifest: committed, options: options)
            merged += chosen.count
        }
        var reports = InputReports(skipped: unreadable)
        reports.add(written.reports)
        return IndexingSummary(
            documents: written.segments.reduce(0) { $0 + $1.documents.count } - change.duplicatesInRun,
            paragraphs: written.segments.reduce(0) { $0 + $1.paragraphs }, replaced: change.replaced,
            reports: reports, segments: written.segments.map(\.name), mergedSegments: merged, generation: committed.generation)
    }

    /// Removes the documents with these ids; returns the ids that were not in the index
    /// (each once, in the order given).
    public static func remove(_ ids: [String], from folder: String) throws(IndexError) -> [String] {
        let (lock, manifest, current) = try openExisting(folder)
        defer { withExtendedLifetime(lock) {} }
        var deletions: [String: Set<Int>] = [:]
        var missing: [String] = []
        var seen = Set<String>()
        for id in ids where seen.insert(id).inserted {
            do {
                if let (segment, number) = try current.find(id: id) {
                    deletions[current.segments[segment].reader.name, default: []].insert(number)
                } else {
                    missing.append(id)
                }
            } catch {
                throw IndexError("segment is damaged: \(error)")
            }
        }
        if !deletions.isEmpty {
            _ = try Commit.write(Commit.Change(deletions: deletions, added: [], replaced: 0, duplicatesInRun: 0),
                                 base: manifest, nextSegment: manifest.nextSegment, folder: folder)
        }
        return missing
    }

    /// Rewrites the live documents into new segments and drops every deleted one.
    public static func optimize(_ folder: String, options: IndexingOptions = IndexingOptions()) throws(IndexError) -> Int {
        let (lock, manifest, current) = try openExisting(folder)
        defer { withExtendedLifetime(lock) {} }
        _ = try rewrite(Array(current.segments.indices), of: current, manifest: manifest, options: options)
        return current.documentCount
    }

    /// Merges the live documents of segments `chosen` of `current` (the generation
    /// `manifest` names) into new segments and commits the generation that has those in
    /// their place. A merge of fewer than `oneThreadBelow` paragraphs runs on one thread,
    /// so that it gives one segment.
    private static func rewrite(_ chosen: [Int], of current: IndexReader, manifest: Manifest,
                                options: IndexingOptions) throws(IndexError) -> Manifest {
        var documents: [Document] = []
        do {
            for index in chosen {
                let segment = current.segments[index]
                for number in 0..<segment.reader.documentCount where segment.isLive(number) {
                    let stored = try segment.reader.document(number)
                    documents.append(Document(id: stored.id, fields: stored.fields, paragraphs: try segment.reader.paragraphs(of: stored)))
                }
            }
        } catch {
            throw IndexError("cannot read the index to merge it: \(error)")
        }
        var options = options
        if documents.reduce(0, { $0 + $1.paragraphs.count }) < oneThreadBelow { options.threads = 1 }
        let run = SegmentRun(folder: current.folder, firstName: manifest.nextSegment, options: options, table: current.simplification)
        let written = try run.build(documents: documents)
        let replaced = Set(chosen.map { current.segments[$0].reader.name })
        var base = manifest
        base.segments.removeAll { replaced.contains($0.name) }
        return try Commit.write(Commit.Change(deletions: [:], added: written.segments, replaced: 0, duplicatesInRun: 0),
                                base: base, nextSegment: run.nextName, folder: current.folder)
    }

    /// Merges smaller than this many paragraphs run on one thread.
    static let oneThreadBelow = 100_000

    /// Takes the writer lock on an existing index, removes a dead writer's leftovers, and
    /// opens the current generation.
    /// A folder without a manifest is refused before the lock file is made in it.
    private static func openExisting(_ folder: String) throws(IndexError) -> (WriterLock, Manifest, IndexReader) {
        guard Disk.exists(folder + "/" + Manifest.fileName) else { throw IndexError.noIndex(at: folder) }
        let lock = try WriterLock(folder: folder)
        guard let manifest = try Manifest.read(folder: folder) else { throw IndexError.noIndex(at: folder) }
        try removeLeftovers(in: folder, keeping: manifest)
        return (lock, manifest, try IndexReader(folder: folder, manifest: manifest))
    }

    /// Deletes files a writer left behind: segment, tombstone and temporary files that
    /// the manifest does not name. Other files (FORMAT.md, anything else) are left alone.
    static func removeLeftovers(in folder: String, keeping manifest: Manifest?) throws(IndexError) {
        var referenced: Set<String> = [Manifest.fileName, StoredTable.fileName, "LOCK"]
        for segment in manifest?.segments ?? [] {
            referenced.insert(Manifest.segmentFile(segment.name))
            if let tombstones = segment.tombstones { referenced.insert(tombstones) }
        }
        for name in Disk.names(in: folder) where !referenced.contains(name) {
            let ours = name.hasSuffix(".yseg") || name.hasSuffix(".del") || name.contains(".tmp-")
            if ours { unlink(folder + "/" + name) }
        }
    }
}
