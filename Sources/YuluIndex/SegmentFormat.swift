/// The layout of a segment file (see index/FORMAT.md): a header, sections, and a footer
/// that lists every section with its CRC-32 and ends with its own CRC-32 and a magic.
enum SegmentFormat {
    static let headerMagic: [UInt8] = Array("YULUSEG\0".utf8)
    static let footerMagic: [UInt8] = Array("YULUEND\0".utf8)
    /// 2 added the signatures section; 3 made postings bit-packed blocks with positions
    /// apart; 4 added a bound per block of word postings; 5 stores texts as UTF-16 in
    /// 2 KiB blocks (version 4 stores, UTF-8, still read); 6 made skips fixed-width runs,
    /// postings blocks 64 entries and dictionary blocks 16 terms. Older segments still
    /// open (documents, store, signatures where they have them) so that `optimize` can
    /// rewrite them, but their postings are refused.
    static let version: UInt32 = 6

    /// The sections of a segment, by their number in the footer.
    enum Section: UInt32, CaseIterable {
        case documents = 1
        case store = 2
        case wordCounts = 3
        case terms = 4
        case postings = 5
        /// MinHash signatures, `MinHash.size` bytes per paragraph (from version 2).
        case signatures = 6

        /// What the section holds, as `yulu stats` names it.
        var partName: String {
            switch self {
            case .documents: "documents"
            case .store: "store"
            case .wordCounts: "word_counts"
            case .terms: "terms"
            case .postings: "postings"
            case .signatures: "signatures"
            }
        }

        /// The sections a segment of `version` must have.
        static func required(inVersion version: UInt32) -> [Section] {
            version >= 2 ? allCases : allCases.filter { $0 != .signatures }
        }
    }

    struct SectionEntry {
        let section: Section
        let offset: Int
        let length: Int
        let checksum: UInt32
    }

    /// Encodes the footer: per section (u32 number, u64 offset, u64 length, u32 crc32),
    /// then u32 section count, u32 crc32 of the footer so far, the footer magic.
    static func footer(_ entries: [SectionEntry]) -> [UInt8] {
        var writer = ByteWriter()
        for entry in entries {
            writer.appendUInt32(entry.section.rawValue)
            writer.appendUInt64(UInt64(entry.offset))
            writer.appendUInt64(UInt64(entry.length))
            writer.appendUInt32(entry.checksum)
        }
        writer.appendUInt32(UInt32(entries.count))
        writer.appendUInt32(Checksum.crc32(writer.bytes))
        writer.append(contentsOf: footerMagic)
        return writer.bytes
    }

    /// Reads and checks the header and footer of a mapped segment: its format version
    /// and its sections.
    static func sections(of file: UnsafeRawBufferPointer) throws(FormatError) -> (version: UInt32, sections: [Section: SectionEntry]) {
        guard file.count >= 16 + 16, Array(file[0..<8]) == headerMagic else {
            throw FormatError("not a Yulu segment (bad header)")
        }
        var header = ByteReader(file, offset: 8)
        let version = try header.readUInt32()
        guard version <= Self.version else {
            throw FormatError("segment format version \(version) is newer than this yulu reads (\(Self.version)); upgrade yulu")
        }
        guard Array(file[(file.count - 8)...]) == footerMagic else { throw FormatError("segment has no footer (cut short?)") }
        var tail = ByteReader(file, offset: file.count - 16)
        let count = Int(try tail.readUInt32())
        let footerCRC = try tail.readUInt32()
        let footerStart = file.count - 16 - count * 24
        guard count > 0, count <= 64, footerStart >= 16 else { throw FormatError("segment footer is damaged") }
        guard Checksum.crc32(UnsafeRawBufferPointer(rebasing: file[footerStart..<(file.count - 12)])) == footerCRC else {
            throw FormatError("segment footer checksum mismatch")
        }
        var reader = ByteReader(file, offset: footerStart)
        var sections: [Section: SectionEntry] = [:]
        for _ in 0..<count {
            let number = try reader.readUInt32()
            let offset = Int(try reader.readUInt64())
            let length = Int(try reader.readUInt64())
            let checksum = try reader.readUInt32()
            guard let section = Section(rawValue: number), offset >= 16, length >= 0, offset + length <= footerStart else {
                throw FormatError("segment footer names a bad section (\(number) at \(offset)+\(length))")
            }
            sections[section] = SectionEntry(section: section, offset: offset, length: length, checksum: checksum)
        }
        for section in Section.required(inVersion: version) where sections[section] == nil {
            throw FormatError("segment lacks its \(section) section")
        }
        return (version, sections)
    }
}
