import CICUShim
import YuluAnalysis

/// Text decoded from a file's bytes, with the encoding it was read in and what had to be
/// repaired to read it.
public struct DecodedText: Sendable, Equatable {
    /// Of a file's lines, how many were read in its second encoding.
    public struct MixedLines: Sendable, Equatable {
        public let other: Int
        public let total: Int
    }

    /// The text, without any byte order mark.
    public let text: String
    /// How the bytes were read: `utf-8`, `utf-16le`, `utf-16be`, `gb18030`, `big5` or
    /// `big5-hkscs`.
    public let encoding: String
    /// Byte sequences that are not `encoding`, each replaced by U+FFFD.
    public var replacedSequences = 0
    /// Whether the bytes ended inside a character, which was left out (a file cut short).
    public var cutAtEnd = false
    /// Why the reading may be wrong, for a person: nil when nothing suggests it is (see
    /// `TextDecoding.doubt(_:encoding:)`).
    public var doubt: String?

    /// For bytes in two encodings (`encoding` is then `utf-8+` the other), read line by
    /// line: how many lines were read in the other one, of how many.
    public var mixedLines: MixedLines?

    /// Characters read into private use from a legacy encoding: its user-defined area
    /// (Big5's EUDC, GB18030's), which Unicode has no character for.
    public var privateUse = 0

    /// Whether anything had to be repaired.
    public var isRepaired: Bool { replacedSequences > 0 || cutAtEnd || mixedLines != nil || privateUse > 0 }

    /// What was repaired, for a person: empty when nothing was.
    public var repairs: String {
        var notes: [String] = []
        if let mixedLines {
            let second = encoding.split(separator: "+").last.map(String.init) ?? encoding
            notes.append("in two encodings, read line by line: \(mixedLines.other) of its \(mixedLines.total) lines in \(second), "
                + "the others in utf-8")
        }
        if cutAtEnd { notes.append("the last character is cut off (truncated file) and left out") }
        if privateUse > 0 {
            notes.append("\(privateUse == 1 ? "1 character" : "\(privateUse) characters") of the encoding's user-defined area, "
                + "which Unicode has none for, kept as private-use code points that no search finds")
        }
        if replacedSequences > 0 {
            let sequences = replacedSequences == 1 ? "1 byte sequence that is" : "\(replacedSequences) byte sequences that are"
            notes.append("\(sequences) not \(encoding) replaced by U+FFFD")
        }
        return notes.joined(separator: "; ")
    }
}

/// Why bytes could not be read as text.
public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

/// Decodes file bytes (DESIGN, "Ingest"): a byte order mark wins; otherwise valid
/// UTF-8 without NULs is UTF-8; otherwise GB18030, Big5 (or Hong Kong's Big5-HKSCS, see
/// `hongKongReading`) or UTF-16, whichever reads into the most common characters; a file
/// whose lines are in two encodings is read line by line (`MixedLineReading`). Scraped
/// files are often cut short, and now and then hold a stray byte; such a file is read
/// rather than lost, and the decoding says what was repaired:
/// - a character cut off by the end of the file is left out;
/// - a few byte sequences that are not the encoding (at most one per 1,000 bytes, and
///   at least 3 are allowed) become U+FFFD (`detectAndConvert` says how such a reading
///   competes with clean ones).
/// Bytes that need more repair than that are an error, as is binary data. A reading of
/// bytes that are not UTF-8 into few common characters is kept, but says why it is
/// doubtful (`DecodedText.doubt`).
public enum TextDecoding {
    /// Encodings read when the bytes are not UTF-8, in the order that breaks ties: ICU
    /// name and the name Yulu records.
    static let encodings: [(charset: String, name: String)] = [
        ("GB18030", "gb18030"), ("Big5", "big5"), ("UTF-16LE", "utf-16le"), ("UTF-16BE", "utf-16be"),
    ]

    /// The ICU charset of a legacy encoding Yulu records (`gb18030`, `big5`, `big5-hkscs`);
    /// nil for UTF-8 and UTF-16.
    static func charset(named name: String) -> String? {
        name == "big5-hkscs" ? "Big5-HKSCS" : encodings.first { $0.name == name && !$0.name.hasPrefix("utf") }?.charset
    }

    static func isLegacy(_ name: String) -> Bool { charset(named: name) != nil }

