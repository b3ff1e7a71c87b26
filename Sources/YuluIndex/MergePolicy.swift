/// Which segments `yulu index` merges after adding its own, so that an index grown a
/// file at a time (a scraper adding each new speech) stays a handful of segments instead
/// of one per run: every query and every `similar` visits every segment, and 300
/// one-file segments made counts 30 times slower than 2 segments with the same text.
///
/// Log-structured, as Lucene's and Tantivy's log merge policies: a segment's level is the
/// order of magnitude, base `factor`, of its live paragraphs (everything under
/// `floorParagraphs` is level 0); when some level holds `factor` segments, they are merged
/// into one, which lands a level up. Each paragraph is thus rewritten about once per
/// level, and a level-0 merge re-analyses at most `factor × floorParagraphs` paragraphs.
///
/// Segments more than half of whose paragraphs belong to replaced or removed documents
/// are rewritten first, apart from the levels: indexing half a corpus again would
/// otherwise leave its big segments half dead for good (no level above them fills up),
/// holding disk and counting in BM25's statistics.
public enum MergePolicy {
    /// Segments of one level that trigger a merge.
    public static let factor = 8
    /// Segments below this many live paragraphs are all of level 0.
    public static let floorParagraphs = 2_000

    /// The level of a segment with `paragraphs` live paragraphs.
    public static func level(ofParagraphs paragraphs: Int) -> Int {
        var level = 0
        var bound = floorParagraphs
        while paragraphs >= bound {
            level += 1
            let (next, overflow) = bound.multipliedReportingOverflow(by: factor)
            if overflow { break }
            bound = next
        }
        return level
    }

    /// A segment's size: the paragraphs of its live documents, and all the paragraphs it stores.
    public struct Size: Sendable {
        public let live: Int
        public let stored: Int

        public init(live: Int, stored: Int) {
            self.live = live
            self.stored = stored
        }

        /// Whether more than half of its paragraphs are replaced or removed.
        var isMostlyDeleted: Bool { live * 2 < stored }
    }

    /// The positions in `sizes` of the segments to merge next: those mostly deleted, if
    /// any; else every segment of the lowest level that holds `factor` or more; none when
    /// neither.
    public static func nextMerge(sizes: [Size]) -> [Int] {
        let mostlyDeleted = sizes.indices.filter { sizes[$0].isMostlyDeleted }
        guard mostlyDeleted.isEmpty else { return mostlyDeleted }
        var byLevel: [Int: [Int]] = [:]
        for (position, size) in sizes.enumerated() { byLevel[level(ofParagraphs: size.live), default: []].append(position) }
        guard let level = byLevel.keys.sorted().first(where: { byLevel[$0]!.count >= factor }) else { return [] }
        return byLevel[level]!
    }
}
