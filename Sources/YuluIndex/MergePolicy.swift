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

    /// The positions in `sizes` (live paragraphs per segment) of the segments to merge
    /// next: every segment of the lowest level that holds `factor` or more; none when no
    /// level does.
    public static func nextMerge(sizes: [Int]) -> [Int] {
        var byLevel: [Int: [Int]] = [:]
        for (position, size) in sizes.enumerated() { byLevel[level(ofParagraphs: size), default: []].append(position) }
        guard let level = byLevel.keys.sorted().first(where: { byLevel[$0]!.count >= factor }) else { return [] }
        return byLevel[level]!
    }
}
