import Foundation
import YuluAnalysis

/// The manifest: which segments and tombstone files make up the index now. Replaced
/// atomically; a crash leaves the previous manifest or the new one.
///
/// On disk: one line of JSON, then a line `crc32 XXXXXXXX` over the bytes before it.
struct Manifest: Equatable {
    struct Segment: Equatable {
        let name: String
        let documents: Int
        var tombstones: String?
    }

    static let fileName = "MANIFEST"
    static let version = 1

    var generation: Int = 0
    var nextSegment: Int = 1
    var segments: [Segment] = []

    func bytes() -> [UInt8] {
        let segmentObjects = segments.map { segment -> String in
            let tombstones = segment.tombstones.map { ", \"tombstones\": \"\($0)\"" } ?? ""
            return "{\"name\": \"\(segment.name)\", \"documents\": \(segment.documents)\(tombstones)}"
        }
        let json = "{\"format\": \(Self.version), \"generation\": \(generation), \"next_segment\": \(nextSegment), "
            + "\"segments\": [\(segmentObjects.joined(separator: ", "))]}\n"
        let crc = String(Checksum.crc32(Array(json.utf8)), radix: 16)
        return Array((json + "crc32 " + String(repeating: "0", count: 8 - crc.count) + crc + "\n").utf8)
    }

    /// Reads a manifest; nil when the folder has none.
    static func read(folder: String) throws(IndexError) -> Manifest? {
        let path = folder + "/" + fileName
        guard Disk.exists(path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw IndexError("cannot read \(path)") }
        return try parse([UInt8](data), path: path)
    }

