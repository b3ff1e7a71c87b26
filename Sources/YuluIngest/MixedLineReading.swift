/// Bytes whose lines are in two encodings: UTF-8 text with a passage pasted in GB18030
/// or Big5, or the other way round, as scraping joins pages from different sites. Read
/// whole, such a file either reads in no encoding (and was skipped) or reads cleanly in
/// the legacy one with its UTF-8 lines turned into mojibake (涓枃 for 中文). Instead,
/// each line is read on its own: as UTF-8 where it is valid UTF-8 with characters beyond
/// ASCII, else in the one encoding that reads all the other lines together.
enum MixedLineReading {
    /// The bytes read line by line where that reads them better than `whole`, their best
    /// reading in one encoding (nil when none stands); else nil.
    static func reading(_ bytes: [UInt8], betterThan whole: DecodedText?, allowing limit: Int) -> DecodedText? {
        guard let whole else { return read(bytes, allowing: limit) }
        if whole.encoding == "utf-8" {
            // A few bad byte sequences may be a line in another encoding, not damage.
            guard whole.replacedSequences > 0, let mixed = read(bytes, allowing: limit),
                  mixed.replacedSequences < whole.replacedSequences else { return nil }
            return mixed
        }
        return correcting(whole, of: bytes, allowing: limit)
    }

    /// The bytes read line by line, or nil when they are not such a mix: they need lines
    /// of both kinds, and the other lines must read, together, in GB18030 or Big5 as
    /// text of common characters (a share at least the one below which a reading is
    /// doubtful), with no more than `limit` repairs.
    private static func read(_ bytes: [UInt8], allowing limit: Int) -> DecodedText? {
        guard let lines = ClassifiedLines(bytes),
              let other = try? TextDecoding.decode(lines.joined(lines.others)), TextDecoding.isLegacy(other.encoding),
              !other.cutAtEnd, other.replacedSequences <= limit,
              CommonCharacters.shared.tally(of: other.text).share >= TextDecoding.doubtBelow else { return nil }
        return lines.mixed(other)
    }

    /// `whole`, a reading of all the bytes in a legacy encoding, or the bytes read line
    /// by line when some lines are UTF-8 that reads into a larger share of common
    /// characters than `whole`'s encoding makes of them; nil when `whole` stands.
    private static func correcting(_ whole: DecodedText, of bytes: [UInt8], allowing limit: Int) -> DecodedText? {
        guard let charset = TextDecoding.charset(named: whole.encoding), let lines = ClassifiedLines(bytes) else { return nil }
        let utf8Bytes = lines.joined(lines.utf8)
        func share(_ text: String) -> Double { CommonCharacters.shared.tally(of: text).share }
        guard let asLegacy = try? TextDecoding.convert(utf8Bytes[...], from: charset, recordedAs: whole.encoding),
              share(String(decoding: utf8Bytes, as: UTF8.self)) > share(asLegacy.text),
              let other = try? TextDecoding.convert(lines.joined(lines.others)[...], from: charset, recordedAs: whole.encoding,
                                                    allowing: limit) else { return nil }
        return lines.mixed(other)
    }
}

/// A file's lines (split at LF; a CR before it stays in the line), sorted by whether they
/// are UTF-8 with characters beyond ASCII, ASCII (the same in every encoding here), or
/// neither.
private struct ClassifiedLines {
    let lines: [ArraySlice<UInt8>]
    /// Lines that are UTF-8 with characters beyond ASCII, and lines that are not UTF-8.
    let utf8: [Int]
    let others: [Int]

    /// Nil unless there are lines of both kinds.
    init?(_ bytes: [UInt8]) {
        var lines: [ArraySlice<UInt8>] = []
        var utf8: [Int] = [], others: [Int] = []
        bytes.withUnsafeBytes { buffer in
            // Eight bytes at a time (`ByteWords`): Collection's split and contains(where:)
            // took a sixth of the time of decoding a GB18030 corpus.
            var start = 0
            while start <= buffer.count {
                let end = ByteWords.firstIndex(in: buffer, from: start, skippingWords: { ByteWords.contains(0x0A, in: $0) },
                                               where: { $0 == 0x0A })
                let line = bytes[start..<end]
                let beyondASCII = ByteWords.firstIndex(in: UnsafeRawBufferPointer(rebasing: buffer[start..<end]), from: 0,
                                                       skippingWords: ByteWords.containsNonASCII, where: { $0 >= 0x80 }) < end - start
                if beyondASCII {
                    if (try? UTF8Span(validating: line.span)) != nil { utf8.append(lines.count) } else { others.append(lines.count) }
                }
                lines.append(line)
                start = end + 1
            }
        }
        guard !others.isEmpty, !utf8.isEmpty else { return nil }
        (self.lines, self.utf8, self.others) = (lines, utf8, others)
    }

    /// The bytes of `chosen` lines, joined by LF.
    func joined(_ chosen: [Int]) -> [UInt8] { Array(chosen.map { lines[$0] }.joined(separator: [UInt8(ascii: "\n")])) }

    /// The text: `other`, the reading of the lines that are not UTF-8 joined by LF, in
    /// their places, and every other line as UTF-8.
    func mixed(_ other: DecodedText) -> DecodedText? {
        // Split by scalars: as Characters, CR LF is one, not an LF.
        let otherLines = other.text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Substring.init)
        guard otherLines.count == others.count else { return nil }
        var text = lines.map { Substring(String(decoding: $0, as: UTF8.self)) }
        for (index, line) in zip(others, otherLines) { text[index] = line }
        var decoded = DecodedText(text: text.joined(separator: "\n"), encoding: "utf-8+\(other.encoding)",
                                  replacedSequences: other.replacedSequences)
        // The empty piece after a final LF is no line.
        decoded.mixedLines = DecodedText.MixedLines(other: others.count, total: lines.count - (lines.last?.isEmpty == true ? 1 : 0))
        decoded.privateUse = TextDecoding.privateUseCount(decoded.text)
        return decoded
    }
}
