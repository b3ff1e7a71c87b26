import Testing
import YuluTestSupport
@testable import YuluIndex

/// Which segments the log merge policy picks.
@Suite struct MergePolicyTests {
    @Test func levelsAreOrdersOfMagnitudeAboveTheFloor() {
        let floor = MergePolicy.floorParagraphs, factor = MergePolicy.factor
        #expect(MergePolicy.level(ofParagraphs: 0) == 0)
        #expect(MergePolicy.level(ofParagraphs: floor - 1) == 0)
        #expect(MergePolicy.level(ofParagraphs: floor) == 1)
        #expect(MergePolicy.level(ofParagraphs: floor * factor - 1) == 1)
        #expect(MergePolicy.level(ofParagraphs: floor * factor) == 2)
        #expect(MergePolicy.level(ofParagraphs: Int.max) > 10)
    }

    static func whole(_ paragraphs: [Int]) -> [MergePolicy.Size] { paragraphs.map { MergePolicy.Size(live: $0, stored: $0) } }

    @Test func aFullLevelIsMergedTheLowestFirst() {
        let factor = MergePolicy.factor
        #expect(MergePolicy.nextMerge(sizes: []).isEmpty)
        #expect(MergePolicy.nextMerge(sizes: Self.whole(Array(repeating: 100, count: factor - 1))).isEmpty)
        // One big segment among small ones is left alone.
        let small = Array(repeating: 100, count: factor)
        #expect(MergePolicy.nextMerge(sizes: Self.whole([200_000] + small)) == Array(1...factor))
        // Two full levels: the lower goes first, and takes all its segments.
        let middle = Array(repeating: MergePolicy.floorParagraphs * 2, count: factor)
        #expect(MergePolicy.nextMerge(sizes: Self.whole(middle + small + [5])) == Array(factor...(2 * factor)))
        #expect(MergePolicy.nextMerge(sizes: Self.whole(middle)) == Array(0..<factor))
    }

    /// Segments more than half deleted are rewritten before any level is merged; half is not enough.
    @Test func mostlyDeletedSegmentsAreRewrittenFirst() {
        let factor = MergePolicy.factor
        let sizes = Self.whole(Array(repeating: 100, count: factor)) + [MergePolicy.Size(live: 90_000, stored: 180_001),
                                                                         MergePolicy.Size(live: 50, stored: 100)]
        #expect(MergePolicy.nextMerge(sizes: sizes) == [factor])
        #expect(MergePolicy.nextMerge(sizes: [MergePolicy.Size(live: 90_000, stored: 180_000)]).isEmpty)
    }

    /// Indexing most documents of a big segment again rewrites what is left of it, which
    /// no level merge would ever reach: 30 documents of 100 paragraphs in one segment, 20
    /// of them indexed again.
    @Test func replacingMostOfABigSegmentRewritesIt() throws {
        let corpus = try TemporaryFolder("yulu-merge-corpus")
        let folder = try TemporaryFolder()
        func write(_ name: String, ids: Range<Int>, version: Int) throws -> String {
            let text = (0..<100).map { "第\($0)段，坚持项目为王，第\(version)稿" }.joined(separator: "\n")
            return try corpus.writeJSONLines(name, ids.map { ["id": "d\($0)", "text": text] })
        }
        let options = IndexingOptions(threads: 1)
        _ = try IndexWriter.index([try write("first.jsonl", ids: 0..<30, version: 1)], into: folder.path, options: options)
        let first = try IndexReader.open(folder: folder.path)
        #expect(first.segments.count == 1 && first.segments[0].reader.paragraphCount == 3_000)
        #expect(MergePolicy.level(ofParagraphs: 3_000) > 0)

        let summary = try IndexWriter.index([try write("second.jsonl", ids: 0..<20, version: 2)], into: folder.path, options: options)
        #expect(summary.mergedSegments == 1)
        let reader = try IndexReader.open(folder: folder.path)
        #expect(reader.documentCount == 30)
        #expect(reader.segments.allSatisfy { $0.tombstoneFile == nil && (try? $0.liveParagraphs()) == $0.reader.paragraphCount })
        #expect(IndexChecker.problems(in: folder.path).isEmpty)
    }
}
