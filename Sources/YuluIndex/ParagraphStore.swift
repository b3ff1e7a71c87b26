import Synchronization

/// Writes paragraph texts into deflate-compressed blocks of about 16 KiB, so a reader
/// inflates one small block to reach any paragraph.
struct ParagraphStoreWriter {
    struct Block {
        let firstParagraph: UInt32
        let rawLength: UInt32
        let compressed: [UInt8]
    }

    static let blockSize = 32 * 1024

    private(set) var blocks: [Block] = []
    private var current = ByteWriter(capacity: blockSize + 1024)
    private var currentFirst: UInt32 = 0
    private var paragraphs: UInt32 = 0
    private(set) var compressedBytes = 0

    var memoryUse: Int { compressedBytes + blocks.count * 48 + current.count }

    mutating func add(_ text: String) {
        current.appendString(text)
        paragraphs += 1
        if current.count >= Self.blockSize { closeBlock() }
    }

    mutating func finish() -> [Block] {
        closeBlock()
        return blocks
    }

    private mutating func closeBlock() {
        guard current.count > 0 else { return }
        let compressed = Deflate.compress(current.bytes, level: 1)
        compressedBytes += compressed.count
        blocks.append(Block(firstParagraph: currentFirst, rawLength: UInt32(current.count), compressed: compressed))
        current = ByteWriter(capacity: Self.blockSize + 1024)
        currentFirst = paragraphs
    }
}

/// Reads paragraph texts from a segment's store section: binary search of the block
/// index, inflate one block, walk to the paragraph. Remembers the last block inflated
/// (behind a lock, so one reader serves many threads).
final class ParagraphStoreReader: @unchecked Sendable {
    private let section: UnsafeRawBufferPointer
    private let blockCount: Int
    private let paragraphCount: Int
    private let lastInflated = Mutex<(block: Int, paragraphs: [String])>((-1, []))

    /// Section layout: u32 block count, u32 paragraph count, then per block
    /// (u32 first paragraph, u64 offset, u32 compressed length, u32 raw length), then the blocks.
    init(section: UnsafeRawBufferPointer) throws(FormatError) {
        self.section = section
        var reader = ByteReader(section)
        blockCount = Int(try reader.readUInt32())
        paragraphCount = Int(try reader.readUInt32())
        guard 8 + blockCount * 20 <= section.count else { throw FormatError("paragraph store index runs past its section") }
    }

    private func entry(_ block: Int) throws(FormatError) -> (first: Int, offset: Int, compressed: Int, raw: Int) {
        var reader = ByteReader(section, offset: 8 + block * 20)
        return (Int(try reader.readUInt32()), Int(try reader.readUInt64()), Int(try reader.readUInt32()),
                Int(try reader.readUInt32()))
    }

    /// The text of paragraph `number` (0-based within the segment).
    func text(of number: Int) throws(FormatError) -> String {
        guard number >= 0 && number < paragraphCount else { throw FormatError("paragraph \(number) out of range") }
        var low = 0, high = blockCount - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if try entry(middle).first <= number { low = middle } else { high = middle - 1 }
        }
        let paragraphs = try inflate(block: low)
        let index = number - (try entry(low).first)
        guard index < paragraphs.count else { throw FormatError("paragraph \(number) missing from its block") }
        return paragraphs[index]
    }

    /// Every paragraph of block `block`, inflated (for `check` and merging).
    func inflate(block: Int) throws(FormatError) -> [String] {
        if let cached = lastInflated.withLock({ $0.block == block ? $0.paragraphs : nil }) { return cached }
        let (_, offset, compressed, raw) = try entry(block)
        guard offset >= 0, offset + compressed <= section.count else { throw FormatError("store block \(block) runs past its section") }
        let bytes = try Deflate.decompress(UnsafeRawBufferPointer(rebasing: section[offset..<(offset + compressed)]),
                                           expectedLength: raw)
        let parsed = bytes.withUnsafeBytes { buffer -> Result<[String], FormatError> in
            var reader = ByteReader(buffer)
            var paragraphs: [String] = []
            do throws(FormatError) {
                while !reader.isAtEnd { paragraphs.append(try reader.readString()) }
            } catch {
                return .failure(error)
            }
            return .success(paragraphs)
        }
        let paragraphs = try parsed.get()
        lastInflated.withLock { $0 = (block, paragraphs) }
        return paragraphs
    }

    var blocks: Int { blockCount }

    func firstParagraph(ofBlock block: Int) throws(FormatError) -> Int { try entry(block).first }
}
