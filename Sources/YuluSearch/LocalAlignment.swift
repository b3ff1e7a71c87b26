/// Smith–Waterman local alignment with affine gaps (Gotoh) over two unit sequences:
/// the best-scoring pair of passages, unit by unit. Substitutions cost little, an
/// inserted or dropped clause costs one gap opening plus its length, so an edited
/// template paragraph aligns end to end with its original.
///
/// Long pairs are aligned in a band of `bandWidth` diagonals either side of the
/// diagonal their rarer units vote for (where one text sits in the other), so the cost
/// is O(n · band) instead of O(n · m); a pair whose alignment drifts further than that
/// (several long insertions on the same side) loses the part beyond the band.
struct LocalAlignment {
    /// `AlignedText.mayShare` relies on these two: a positive local score means matches
    /// exceed 3/5 of the aligned pairs.
    static let match = 2
    static let mismatch = -3
    static let gapOpen = 5
    static let gapExtend = 1
    static let bandWidth = 48
    /// Pairs with fewer cells than this are aligned in full.
    static let fullAlignmentCells = 16_384

    /// Aligned unit pairs (index in `a`, index in `b`), in order; equal units and substitutions.
    let pairs: [(a: Int, b: Int)]
    /// How many of the pairs hold equal units.
    let matches: Int
    let score: Int

    /// Runs of the alignment without a gap: ([a range], [b range]) in unit indices.
    var spans: [(a: Range<Int>, b: Range<Int>)] {
        var spans: [(a: Range<Int>, b: Range<Int>)] = []
        var start = 0
        for index in pairs.indices {
            let ends = index + 1 == pairs.count || pairs[index + 1].a != pairs[index].a + 1 || pairs[index + 1].b != pairs[index].b + 1
            if ends {
                spans.append((pairs[start].a..<(pairs[index].a + 1), pairs[start].b..<(pairs[index].b + 1)))
                start = index + 1
            }
        }
        return spans
    }

    init(_ a: [UInt64], _ b: [UInt64]) {
        let n = a.count, m = b.count
        guard n > 0, m > 0 else {
            (pairs, matches, score) = ([], 0, 0)
            return
        }
        let diagonal = n * m > Self.fullAlignmentCells ? Self.votedDiagonal(a, b) : nil
        let layout = TraceLayout(columns: m + 1, diagonal: diagonal)
        // Raw buffers: with arrays, bounds and exclusivity checks in the inner loop cost a
        // tenth of `yulu reuse`.
        let trace = UnsafeMutablePointer<UInt8>.allocate(capacity: (n + 1) * layout.width)
        trace.initialize(repeating: 0, count: (n + 1) * layout.width)
        defer { trace.deallocate() }
        // Rows of H (this one and the previous, swapped each row) and the F column values.
        let rows = UnsafeMutablePointer<Int>.allocate(capacity: 2 * (m + 1))
        rows.initialize(repeating: 0, count: 2 * (m + 1))
        defer { rows.deallocate() }
        var h = rows, previous = rows + (m + 1)
        let f = UnsafeMutablePointer<Int>.allocate(capacity: m + 1)
        f.initialize(repeating: Int.min / 2, count: m + 1)
        defer { f.deallocate() }
        var best = 0, bestI = 0, bestJ = 0
        b.withUnsafeBufferPointer { b in
            for i in 1...n {
                swap(&h, &previous)
                var first = 1, last = m
                if let diagonal {
                    first = max(1, i + diagonal - Self.bandWidth)
                    last = min(m, i + diagonal + Self.bandWidth)
                    guard first <= last else {
                        // The band has left the matrix on this row: nothing carries over.
                        h.update(repeating: 0, count: m + 1)
                        continue
                    }
                    // The cell left of the band holds a value from two rows up: neutralise it.
                    // (The band moves right, never left, so the cells right of it, in the
                    // previous row and in F, have never been written.)
                    h[first - 1] = 0
                }
                h[0] = 0
                var e = Int.min / 2
                let unit = a[i - 1]
                let row = trace + layout.rowOffset(i)
                for j in first...last {
                    var bits: UInt8 = 0
                    let openE = h[j - 1] &- Self.gapOpen, extendE = e &- Self.gapExtend
                    if extendE > openE { e = extendE; bits |= 4 } else { e = openE }
                    let openF = previous[j] &- Self.gapOpen, extendF = f[j] &- Self.gapExtend
                    if extendF > openF { f[j] = extendF; bits |= 8 } else { f[j] = openF }
                    let diagonal = previous[j - 1] &+ (unit == b[j - 1] ? Self.match : Self.mismatch)
                    var value = 0
                    if diagonal > value { value = diagonal; bits |= 1 }
                    if e > value { value = e; bits = (bits & ~3) | 2 }
                    if f[j] > value { value = f[j]; bits = (bits & ~3) | 3 }
                    h[j] = value
                    row[j] = bits
                    if value > best { (best, bestI, bestJ) = (value, i, j) }
                }
            }
        }
        var pairs: [(a: Int, b: Int)] = []
        var matches = 0
        var (i, j, state) = (bestI, bestJ, 0)  // state 0: H, 1: E, 2: F
        while i > 0 && j > 0 {
            let bits = layout.index(i, j).map { trace[$0] } ?? 0
            switch state {
            case 0:
                switch bits & 3 {
                case 1:
                    pairs.append((i - 1, j - 1))
                    if a[i - 1] == b[j - 1] { matches += 1 }
                    i -= 1
                    j -= 1
                case 2: state = 1
                case 3: state = 2
                default: i = 0
                }
            case 1:
                state = bits & 4 != 0 ? 1 : 0
                j -= 1
            default:
                state = bits & 8 != 0 ? 2 : 0
                i -= 1
            }
        }
        self.pairs = pairs.reversed()
        self.matches = matches
        score = best
    }

