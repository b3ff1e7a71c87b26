import YuluIngest

/// Serialises a built segment into the bytes of a segment file (see index/FORMAT.md).
enum SegmentWriter {
    static func bytes(of builder: SegmentBuilder) -> [UInt8] {
        var file = ByteWriter(capacity: builder.memoryUse)
        file.append(contentsOf: SegmentFormat.headerMagic)
        file.appendUInt32(SegmentFormat.version)
        file.appendUInt32(0)
        var entries: [SegmentFormat.SectionEntry] = []

        func addSection(_ section: SegmentFormat.Section, _ bytes: [UInt8]) {
            file.align(to: 8)
            entries.append(SegmentFormat.SectionEntry(section: section, offset: file.count, length: bytes.count,
                                                      checksum: Checksum.crc32(bytes)))
            file.append(contentsOf: bytes)
        }

        addSection(.documents, documents(builder))
        addSection(.store, store(builder))
        addSection(.wordCounts, wordCounts(builder))
        let (terms, postings) = termsAndPostings(builder)
        addSection(.terms, terms)
        addSection(.postings, postings)
        addSection(.signatures, builder.signatures)
        file.append(contentsOf: SegmentFormat.footer(entries))
        return file.bytes
    }

    /// u32 document count, u32 paragraph count, u64 total words, u32 record offsets
    /// (count + 1, from the end of this table), the records (id, first paragraph,
    /// paragraph count, fields), then u32 document numbers in id order.
    private static func documents(_ builder: SegmentBuilder) -> [UInt8] {
        var records = ByteWriter()
        var offsets: [UInt32] = []
        for document in builder.documents {
            offsets.append(UInt32(records.count))
            records.appendString(document.id)
            records.appendVarint(UInt64(document.firstParagraph))
            records.appendVarint(UInt64(document.paragraphCount))
            FieldCoding.write(document.fields, to: &records)
        }
        offsets.append(UInt32(records.count))
        var writer = ByteWriter(capacity: records.count + offsets.count * 8 + 16)
        writer.appendUInt32(UInt32(builder.documents.count))
        writer.appendUInt32(UInt32(builder.paragraphCount))
        writer.appendUInt64(builder.wordCounts.reduce(0) { $0 + UInt64($1) })
        for offset in offsets { writer.appendUInt32(offset) }
        writer.append(contentsOf: records.bytes)
        let idOrder = builder.documents.indices.sorted {
            builder.documents[$0].id.utf8.lexicographicallyPrecedes(builder.documents[$1].id.utf8)
        }
        for index in idOrder { writer.appendUInt32(UInt32(index)) }
        return writer.bytes
    }

    private static func store(_ builder: SegmentBuilder) -> [UInt8] {
        var storeWriter = builder.store
        let (blocks, dictionary) = storeWriter.finish()
        var writer = ByteWriter()
        writer.appendUInt32(UInt32(blocks.count))
        writer.appendUInt32(UInt32(builder.paragraphCount))
        writer.appendUInt32(UInt32(dictionary.count))
        var offset = 12 + blocks.count * 20 + dictionary.count
        for block in blocks {
            writer.appendUInt32(block.firstParagraph)
            writer.appendUInt64(UInt64(offset))
            writer.appendUInt32(UInt32(block.compressed.count))
            writer.appendUInt32(block.rawLength)
            offset += block.compressed.count
        }
        writer.append(contentsOf: dictionary)
        for block in blocks { writer.append(contentsOf: block.compressed) }
        return writer.bytes
    }

    /// Per paragraph its length in words, u16, saturating at 65,535.
    private static func wordCounts(_ builder: SegmentBuilder) -> [UInt8] {
        var writer = ByteWriter(capacity: builder.paragraphCount * 2)
        for count in builder.wordCounts { writer.appendUInt16(UInt16(min(count, UInt32(UInt16.max)))) }
        return writer.bytes
    }

    private static func termsAndPostings(_ builder: SegmentBuilder) -> ([UInt8], [UInt8]) {
        var dictionary = TermDictionaryWriter()
        var postings = ByteWriter(capacity: builder.arena.used)
        var stream: [UInt8] = []
        var term: [UInt8] = []
        let impacts = ImpactModel(wordCounts: builder.wordCounts)
        for number in builder.termsInOrder() where builder.arena.terms[Int(number)].paragraphCount > 0 {
            // Units that occur only inside bigrams have a number (bigrams are keyed by
            // their units) but no postings of their own: they are not written.
            let start = postings.count
            builder.arena.stream(of: number, into: &stream)
            let kind = builder.kinds[Int(number)]
            PostingsFormat.encode(stream: stream, positional: kind.hasPositions, impacts: kind == .word ? impacts : nil,
                                  into: &postings)
            builder.termBytes(number, into: &term)
            dictionary.add(term, TermInfo(paragraphCount: Int(builder.arena.terms[Int(number)].paragraphCount),
                                          postings: start..<postings.count))
        }
        return (dictionary.bytes(), postings.bytes)
    }
}

/// Field values on disk: varint count, then per field its name, a type byte (0 text,
/// 1 integer as zigzag varint, 2 real as u64 IEEE bits, 3 flag as u8) and the value.
enum FieldCoding {
    static func write(_ fields: Fields, to writer: inout ByteWriter) {
        writer.appendVarint(UInt64(fields.entries.count))
        for (name, value) in fields {
            writer.appendString(name)
            switch value {
            case .text(let text):
                writer.append(0)
                writer.appendString(text)
            case .integer(let number):
                writer.append(1)
                writer.appendVarint(UInt64(bitPattern: Int64((number << 1) ^ (number >> 63))))
            case .real(let number):
                writer.append(2)
                writer.appendUInt64(number.bitPattern)
            case .flag(let flag):
                writer.append(3)
                writer.append(flag ? 1 : 0)
            }
        }
    }

    static func read(from reader: inout ByteReader) throws(FormatError) -> Fields {
        var fields = Fields()
        let count = Int(try reader.readVarint())
        for _ in 0..<count {
            let name = try reader.readString()
            switch try reader.readUInt8() {
            case 0: fields[name] = .text(try reader.readString())
            case 1:
                let zigzag = try reader.readVarint()
                fields[name] = .integer(Int(Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)))
            case 2: fields[name] = .real(Double(bitPattern: try reader.readUInt64()))
            case 3: fields[name] = .flag(try reader.readUInt8() != 0)
            case let type: throw FormatError("unknown field type \(type)")
            }
        }
        return fields
    }
}