    static func parse(_ bytes: [UInt8], path: String) throws(IndexError) -> Manifest {
        guard let newline = bytes.dropLast().lastIndex(of: 10) else { throw IndexError("\(path) is damaged (no checksum line)") }
        let json = Array(bytes[...newline])
        let checksumLine = String(decoding: bytes[(newline + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard checksumLine.hasPrefix("crc32 "), UInt32(checksumLine.dropFirst(6), radix: 16) == Checksum.crc32(json) else {
            throw IndexError("\(path) is damaged (checksum mismatch)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
              let format = object["format"] as? Int, let generation = object["generation"] as? Int,
              let nextSegment = object["next_segment"] as? Int, let segments = object["segments"] as? [[String: Any]] else {
            throw IndexError("\(path) is damaged (unreadable JSON)")
        }
        guard format <= version else {
            throw IndexError("the index at \(Disk.parent(of: path)) has format \(format), newer than this yulu reads (\(version)); upgrade yulu")
        }
        var manifest = Manifest(generation: generation, nextSegment: nextSegment)
        for segment in segments {
            guard let name = segment["name"] as? String, let documents = segment["documents"] as? Int else {
                throw IndexError("\(path) is damaged (a segment without name)")
            }
            manifest.segments.append(Segment(name: name, documents: documents, tombstones: segment["tombstones"] as? String))
        }
        return manifest
    }

    static func segmentName(_ number: Int) -> String { "seg-" + String(format: "%06d", number) }
    static func segmentFile(_ name: String) -> String { name + ".yseg" }
    static func tombstoneFile(segment: String, generation: Int) -> String {
        segment + "-g" + String(format: "%06d", generation) + ".del"
    }
}

/// The deleted documents of one segment as of one generation: a bit per document.
///
/// On disk: `YULUDEL\0`, u32 version, u32 document count, the bits (document n is bit
/// n % 8 of byte n / 8), u32 crc32 of everything before.
struct Tombstones: Equatable, Sendable {
    static let magic: [UInt8] = Array("YULUDEL\0".utf8)
    private(set) var bits: [UInt8]
    let documentCount: Int

    init(documentCount: Int) {
        self.documentCount = documentCount
        bits = [UInt8](repeating: 0, count: (documentCount + 7) / 8)
    }

    func contains(_ document: Int) -> Bool { bits[document >> 3] & (1 << UInt8(document & 7)) != 0 }
    mutating func insert(_ document: Int) { bits[document >> 3] |= 1 << UInt8(document & 7) }
    var count: Int { bits.reduce(0) { $0 + $1.nonzeroBitCount } }

    func bytes() -> [UInt8] {
        var writer = ByteWriter()
        writer.append(contentsOf: Self.magic)
        writer.appendUInt32(SmallFile.version)
        writer.appendUInt32(UInt32(documentCount))
        writer.append(contentsOf: bits)
        writer.appendUInt32(Checksum.crc32(writer.bytes))
        return writer.bytes
    }

    static func read(path: String, documentCount: Int) throws(IndexError) -> Tombstones {
        let file = try MappedFile(path: path)
        let bytes = file.bytes
        try SmallFile.checkFrame(bytes, magic: magic, path: path)
        guard bytes.count == 16 + (documentCount + 7) / 8 + 4 else { throw IndexError("\(path) is damaged (size)") }
        guard Int(bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian) == documentCount else {
            throw IndexError("\(path) does not match its segment's document count")
        }
        var tombstones = Tombstones(documentCount: documentCount)
        tombstones.bits = Array(bytes[16..<(bytes.count - 4)])
        return tombstones
    }
}

/// The traditional → simplified table the index's documents were normalised with, so
/// that queries fold the same way whatever ICU the reading machine has (and without
/// building the table from ICU at every start).
///
/// On disk (`simplify.tbl`): `YULUTBL\0`, u32 version, u32 pair count, pairs of u32
/// (from, to) in ascending order, u32 crc32 of everything before.
enum StoredTable {
    static let fileName = "simplify.tbl"
    static let magic: [UInt8] = Array("YULUTBL\0".utf8)

    static func bytes(_ table: SimplificationTable) -> [UInt8] {
        var writer = ByteWriter()
        writer.append(contentsOf: magic)
        writer.appendUInt32(SmallFile.version)
        writer.appendUInt32(UInt32(table.mapping.count))
        for (from, to) in table.mapping.sorted(by: { $0.key < $1.key }) {
            writer.appendUInt32(from)
            writer.appendUInt32(to)
        }
        writer.appendUInt32(Checksum.crc32(writer.bytes))
        return writer.bytes
    }

    static func read(folder: String) throws(IndexError) -> SimplificationTable {
        let path = folder + "/" + fileName
        let file = try MappedFile(path: path)
        let bytes = file.bytes
        try SmallFile.checkFrame(bytes, magic: magic, path: path)
        let count = Int(bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian)
        guard bytes.count == 16 + count * 8 + 4 else { throw IndexError("\(path) is damaged (size)") }
        var mapping: [UInt32: UInt32] = [:]
        mapping.reserveCapacity(count)
        for index in 0..<count {
            let from = bytes.loadUnaligned(fromByteOffset: 16 + index * 8, as: UInt32.self).littleEndian
            mapping[from] = bytes.loadUnaligned(fromByteOffset: 20 + index * 8, as: UInt32.self).littleEndian
        }
        return SimplificationTable(mapping: mapping)
    }
}

/// The frame shared by the tombstone and table files: an 8-byte magic, a u32 version,
/// the contents, and a trailing u32 CRC-32 of everything before it.
enum SmallFile {
    static let version: UInt32 = 1

    /// Checks the magic, that the version is one this yulu reads, and the checksum.
    static func checkFrame(_ bytes: UnsafeRawBufferPointer, magic: [UInt8], path: String) throws(IndexError) {
        guard bytes.count >= 16 + 4, Array(bytes[0..<8]) == magic else { throw IndexError("\(path) is damaged (header)") }
        let stored = bytes.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self).littleEndian
        guard Checksum.crc32(UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 4)])) == stored else {
            throw IndexError("\(path) is damaged (checksum mismatch)")
        }
        let fileVersion = bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        guard fileVersion <= version else {
            throw IndexError("\(path) has version \(fileVersion), newer than this yulu reads (\(version)); upgrade yulu")
        }
    }
}