    /// The diagonal (j − i) most pairs of equal units share, counting only units that
    /// occur at most 4 times in `b` (common characters vote everywhere); on a tie, the
    /// diagonal nearest the main one, then the lower.
    static func votedDiagonal(_ a: [UInt64], _ b: [UInt64]) -> Int {
        // b's places, by unit then position: a unit's places are one run, found by binary search.
        let places = b.indices.sorted { (b[$0], $0) < (b[$1], $1) }
        // Votes per diagonal, j − i + (n − 1) ∈ 0 ..< n + m − 1.
        var votes = [Int32](repeating: 0, count: a.count + b.count)
        for (i, unit) in a.enumerated() {
            var low = 0, high = places.count
            while low < high {
                let middle = (low + high) / 2
                if b[places[middle]] < unit { low = middle + 1 } else { high = middle }
            }
            var end = low
            while end < places.count && b[places[end]] == unit && end - low <= 4 { end += 1 }
            guard end - low <= 4 else { continue }
            for place in places[low..<end] { votes[place - i + a.count - 1] += 1 }
        }
        var best: (votes: Int32, diagonal: Int)?
        for (index, count) in votes.enumerated() where count > 0 {
            let diagonal = index - (a.count - 1)
            if best.map({ count > $0.votes || count == $0.votes && abs(diagonal) < abs($0.diagonal) }) ?? true {
                best = (count, diagonal)
            }
        }
        return best?.diagonal ?? 0
    }

    /// The share of the shorter sequence's units that the alignment covers (aligned
    /// unit pairs, substitutions included; gaps are not covered), in [0, 1].
    func similarity(_ a: Int, _ b: Int) -> Double {
        guard min(a, b) > 0 else { return 0 }
        return min(1, Double(pairs.count) / Double(min(a, b)))
    }
}

/// Where each filled cell's traceback bits sit (bits 0–1: H from 0 start, 1 diagonal,
/// 2 E, 3 F; bit 2: E extended; bit 3: F extended). A full alignment keeps whole rows; a
/// banded one keeps only the band's 2 · bandWidth + 1 columns of each row, so its memory
/// grows with the longer text alone.
private struct TraceLayout {
    /// Stored columns per row.
    let width: Int
    /// In a band, row i stores columns from i + bandStart on; nil for whole rows.
    let bandStart: Int?

    init(columns: Int, diagonal: Int?) {
        bandStart = diagonal.map { $0 - LocalAlignment.bandWidth }
        width = diagonal == nil ? columns : 2 * LocalAlignment.bandWidth + 1
    }

    /// Where column 0 of row `i` would sit (the row's stored cells are at
    /// `rowOffset(i) + j`).
    func rowOffset(_ i: Int) -> Int { i * width - (bandStart.map { i + $0 } ?? 0) }

    /// Where cell (i, j) sits, or nil when the band leaves it out (never filled: start).
    func index(_ i: Int, _ j: Int) -> Int? {
        if let bandStart, j < i + bandStart || j >= i + bandStart + width { return nil }
        return rowOffset(i) + j
    }
}