    /// Below this share of common characters, over at least `doubtMinimum` of them, a
    /// reading of bytes that are not UTF-8 is doubtful. Chinese text read in its own
    /// encoding has 0.94 to 1 (the 3,511 documents of the corpora, p1 0.995); the same
    /// bytes misread, 0.35 to 0.62.
    static let doubtBelow = 0.8
    static let doubtMinimum = 32

    /// Why a reading with `tally` common characters may be wrong; nil when it is not
    /// doubtful. Bytes in an encoding Yulu does not read (Japanese EUC-JP or Shift JIS,
    /// say) often decode cleanly as GB18030, Big5 or UTF-16, into rare characters.
    static func doubt(_ tally: CommonShare, encoding: String) -> String? {
        guard tally.counted >= doubtMinimum, tally.share < doubtBelow else { return nil }
        let percent = Int((tally.share * 100).rounded(.down))
        return "read as \(encoding), but only \(percent)% of its first \(tally.counted) characters beyond ASCII are common Chinese "
            + "characters or punctuation: it may be in another encoding (Japanese, say), or in several"
    }

    /// The most byte sequences replaced in `byteCount` bytes for them still to be read.
    static func replacementLimit(_ byteCount: Int) -> Int { max(3, byteCount / 1000) }

    /// Decodes `bytes`, or explains why they are not text. Text that decodes but holds
    /// NULs or many control characters is binary data, whatever the encoding.
    public static func decode(_ bytes: [UInt8]) throws(DecodingError) -> DecodedText {
        for (mark, charset, encoding) in [([UInt8]([0xEF, 0xBB, 0xBF]), "UTF-8", "utf-8"),
                                          ([0xFF, 0xFE], "UTF-16LE", "utf-16le"), ([0xFE, 0xFF], "UTF-16BE", "utf-16be")]
        where bytes.starts(with: mark) {
            let decoded: DecodedText
            do {
                decoded = try convert(bytes.dropFirst(mark.count), from: charset, recordedAs: encoding, allowing: replacementLimit(bytes.count))
            } catch {
                throw DecodingError(reason: "has a byte order mark for \(encoding) but \(error.reason)")
            }
            // UTF-8 is judged by its bytes, with or without a mark; UTF-16 by its text.
            if charset == "UTF-8" {
                if hasBinaryBytes(bytes[...]) { throw DecodingError(reason: "binary data, not text") }
                return decoded
            }
            return try textual(decoded)
        }
        if bytes.isEmpty { return DecodedText(text: "", encoding: "utf-8") }
        if let text = String(validating: bytes, as: UTF8.self), !hasBinaryBytes(bytes[...]) {
            return DecodedText(text: text, encoding: "utf-8")
        }
        return try detectAndConvert(bytes)
    }

    private static func textual(_ decoded: DecodedText) throws(DecodingError) -> DecodedText {
        if TextProfile(decoded.text).looksBinary() { throw DecodingError(reason: "binary data, not text") }
        return decoded
    }

