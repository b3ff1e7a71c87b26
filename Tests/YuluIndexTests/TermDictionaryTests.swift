import Testing
import YuluTestSupport
@testable import YuluIndex

/// The dictionary's lookup (which scans a block without rebuilding its terms) and
/// prefix walk against a sorted model: random terms over a small alphabet, so that
/// many are prefixes of others and many share long prefixes across block boundaries.
/// Long terms over {0, a} make many blocks share their first eight bytes (the blocks'
/// search keys, padded with zeros) and put zero bytes where the padding is. Over 2,000
/// lookups per dictionary: the first ones search the blocks' first terms alone, the
/// later ones (after `BlockKeys.lookupsBefore`) through the keys, so both are checked.
@Suite struct TermDictionaryTests {
    @Test(arguments: [0, 1, 15, 16, 17, 1_000], [false, true])
    func lookupsAndPrefixWalksAgreeWithTheModel(count: Int, longTerms: Bool) throws {
        var random = SplitMix64(seed: UInt64(count) + 7)
        func randomTerm() -> [UInt8] {
            longTerms ? (0..<(1 + Int(random.next() % 14))).map { _ in random.next() % 2 == 0 ? 0 : 97 }
                : (0..<(1 + Int(random.next() % 6))).map { _ in UInt8(97 + random.next() % 3) }
        }
        var model: [[UInt8]: TermInfo] = [:]
        while model.count < count {
            let term = randomTerm()
            model[term] = TermInfo(paragraphCount: model.count + 1, postings: (model.count * 10)..<(model.count * 10 + 7))
        }
        let sorted = model.keys.sorted { $0.lexicographicallyPrecedes($1) }
        var writer = TermDictionaryWriter()
        for term in sorted { writer.add(term, model[term]!) }
        let bytes = writer.bytes()
        try bytes.withUnsafeBytes { section in
            let reader = try TermDictionaryReader(section: section, version: SegmentFormat.version)
            #expect(reader.termCount == count)
            for term in sorted { #expect(try reader.lookup(term) == model[term], "\(term)") }
            for _ in 0..<2_000 {
                let probe = randomTerm() + (random.next() % 4 == 0 ? [UInt8(96 + random.next() % 5)] : [])
                #expect(try reader.lookup(probe) == model[probe], "\(probe)")
            }
            #expect(try reader.lookup([]) == nil)
            for prefix in [[], [97], [98, 99], [99, 99, 99]] as [[UInt8]] {
                var walked: [[UInt8]] = []
                try reader.forEach(prefix: prefix) { term, info throws(FormatError) in
                    #expect(info == model[term])
                    walked.append(term)
                }
                #expect(walked == sorted.filter { $0.starts(with: prefix) }, "prefix \(prefix)")
            }
        }
    }
}
