/// MinHash signatures of a paragraph's 5-unit shingles, for finding near-duplicates
/// (template paragraphs reused across speeches). Units are normalised, and breaks are
/// skipped, so traditional/simplified and punctuation variants give the same shingles.
///
/// One-permutation hashing: each shingle's 64-bit hash picks one of `size` bins by its
/// top bits and competes for that bin's minimum; empty bins borrow from the next bin
/// to the right (rotation densification), so one pass gives all `size` values. A
/// signature keeps one byte of each minimum (b-bit MinHash, b = 8): two paragraphs
/// agree on a byte with probability J + (1 − J)/256 for Jaccard similarity J.
public enum MinHash {
    /// Units per shingle.
    public static let shingleSize = 5
    /// Values per signature (bytes).
    public static let size = 64

    /// The 64-bit hash of each unit of the analysis, in order (breaks skipped).
    public static func unitHashes(_ analysis: Analysis) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(analysis.tokens.count)
        analysis.normalized.withUnsafeBufferPointer { text in
            for token in analysis.tokens where token.kind == .unit {
                var hash: UInt64 = 0xCBF2_9CE4_8422_2325
                for index in Int(token.normalized.lowerBound)..<Int(token.normalized.upperBound) {
                    hash = (hash ^ UInt64(text[index])) &* 0x0000_0100_0000_01B3
                }
                hashes.append(mix(hash))
            }
        }
        return hashes
    }

    /// The 64-bit hash of every shingle (`shingleSize` consecutive units) of a sequence of
    /// unit hashes; a sequence shorter than a shingle is one shingle.
    public static func shingleHashes(unitHashes units: [UInt64]) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(max(1, units.count - shingleSize + 1))
        forEachShingleHash(units) { hashes.append($0) }
        return hashes
    }

    /// Calls `body` with each shingle hash of `shingleHashes(unitHashes:)`, in order.
    @inline(__always)
    private static func forEachShingleHash(_ units: [UInt64], _ body: (UInt64) -> Void) {
        units.withUnsafeBufferPointer { units in
            guard !units.isEmpty else { return }
            for start in 0..<max(1, units.count - shingleSize + 1) { body(shingleHash(units, from: start)) }
        }
    }

    private static let shingleSeed: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let shingleStep: UInt64 = 0xFF51_AFD7_ED55_8CCD

    /// The hash of the shingle starting at `start` (shorter at the end of a sequence
    /// shorter than a shingle).
    @inline(__always)
    private static func shingleHash(_ units: UnsafeBufferPointer<UInt64>, from start: Int) -> UInt64 {
        var hash = shingleSeed
        for index in start..<min(units.count, start + shingleSize) {
            hash = mix(hash ^ units[index]) &* shingleStep
        }
        return mix(hash)
    }

    /// The signature of a sequence of unit hashes, or nil when it has no unit.
    public static func signature(unitHashes units: [UInt64]) -> [UInt8]? {
        guard !units.isEmpty else { return nil }
        var minima = [UInt64](repeating: .max, count: size)
        minima.withUnsafeMutableBufferPointer { minima in
            @inline(__always) func take(_ hash: UInt64) {
                let bin = Int(hash >> 58)  // top 6 bits: 64 bins
                let value = hash & 0x03FF_FFFF_FFFF_FFFF
                if value < minima[bin] { minima[bin] = value }
            }
            units.withUnsafeBufferPointer { units in
                // Four shingles at a time: their hash chains are independent, so the
                // processor overlaps them instead of waiting on one chain's multiplies.
                // The minima do not depend on the order shingles come in.
                var start = 0
                while start + shingleSize + 3 <= units.count {
                    var (h0, h1, h2, h3) = (shingleSeed, shingleSeed, shingleSeed, shingleSeed)
                    for offset in 0..<shingleSize {
                        let at = start + offset
                        h0 = mix(h0 ^ units[at]) &* shingleStep
                        h1 = mix(h1 ^ units[at + 1]) &* shingleStep
                        h2 = mix(h2 ^ units[at + 2]) &* shingleStep
                        h3 = mix(h3 ^ units[at + 3]) &* shingleStep
                    }
                    take(mix(h0))
                    take(mix(h1))
                    take(mix(h2))
                    take(mix(h3))
                    start += 4
                }
                // The rest one at a time, over the same range as `forEachShingleHash`
                // (a sequence shorter than a shingle is one shingle).
                for first in start..<max(1, units.count - shingleSize + 1) { take(shingleHash(units, from: first)) }
            }
        }
        // An empty bin borrows from the first filled bin at or after it, wrapping around,
        // and counts the steps it took to get there.
        let firstFilled = minima.firstIndex { $0 != .max }!
        var nextFilled = firstFilled + size
        var signature = [UInt8](repeating: 0, count: size)
        for bin in (0..<size).reversed() {
            if minima[bin] != .max { nextFilled = bin }
            let steps = UInt64(nextFilled - bin)
            signature[bin] = UInt8(truncatingIfNeeded: mix(minima[nextFilled % size] &+ steps &* 0x9E37_79B9_7F4A_7C15))
        }
        return signature
    }

    /// The signature of a text's analysis (nil when it has no unit).
    public static func signature(_ analysis: Analysis) -> [UInt8]? { signature(unitHashes: unitHashes(analysis)) }

    /// The share of equal bytes, corrected for chance agreement: an estimate of the
    /// Jaccard similarity of the two shingle sets.
    public static func estimatedJaccard(_ a: [UInt8], _ b: [UInt8]) -> Double {
        let equal = Double(zip(a, b).filter { $0 == $1 }.count) / Double(size)
        return max(0, (equal - 1.0 / 256) / (1 - 1.0 / 256))
    }

    /// A 64-bit finaliser (splitmix64's).
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
