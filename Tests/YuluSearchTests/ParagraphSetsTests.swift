import Testing
import YuluTestSupport
@testable import YuluSearch

/// Set algebra over sorted paragraph lists against `Set` on random lists, from equal
/// lengths to one list hundreds of times longer (where `union` gallops), with values
/// shared, adjacent and at both ends.
@Suite struct ParagraphSetsTests {
    static func randomList(count: Int, below limit: Int32, _ random: inout SplitMix64) -> [Int32] {
        var values = Set<Int32>()
        while values.count < min(count, Int(limit)) { values.insert(Int32(random.next() % UInt64(limit))) }
        return values.sorted()
    }

    @Test func algebraEqualsSetAlgebra() {
        var random = SplitMix64(seed: 41)
        for trial in 0..<400 {
            let limit = Int32(1 + random.next() % 5_000)
            let first = Self.randomList(count: Int(random.next() % 400), below: limit, &random)
            let second = Self.randomList(count: trial % 4 == 0 ? Int(random.next() % 4) : Int(random.next() % 3_000), below: limit, &random)
            let (a, b) = (Set(first), Set(second))
            #expect(ParagraphSets.union(first, second) == a.union(b).sorted())
            #expect(ParagraphSets.union(second, first) == a.union(b).sorted())
            #expect(ParagraphSets.intersection(first, second) == a.intersection(b).sorted())
            #expect(ParagraphSets.subtracting(second, from: first) == a.subtracting(b).sorted())
        }
    }

    /// Both ways of taking a union agree wherever `union` would choose either.
    @Test func insertingEqualsMerging() {
        var random = SplitMix64(seed: 42)
        for _ in 0..<300 {
            let limit = Int32(1 + random.next() % 20_000)
            let large = Self.randomList(count: Int(random.next() % 10_000), below: limit, &random)
            let small = Self.randomList(count: Int(random.next() % 60), below: limit, &random)
            #expect(ParagraphSets.inserting(small, into: large) == ParagraphSets.merging(small, large))
        }
        #expect(ParagraphSets.inserting([0, 9], into: [0, 1, 2, 9]) == [0, 1, 2, 9])
        #expect(ParagraphSets.inserting([10, 11], into: [0, 1, 2, 9]) == [0, 1, 2, 9, 10, 11])
        #expect(ParagraphSets.inserting([-1], into: [0]) == [-1, 0])
    }
}
