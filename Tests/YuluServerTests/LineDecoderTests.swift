import NIOCore
import NIOEmbedded
import Testing
import YuluTestSupport
@testable import YuluServer

/// The line decoder against a direct split of the whole stream: however the stream is
/// cut into reads, the same lines and over-long notices come out, in order.
@Suite struct LineDecoderTests {
    /// What the decoder should hand on for `stream`, read whole: each LF-terminated line
    /// (a CR before the LF removed) or, when longer than `limit` bytes with its CR, one
    /// notice; a last line without LF as it is, unless it is over the limit.
    static func expected(_ stream: [UInt8], limit: Int) -> [String] {
        var result: [String] = []
        var start = 0
        for (index, byte) in stream.enumerated() where byte == UInt8(ascii: "\n") {
            var line = Array(stream[start..<index])
            start = index + 1
            guard line.count <= limit else {
                result.append("<too long>")
                continue
            }
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            result.append(String(decoding: line, as: UTF8.self))
        }
        if start < stream.count {
            result.append(stream.count - start <= limit ? String(decoding: stream[start...], as: UTF8.self) : "<too long>")
        }
        return result
    }

    /// The decoder's output for `stream` fed in reads of the given sizes, then closed.
    static func decoded(_ stream: [UInt8], limit: Int, reads: [Int]) throws -> [String] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(LineDecoder(maximumLength: limit)))
        var offset = 0
        for size in reads where offset < stream.count {
            let end = min(stream.count, offset + size)
            try channel.writeInbound(channel.allocator.buffer(bytes: stream[offset..<end]))
            offset = end
        }
        _ = try channel.finish()
        var result: [String] = []
        while let line = try channel.readInbound(as: InboundLine.self) {
            switch line {
            case .line(let buffer): result.append(String(buffer: buffer))
            case .tooLong: result.append("<too long>")
            }
        }
        return result
    }

    @Test func anyCuttingOfTheStreamGivesTheSameLines() throws {
        var random = SplitMix64(seed: 21)
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let pieces: [[UInt8]] = [Array("PING".utf8), Array("项目".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8),
                                 Array("x".utf8), Array(repeating: UInt8(ascii: "a"), count: 9), Array("{\"cmd\":\"ping\"}".utf8)]
        var notices = 0
        for _ in 0..<1_000 {
            let stream = (0..<below(30)).flatMap { _ in pieces[below(pieces.count)] }
            let limit = 1 + below(24)
            let expected = Self.expected(stream, limit: limit)
            notices += expected.count { $0 == "<too long>" }
            let reads = (0..<stream.count).map { _ in 1 + below(below(2) == 0 ? 3 : 40) }
            #expect(try Self.decoded(stream, limit: limit, reads: reads) == expected,
                    "\(String(decoding: stream, as: UTF8.self).debugDescription), limit \(limit), reads \(reads.prefix(12))")
        }
        #expect(notices > 100)
    }
}
