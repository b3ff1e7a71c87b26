import YuluAnalysis

/// A segment of an open index with its deletions.
public struct LiveSegment: Sendable {
    public let reader: SegmentReader
    let tombstones: Tombstones?
    let tombstoneFile: String?

    /// Whether document `number` is live (not replaced or removed).
    public func isLive(_ number: Int) -> Bool { !(tombstones?.contains(number) ?? false) }

    /// The number of live documents.
    public var liveDocuments: Int { reader.documentCount - (tombstones?.count ?? 0) }

    /// The number of paragraphs in live documents (deleted documents' are counted off).
    public func liveParagraphs() throws(FormatError) -> Int {
        guard let tombstones else { return reader.paragraphCount }
        var deleted = 0
        for number in 0..<reader.documentCount where tombstones.contains(number) {
            deleted += try reader.paragraphRange(ofDocument: number).count
        }
        return reader.paragraphCount - deleted
    }
}

/// Counts that `yulu stats` reports.
public struct IndexStatistics: Sendable {
    public let generation: Int
    public let segments: Int
    public let documents: Int
    public let deletedDocuments: Int
    public let paragraphs: Int
    public let terms: Int
    public let bytesOnDisk: Int
    /// `bytesOnDisk` by what holds it: each segment section summed over the segments
    /// (store, postings, terms, signatures, word counts, documents), then `other` (the
    /// manifest, the simplification table, tombstones, segment headers and footers).
    public let bytesByPart: [(part: String, bytes: Int)]
}

/// An index opened for reading: the segments its manifest names, memory-mapped, with
/// their tombstones and the stored simplification table. Opening reads only the
/// manifest, the table and each segment's footer; it never takes the writer lock.
public final class IndexReader: Sendable {
    public let folder: String
    public let generation: Int
    public let segments: [LiveSegment]
    /// The traditional → simplified table the documents were read with.
    public let simplification: SimplificationTable

    public static func open(folder: String) throws(IndexError) -> IndexReader {
        guard let manifest = try Manifest.read(folder: folder) else {
            throw IndexError.noIndex(at: folder)
        }
        return try IndexReader(folder: folder, manifest: manifest)
    }

    /// The generation the manifest in `folder` names now (nil when there is no index):
    /// a cheap check for a newer index without opening it.
    public static func currentGeneration(folder: String) throws(IndexError) -> Int? {
        try Manifest.read(folder: folder)?.generation
    }

    init(folder: String, manifest: Manifest) throws(IndexError) {
        self.folder = folder
        generation = manifest.generation
        simplification = try StoredTable.read(folder: folder)
        var segments: [LiveSegment] = []
        for entry in manifest.segments {
            let reader = try SegmentReader(path: folder + "/" + Manifest.segmentFile(entry.name), name: entry.name)
            guard reader.documentCount == entry.documents else {
                throw IndexError("segment \(entry.name) holds \(reader.documentCount) documents, the manifest says \(entry.documents)")
            }
            let tombstones = try entry.tombstones.map { file throws(IndexError) in
                try Tombstones.read(path: folder + "/" + file, documentCount: reader.documentCount)
            }
            segments.append(LiveSegment(reader: reader, tombstones: tombstones, tombstoneFile: entry.tombstones))
        }
        self.segments = segments
    }

    /// Live documents in all segments.
    public var documentCount: Int { segments.reduce(0) { $0 + $1.liveDocuments } }

    /// Every live document, segment by segment, in stored order.
    public func forEachDocument(_ body: (_ segment: Int, _ number: Int, StoredDocument) throws -> Void) throws {
        for (index, segment) in segments.enumerated() {
            for number in 0..<segment.reader.documentCount where segment.isLive(number) {
                try body(index, number, try segment.reader.document(number))
            }
        }
    }

    /// Where the live document with `id` is, if any.
    public func find(id: String) throws(FormatError) -> (segment: Int, number: Int)? {
        for (index, segment) in segments.enumerated() {
            if let number = try segment.reader.documentNumbers(id: id).first(where: segment.isLive) { return (index, number) }
        }
        return nil
    }

    /// The live document with `id` and its paragraph texts, or nil.
    public func document(id: String) throws(FormatError) -> (document: StoredDocument, paragraphs: [String])? {
        guard let (segment, number) = try find(id: id) else { return nil }
        let reader = segments[segment].reader
        let document = try reader.document(number)
        return (document, try reader.paragraphs(of: document))
    }

    public func statistics() throws -> IndexStatistics {
        var paragraphs = 0
        for segment in segments { paragraphs += try segment.liveParagraphs() }
        let files = [Manifest.fileName, StoredTable.fileName] + segments.flatMap { segment in
            [Manifest.segmentFile(segment.reader.name)] + (segment.tombstoneFile.map { [$0] } ?? [])
        }
        let bytesOnDisk = files.reduce(0) { $0 + Disk.size(of: folder + "/" + $1) }
        var parts: [(part: String, bytes: Int)] = []
        for (part, bytes) in segments.flatMap(\.reader.sectionBytes) {
            if let index = parts.firstIndex(where: { $0.part == part }) { parts[index].bytes += bytes } else { parts.append((part, bytes)) }
        }
        parts.sort { $0.bytes > $1.bytes }
        parts.append(("other", bytesOnDisk - parts.reduce(0) { $0 + $1.bytes }))
        return IndexStatistics(
            generation: generation, segments: segments.count, documents: documentCount,
            deletedDocuments: segments.reduce(0) { $0 + ($1.tombstones?.count ?? 0) }, paragraphs: paragraphs,
            terms: segments.reduce(0) { $0 + $1.reader.terms.termCount }, bytesOnDisk: bytesOnDisk, bytesByPart: parts)
    }
}
