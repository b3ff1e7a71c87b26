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

    static func union(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        return [Int32](unsafeUninitializedCapacity: a.count + b.count) { output, count in
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