    /// Bytes that are not valid UTF-8 (but, perhaps, for a cut-off end, which reads as
    /// UTF-8 at once), or that hold NULs or control characters. Every encoding is tried:
    /// UTF-8 with repairs, then `encodings` in order. Of the readings that need no more
    /// repairs than allowed and read as text, the one with the largest share of common
    /// characters wins, the earlier on a tie. UTF-8 with repairs is a candidate only when
    /// its non-ASCII characters outnumber the repairs ten to one (a few stray bytes in
    /// UTF-8 text, not a mostly-ASCII text in another encoding).
    ///
    /// ICU's charset detector does not choose: over 480 slices of real reports, 8 to 160
    /// characters, it put UTF-16 or the other Chinese encoding first for 74; and its
    /// recognisers took about 30% of the CPU time of indexing the laws corpus in GB18030.
    /// Its guesses are named when nothing reads. A reading all of whose counted characters
    /// are common ends the search: none after it could have a larger share.
    private static func detectAndConvert(_ bytes: [UInt8]) throws(DecodingError) -> DecodedText {
        let limit = replacementLimit(bytes.count)
        var best: (decoded: DecodedText, share: Double)?
        var failures: [String] = []
        /// Binary data is ruled out only for a reading that would win (the check is the
        /// slower of the two on misread text).
        func consider(_ decoded: DecodedText) {
            var decoded = decoded
            guard let profile = TextProfile(decoded.text, shareAbove: best?.share ?? -1) else { return }
            // A good legacy reading may hold the encoding's user-defined characters (rare
            // characters of names, in government notices), which read into private use and
            // are counted and reported; in any other reading they are a sign of misreading.
            let legacy = isLegacy(decoded.encoding)
            if profile.looksBinary(privateUseIsOdd: !(legacy && profile.common.share >= doubtBelow)) {
                failures.append("\(decoded.encoding): does not read as text")
            } else {
                decoded.doubt = doubt(profile.common, encoding: decoded.encoding)
                if legacy { decoded.privateUse = profile.privateUse }
                best = (decoded, profile.common.share)
            }
        }
        do {
            let utf8 = try convert(bytes[...], from: "UTF-8", recordedAs: "utf-8", allowing: limit)
            // UTF-8 but for a cut-off end, judged by its bytes as whole UTF-8 is. With NULs,
            // it may be UTF-16 of ASCII text, which is valid UTF-8 too.
            if utf8.replacedSequences == 0 && !hasBinaryBytes(bytes[...]) { return utf8 }
            let nonASCII = utf8.text.unicodeScalars.count { $0.value > 0x7F && $0 != "\u{FFFD}" }
            if nonASCII >= 10 * utf8.replacedSequences {
                consider(utf8)
            } else {
                failures.append("utf-8: \(utf8.replacedSequences) byte sequences that are not utf-8 among \(nonASCII) other non-ASCII characters")
            }
        } catch {
            failures.append("utf-8: \(error.reason)")
        }
        for (charset, name) in encodings {
            // Only a larger share wins: once every counted character is common, no later
            // reading can (most Chinese text read in its own encoding: 80% of the laws).
            if let best, best.share == 1 { break }
            var reading: DecodedText?
            do {
                reading = try convert(bytes[...], from: charset, recordedAs: name, allowing: limit)
            } catch {
                failures.append("\(name): \(error.reason)")
            }
            if charset == "Big5", best?.share ?? 0 < doubtBelow,
               let hongKong = hongKongReading(bytes, insteadOf: reading, allowing: limit) {
                reading = hongKong
            }
            if let reading { consider(reading) }
        }
        if let best, best.decoded.replacedSequences == 0 || !bytes.contains(0) {
            return MixedLineReading.reading(bytes, betterThan: best.decoded, allowing: limit) ?? best.decoded
        }
        if bytes.contains(0) { throw DecodingError(reason: "binary data, not text") }
        if let mixed = MixedLineReading.reading(bytes, betterThan: nil, allowing: limit) { return mixed }
        let guesses = detect(bytes).prefix(3).map { "\($0.name) \($0.confidence)%" }.joined(separator: ", ")
        throw DecodingError(reason: "not UTF-8, GB18030, Big5 or UTF-16, even allowing \(limit) bad byte sequences (\(failures.joined(separator: "; ")); ICU's detector guesses \(guesses.isEmpty ? "nothing" : guesses))")
    }

    /// The bytes read as Big5-HKSCS, Hong Kong's extension of Big5, when they are Big5
    /// that plain Big5 (ICU's, Microsoft's code page 950) cannot read whole, and HKSCS reads
    /// more of them; else nil. Plain Big5 maps the extension's characters (深水埗, 鐵路綫,
    /// Cantonese 嘅 and 喺) into private use, where no search finds them, or fails on them.
    /// Only worth a try when no reading so far has been good (a real GB18030 text has been).
    static func hongKongReading(_ bytes: [UInt8], insteadOf plain: DecodedText?, allowing limit: Int) -> DecodedText? {
        let plainUnread = plain.map(unreadCharacters)
        guard plainUnread != 0, let extended = try? convert(bytes[...], from: "Big5-HKSCS", recordedAs: "big5-hkscs", allowing: limit),
              unreadCharacters(extended) < plainUnread ?? Int.max else { return nil }
        return extended
    }

    /// The characters a reading could not read: byte sequences replaced by U+FFFD, and
    /// private-use code points (where a converter puts user-defined characters).
    static func unreadCharacters(_ decoded: DecodedText) -> Int {
        decoded.replacedSequences + privateUseCount(decoded.text)
    }

