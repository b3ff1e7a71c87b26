/// Set algebra over sorted, duplicate-free lists of paragraph numbers.
enum ParagraphSets {
    static func intersection(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        var result: [Int32] = []
        result.reserveCapacity(small.count)
        var index = 0
        for value in small {
            index = lowerBound(of: value, in: large, from: index)
            guard index < large.count else { break }
            if large[index] == value { result.append(value) }
        }
        return result
    }

    /// The union. When one list is much shorter, its values are placed into the longer
    /// one by galloping, and the runs of the longer list between them are copied whole:
    /// "应当" (118,000 paragraphs) OR a phrase of 700 costs a copy, not a merge step per
    /// paragraph (each of which waits on the last: a third of that OR's time).
    static func union(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        return small.count * gallopingRatio <= large.count ? inserting(small, into: large) : merging(a, b)
    }

    /// How many times longer one list must be than the other for `union` to place the
    /// shorter one's values by galloping rather than merge the two step by step.
    static let gallopingRatio = 8

    /// The union of two lists, merged one value at a time.
    static func merging(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: a.count + b.count) { output, count in
            var k = 0
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    var i = 0, j = 0
                    while i < a.count && j < b.count {
                        let (x, y) = (a[i], b[j])
                        output[k] = min(x, y)
                        k += 1
                        if x <= y { i += 1 }
                        if y <= x { j += 1 }
                    }
                    while i < a.count { output[k] = a[i]; i += 1; k += 1 }
                    while j < b.count { output[k] = b[j]; j += 1; k += 1 }
                }
            }
            count = k
        }
    }

    /// The union of `small` and `large`: each value of `small` found in `large` by
    /// galloping from the last one's place, the stretch of `large` before it copied whole.
    static func inserting(_ small: [Int32], into large: [Int32]) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: small.count + large.count) { output, count in
            var k = 0, copied = 0
            large.withUnsafeBufferPointer { source in
                func copy(upTo end: Int) {
                    let run = end - copied
                    guard run > 0 else { return }
                    (output.baseAddress! + k).initialize(from: source.baseAddress! + copied, count: run)
                    k += run
                    copied = end
                }
                for value in small {
                    let place = lowerBound(of: value, in: large, from: copied)
                    copy(upTo: place)
                    output[k] = value
                    k += 1
                    if place < source.count && source[place] == value { copied = place + 1 }
                }
                copy(upTo: source.count)
            }
            count = k
        }
    }

    static func subtracting(_ b: [Int32], from a: [Int32]) -> [Int32] {
        guard !b.isEmpty else { return a }
        var result: [Int32] = []
        result.reserveCapacity(a.count)
        var j = 0
        for value in a {
            while j < b.count && b[j] < value { j += 1 }
            if j == b.count || b[j] != value { result.append(value) }
        }
        return result
    }

    /// `a` without the paragraphs inside `ranges` (sorted, disjoint).
    static func subtracting(ranges: [Range<Int32>], from a: [Int32]) -> [Int32] {
        guard !ranges.isEmpty else { return a }
        var j = 0
        return a.filter { value in
            while j < ranges.count && ranges[j].upperBound <= value { j += 1 }
            return j == ranges.count || !ranges[j].contains(value)
        }
    }

    /// The first index at or after `start` whose value is not below `value`, galloping
    /// from `start` so a small list walks a large one in O(small · log large).
    static func lowerBound(of value: Int32, in list: [Int32], from start: Int) -> Int {
        var step = 1
        var low = start, high = start
        while high < list.count && list[high] < value {
            low = high + 1
            high += step
            step *= 2
        }
        high = min(high, list.count)
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
