import CZlib
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

    /// Inflate streams are reused between blocks: after damaged blocks (cut short, bytes
    /// flipped, garbage) and after zlib-format blocks (version 1 and 2 segments, another
    /// window setting), a good block still inflates byte for byte, whole or in part.
    @Test func reusedStreamsForgetWhatCameBefore() throws {
        var random = SplitMix64(seed: 4)
        let text = Self.utf16(String(repeating: Self.sentence, count: 200))
        let dictionary = Array(text.prefix(16 * 1024))
        let encoder = DeflateEncoder(dictionary: dictionary)
        func zlibFormat(_ input: [UInt8]) -> [UInt8] {
            var length = compressBound(uLong(input.count))
            var output = [UInt8](repeating: 0, count: Int(length))
            #expect(compress2(&output, &length, input, uLong(input.count), 6) == Z_OK)
            return Array(output.prefix(Int(length)))
        }
        for round in 0..<300 {
            let start = Int(random.next() % 10_000)
            let input = Array(text[start..<(start + 1 + Int(random.next() % 3_000))])
            var block = encoder.compress(input)
            switch round % 4 {
            case 0: block = Array(block.prefix(Int(random.next() % UInt64(block.count))))
            case 1: block[Int(random.next() % UInt64(block.count))] ^= UInt8(1 + random.next() % 255)
            case 2: block = (0..<(1 + random.next() % 200)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            default:
                let zlib = zlibFormat(input)
                #expect(try zlib.withUnsafeBytes { try Deflate.decompress($0, dictionary: nil, expectedLength: input.count) } == input)
            }
            _ = try? block.withUnsafeBytes { block in
                try dictionary.withUnsafeBytes { try Deflate.decompress(block, dictionary: $0, expectedLength: input.count) }
            }
            #expect(try Self.roundTrip(input, dictionary: dictionary, encoder: encoder) == input, "round \(round)")
            let prefix = try encoder.compress(input).withUnsafeBytes { block in
                try dictionary.withUnsafeBytes { try Deflate.decompress(block, dictionary: $0, expectedLength: input.count) { $0.count >= 10 } }
            }
            #expect(prefix.count >= min(10, input.count) && Array(input.prefix(prefix.count)) == prefix, "round \(round)")
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
