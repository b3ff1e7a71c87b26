import Testing
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

    @Test func aFullLevelIsMergedTheLowestFirst() {
        let factor = MergePolicy.factor
        #expect(MergePolicy.nextMerge(sizes: []).isEmpty)
        #expect(MergePolicy.nextMerge(sizes: Array(repeating: 100, count: factor - 1)).isEmpty)
        // One big segment among small ones is left alone.
        let small = Array(repeating: 100, count: factor)
        #expect(MergePolicy.nextMerge(sizes: [200_000] + small) == Array(1...factor))
        // Two full levels: the lower goes first, and takes all its segments.
        let middle = Array(repeating: MergePolicy.floorParagraphs * 2, count: factor)
        #expect(MergePolicy.nextMerge(sizes: middle + small + [5]) == Array(factor...(2 * factor)))
        #expect(MergePolicy.nextMerge(sizes: middle) == Array(0..<factor))
    }
}