    static func privateUseCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            // U+E000…U+F8FF is EE 80 80 … EF A3 BF in UTF-8 (0xEE and 0xEF only ever lead).
            var count = 0
            for index in bytes.indices where bytes[index] == 0xEE || bytes[index] == 0xEF && bytes[index + 1] <= 0xA3 { count += 1 }
            return count
        }
    }

    /// ICU's charset guesses for the bytes, best first.
    static func detect(_ bytes: [UInt8]) -> [(name: String, confidence: Int)] {
        let capacity = 16
        var names = [CChar](repeating: 0, count: 32 * capacity)
        var confidences = [Int32](repeating: 0, count: capacity)
        var status: Int32 = 0
        let sample = bytes.prefix(1 << 20)
        let count = sample.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                yicu_detect_charsets(chars.baseAddress, Int32(chars.count), &names, &confidences, Int32(capacity), &status)
            }
        }
        guard status <= 0 else { return [] }
        return (0..<Int(count)).map { index in
            let name = names[(32 * index)..<(32 * index + 32)].prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            return (String(decoding: name, as: UTF8.self), Int(confidences[index]))
        }
    }

    /// Converts as `convertWithICU` does; GB18030 of ASCII and two-byte codes goes
    /// through `GBKDecoder`'s table, which reads it the same.
    static func convert(_ bytes: ArraySlice<UInt8>, from charset: String, recordedAs encoding: String,
                        allowing limit: Int = Int(Int32.max)) throws(DecodingError) -> DecodedText {
        if charset == "GB18030", let text = GBKDecoder.decode(bytes) { return DecodedText(text: text, encoding: encoding) }
        return try convertWithICU(bytes, from: charset, recordedAs: encoding, allowing: limit)
    }

    /// Converts with ICU, replacing bad byte sequences and leaving out a cut-off last
    /// character (both counted in the result); more than `limit` bad sequences are an
    /// error, found without converting the rest. ICU writes the UTF-8 straight into the
    /// string's storage: Swift's own UTF-16 decoding took a tenth of the time of indexing
    /// a GB18030 corpus.
    static func convertWithICU(_ bytes: ArraySlice<UInt8>, from charset: String, recordedAs encoding: String,
                               allowing limit: Int = Int(Int32.max)) throws(DecodingError) -> DecodedText {
        // A byte gives at most one UTF-16 unit, and a unit at most 3 bytes of UTF-8.
        var capacity = 3 * bytes.count + 16
        while true {
            var status: Int32 = 0
            var replaced: Int32 = 0
            var cutAtEnd: Int32 = 0
            var needed: Int32 = 0
            let text = String(unsafeUninitializedCapacity: capacity) { storage in
                needed = bytes.withUnsafeBufferPointer { source in
                    source.withMemoryRebound(to: CChar.self) { chars in
                        storage.withMemoryRebound(to: CChar.self) { dest in
                            yicu_convert_to_utf8(charset, chars.baseAddress, Int32(chars.count), dest.baseAddress, Int32(dest.count),
                                                 Int32(clamping: limit), &replaced, &cutAtEnd, &status)
                        }
                    }
                }
                return status > 0 ? 0 : Int(needed)
            }
            if status == 15 { // U_BUFFER_OVERFLOW_ERROR
                capacity = Int(needed) + 16
                continue
            }
            if Int(replaced) > limit { throw DecodingError(reason: "more than \(limit) byte sequences that are not \(encoding)") }
            guard status <= 0 else {
                throw DecodingError(reason: "\(encoding): ICU could not convert it (\(String(cString: yicu_error_name(status))))")
            }
            return DecodedText(text: text, encoding: encoding, replacedSequences: Int(replaced), cutAtEnd: cutAtEnd != 0)
        }
    }

    /// Whether UTF-8 bytes are binary data: a NUL, or more than 1% of the first 65,536
    /// bytes are ASCII controls other than tab, line ends and form feed. Skips eight bytes
    /// at a time while they hold no control (in text, most are line ends).
    static func hasBinaryBytes(_ bytes: ArraySlice<UInt8>) -> Bool {
        let sample = bytes.prefix(65_536)
        return sample.withUnsafeBytes { raw in
            var controls = 0
            var index = ByteWords.firstIndex(in: raw, from: 0, skippingWords: isControl, where: isControl)
            while index < raw.count {
                switch raw[index] {
                case 0: return true
                case 9, 10, 12, 13: break
                default: controls += 1
                }
                index = ByteWords.firstIndex(in: raw, from: index + 1, skippingWords: isControl, where: isControl)
            }
            return controls * 100 > sample.count
        }
    }

    /// An ASCII control byte (below 0x20, or DEL), or a word that holds one.
    private static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }
    private static func isControl(_ word: UInt64) -> Bool {
        ByteWords.containsByte(below: 0x20, in: word) || ByteWords.contains(0x7F, in: word)
    }
}
