import Testing
import YuluTestSupport
@testable import YuluAnalysis

@Suite struct MinHashTests {
    /// MinHash's definition, written out plainly: every shingle's hash, each bin's
    /// minimum, and an empty bin walking right (wrapping) to the first filled one.
    static func referenceSignature(_ units: [UInt64]) -> [UInt8]? {
        guard !units.isEmpty else { return nil }
        var shingles: [UInt64] = []
        for start in 0..<max(1, units.count - MinHash.shingleSize + 1) {
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
            for unit in units[start..<min(units.count, start + MinHash.shingleSize)] {
                hash = MinHash.mix(hash ^ unit) &* 0xFF51_AFD7_ED55_8CCD
            }
            shingles.append(MinHash.mix(hash))
        }
        var minima = [UInt64](repeating: .max, count: MinHash.size)
        for hash in shingles {
            let bin = Int(hash >> 58)
            minima[bin] = min(minima[bin], hash & 0x03FF_FFFF_FFFF_FFFF)
        }
        return (0..<MinHash.size).map { bin in
            var source = bin
            var steps: UInt64 = 0
            while minima[source] == .max {
                source = (source + 1) % MinHash.size
                steps += 1
            }
            return UInt8(truncatingIfNeeded: MinHash.mix(minima[source] &+ steps &* 0x9E37_79B9_7F4A_7C15))
        }
    }

    @Test func signaturesEqualTheDefinition() {
        var generator = SplitMix64(seed: 104)
        // Short sequences leave most bins empty (densification); long ones fill them all.
        for length in Array(0...12) + [20, 63, 64, 65, 100, 500] {
            for _ in 0..<20 {
                let units = (0..<length).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) }
                #expect(MinHash.signature(unitHashes: units) == Self.referenceSignature(units), "length \(length)")
                #expect(MinHash.shingleHashes(unitHashes: units).count == (length == 0 ? 0 : max(1, length - 4)))
            }
        }
    }

    @Test func aTextsSignatureComesFromItsUnits() {
        let analysis = Analyzer().analyze("坚持项目为王，构建亲清政商关系。")
        #expect(MinHash.signature(analysis) == Self.referenceSignature(MinHash.unitHashes(analysis)))
        #expect(MinHash.signature(Analyzer().analyze("，。！")) == nil)
    }
}
