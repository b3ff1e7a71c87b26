import Testing
import YuluTestSupport
@testable import YuluIndex

@Suite struct DeflateEncoderTests {
    static let sentence = "坚持项目为王，全年实施重点项目80个，完成投资150亿元。持续优化营商环境，构建亲清政商关系。"

    static func utf16(_ text: String) -> [UInt8] { text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] } }

    /// What zlib's inflate, primed with the same dictionary, makes of the encoder's block.
    static func roundTrip(_ input: [UInt8], dictionary: [UInt8], encoder: DeflateEncoder) throws -> [UInt8] {
        let compressed = encoder.compress(input)
        return try compressed.withUnsafeBytes { block in
            try dictionary.withUnsafeBytes { dictionary in
                try Deflate.decompress(block, dictionary: dictionary, expectedLength: input.count)
            }
        }
    }

    /// Every kind of block comes back byte for byte through zlib: empty and one-byte
    /// blocks, random bytes (no matches), long runs (matches of 258 and overlapping
    /// copies), text that repeats the dictionary (matches into it, near the 32 KiB
    /// limit when the block is long), edited text, and blocks far longer than the window.
    @Test func blocksInflateBackThroughZlib() throws {
        var random = SplitMix64(seed: 3)
        func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) } }
        let text = Self.utf16(String(repeating: Self.sentence, count: 400))
        let dictionaries: [[UInt8]] = [[], bytes(100), Array(text.prefix(16 * 1024))]
        for dictionary in dictionaries {
            let encoder = DeflateEncoder(dictionary: dictionary)
            var inputs: [[UInt8]] = [[], [7], [1, 2, 3], bytes(5), bytes(3_000), [UInt8](repeating: 9, count: 300),
                                     [UInt8](repeating: 0, count: 70_000), Array(text[1_000..<3_500]), Array(text.prefix(40_000)),
                                     Array(dictionary.suffix(2_000)) + bytes(50) + Array(dictionary.prefix(3_000))]
            for _ in 0..<40 {
                var edited = Array(text[Int(random.next() % 10_000)..<(10_000 + Int(random.next() % 20_000))])
                for _ in 0..<Int(random.next() % 50) { edited[Int(random.next() % UInt64(edited.count))] = UInt8(truncatingIfNeeded: random.next()) }
                inputs.append(edited)
                inputs.append(bytes(Int(random.next() % 600)) + Array(text.prefix(Int(random.next() % 3_000))))
            }
            for input in inputs {
                #expect(try Self.roundTrip(input, dictionary: dictionary, encoder: encoder) == input,
                        "\(input.count) bytes, dictionary \(dictionary.count)")
            }
        }
    }

    /// Skewed counts (Fibonacci numbers make the deepest Huffman trees) still give codes
    /// within the length limit that are complete (Kraft sum exactly 1), as inflate requires.
    @Test func huffmanCodesAreCompleteAndWithinTheirLimit() {
        var fibonacci = [1, 1]
        while fibonacci.count < 40 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        let cases: [([Int], Int)] = [
            (Array(fibonacci.prefix(30)) + [Int](repeating: 0, count: 256), 15),
            (Array(fibonacci.prefix(19)), 7),
            ([0, 0, 5, 0], 15),
            ([3, 3], 7),
            ((0..<286).map { $0 % 7 == 0 ? 0 : 1 + $0 % 13 }, 15),
        ]
        for (counts, limit) in cases {
            let lengths = HuffmanCode(counts: counts, limit: limit).lengths
            #expect(lengths.allSatisfy { Int($0) <= limit })
            #expect(zip(counts, lengths).allSatisfy { $0 == 0 || $1 > 0 }, "every used symbol has a code")
            let kraft = lengths.filter { $0 > 0 }.reduce(0.0) { $0 + 1 / Double(1 << Int($1)) }
            #expect(kraft == 1, "\(counts.prefix(8))…: Kraft sum \(kraft)")
        }
    }
}
