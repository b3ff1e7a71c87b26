import Foundation
import Testing
import YuluTestSupport
@testable import YuluIngest

@Suite struct DecodingTests {
    let speech = "同志们：\n坚持“项目为王”，優化營商環境。\n"

    func sample(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Project.sampleCorpus.appendingPathComponent(name)))
    }

    @Test func utf8WithAndWithoutByteOrderMark() throws {
        #expect(try TextDecoding.decode(Array(speech.utf8)) == DecodedText(text: speech, encoding: "utf-8"))
        #expect(try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array(speech.utf8)) == DecodedText(text: speech, encoding: "utf-8"))
        // UTF-8 is judged by its bytes, mark or not: private-use characters (old font
        // glyphs in scraped pages) are text, a NUL is not.
        let glyphs = String(repeating: "坚持\u{E000}", count: 50)
        #expect(try TextDecoding.decode(Array(glyphs.utf8)).text == glyphs)
        #expect(try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array(glyphs.utf8)).text == glyphs)
        #expect(throws: DecodingError(reason: "binary data, not text")) { try TextDecoding.decode([0xEF, 0xBB, 0xBF, 0x41, 0x00, 0x42]) }
    }

    @Test func utf16WithByteOrderMarks() throws {
        let little = speech.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = speech.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TextDecoding.decode([0xFF, 0xFE] + little) == DecodedText(text: speech, encoding: "utf-16le"))
        #expect(try TextDecoding.decode([0xFE, 0xFF] + big) == DecodedText(text: speech, encoding: "utf-16be"))
    }

    @Test func gb18030AndBig5AreDetected() throws {
        let gb = try TextDecoding.decode(sample("township-projects-gb18030.txt"))
        #expect(gb.encoding == "gb18030")
        #expect(gb.text.hasPrefix("乡镇党委书记在全镇项目观摩"))
        let big5 = try TextDecoding.decode(sample("town-projects-big5.txt"))
        #expect(big5.encoding == "big5")
        #expect(big5.text.hasPrefix("鎮長在全鎮重點項目推進會上的講話"))
    }

    /// ICU's detector puts UTF-16 first among the encodings Yulu reads for these short
    /// texts (which would read as Hangul syllables and rare signs); the reading with the
    /// most common characters wins instead.
    @Test func shortTextsAreNotTakenForUTF16() throws {
        for (text, charset, encoding) in [("推进文化强省建设", "GB18030", "gb18030"), ("放水平，拓展合作", "GB18030", "gb18030"),
                                          ("再推進、再落實。", "Big5", "big5"), ("時間:2022-05-08 07:57:00", "Big5", "big5")] {
            let bytes = try #require(encoded(text, as: charset))
            let guess = TextDecoding.detect(bytes).first { name in TextDecoding.encodings.contains { $0.charset == name.name } }?.name
            #expect(guess?.hasPrefix("UTF-16") == true, "ICU's first guess for \(text) is \(guess ?? "none")")
            #expect(try TextDecoding.decode(bytes) == DecodedText(text: text, encoding: encoding))
        }
    }

    /// UTF-16 of ASCII text without a byte order mark is valid UTF-8 too, with a NUL in
    /// every other byte: it reads as UTF-16, while NULs in other data are still binary.
    @Test func asciiInUTF16WithoutAMarkIsText() throws {
        let text = "Government work report 2025\nGDP grew 5%.\n"
        let little = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try TextDecoding.decode(little) == DecodedText(text: text, encoding: "utf-16le"))
        #expect(try TextDecoding.decode(big) == DecodedText(text: text, encoding: "utf-16be"))
        let zipHeader: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00] + Array("word/document.xml".utf8)
        #expect(throws: DecodingError(reason: "binary data, not text")) { try TextDecoding.decode(zipHeader) }
    }

    /// GB18030 bytes also read cleanly as Big5, into rare traditional characters; the
    /// share of common characters tells them apart, in both directions.
    @Test func gb18030IsNotTakenForBig5() throws {
        let simplified = "坚持项目为王，优化营商环境，推动高质量发展。"
        let gb = try #require(encoded(simplified, as: "GB18030"))
        let misread = try TextDecoding.convert(gb[...], from: "Big5", recordedAs: "big5")
        #expect(misread.replacedSequences == 0 && misread.text != simplified)
        #expect(CommonCharacters.shared.tally(of: misread.text).share < 0.6)
        #expect(CommonCharacters.shared.tally(of: simplified).share == 1)
        #expect(try TextDecoding.decode(gb) == DecodedText(text: simplified, encoding: "gb18030"))
        let traditional = "堅持項目為王，優化營商環境，推動高質量發展。"
        #expect(try TextDecoding.decode(try #require(encoded(traditional, as: "Big5"))) == DecodedText(text: traditional, encoding: "big5"))
    }

    /// Hong Kong's characters (HKSCS) in Big5 bytes: plain Big5 maps them into private
    /// use, where no search finds them, or cannot read them at all; they read as
    /// Big5-HKSCS. Big5 without them stays Big5.
    @Test func hongKongCharactersReadAsBig5HKSCS() throws {
        let districts = String(repeating: "政府會加快舊區重建，推動房屋供應，支援中小企業。", count: 4)
            + "屯門及深水埗的居民會受惠於新的鐵路綫。"
        let bytes = try #require(encoded(districts, as: "Big5-HKSCS"))
        let plain = try TextDecoding.convert(bytes[...], from: "Big5", recordedAs: "big5")
        #expect(plain.text != districts && TextDecoding.unreadCharacters(plain) == 2)
        #expect(try TextDecoding.decode(bytes) == DecodedText(text: districts, encoding: "big5-hkscs"))
        // Cantonese, a HKSCS character in every few: more than plain Big5 can read.
        let cantonese = String(repeating: "我哋喺度傾偈，佢話嘅嘢好啱，你睇吓啲人點講，唔該晒。", count: 8)
        let spoken = try TextDecoding.decode(try #require(encoded(cantonese, as: "Big5-HKSCS")))
        #expect(spoken.text == cantonese && spoken.encoding == "big5-hkscs" && !spoken.isRepaired)
        let standard = String(repeating: "堅持項目為王，優化營商環境，推動高質量發展。", count: 4)
        #expect(try TextDecoding.decode(try #require(encoded(standard, as: "Big5-HKSCS"))) == DecodedText(text: standard, encoding: "big5"))
    }

    /// A character of a legacy encoding's user-defined area (GB18030's AAA1, Big5's 8140,
    /// which HKSCS leaves undefined too) has no Unicode character: it is kept in private
    /// use, and the reading says so. In UTF-8 a private-use character is the text's own,
    /// and nothing is said.
    @Test func userDefinedCharactersAreReported() throws {
        let text = String(repeating: "坚持项目为王，优化营商环境。", count: 20)
        let gb = try #require(encoded(text, as: "GB18030"))
        let withUserDefined = try TextDecoding.decode(gb + [0xAA, 0xA1] + gb)
        #expect(withUserDefined.encoding == "gb18030" && withUserDefined.privateUse == 1 && withUserDefined.isRepaired)
        #expect(withUserDefined.repairs.hasPrefix("1 character of the encoding's user-defined area"))
        let traditional = String(repeating: "堅持項目為王，優化營商環境。", count: 20)
        let big5 = try #require(encoded(traditional, as: "Big5"))
        let eudc = try TextDecoding.decode(big5 + [0x81, 0x40] + big5)
        #expect(eudc.encoding == "big5" && eudc.privateUse == 1)
        // A short notice naming people with user-defined characters (3 of its 77) is
        // still GB18030, not binary data, nor Big5-HKSCS garbage.
        let notice = "关于表彰先进个人的通知\n经研究决定，对以下同志予以表彰：张\u{E000}明、李\u{E001}华、王\u{E002}强。"
            + "希望受表彰的同志珍惜荣誉，再接再厉，为全县经济社会发展作出新的更大贡献。\n"
        let names = try TextDecoding.decode(try #require(encoded(notice, as: "GB18030")))
        #expect(names.text == notice && names.encoding == "gb18030" && names.privateUse == 3 && names.doubt == nil)
        let icon = try TextDecoding.decode(Array((text + "\u{F007}").utf8))
        #expect(icon.privateUse == 0 && !icon.isRepaired)
        #expect(try TextDecoding.decode(gb).privateUse == 0)
    }

    /// Lines in two encodings: UTF-8 with a passage in GB18030 or Big5 (LF or CRLF), read
    /// whole in none, and GB18030 with a UTF-8 line, which reads whole as GB18030 into
    /// mojibake but for a byte. Each line is read in its own; junk among UTF-8 lines is
    /// still an error.
    @Test func linesInTwoEncodingsAreReadLineByLine() throws {
        let speech = "市长在全市项目建设推进会上的讲话\n同志们：\n" + String(repeating: "坚持项目为王，优化营商环境，推动高质量发展。\n", count: 20)
        for (charset, name, pasted) in [("GB18030", "gb18030", "构建亲清政商关系，全力以赴抓招商、上项目。\n"),
                                        ("Big5", "big5", "構建親清政商關係，全力以赴抓招商、上項目。\n")] {
            for ending in ["\n", "\r\n"] {
                func lines(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: ending) }
                let passage = lines(String(repeating: pasted, count: 5))
                let bytes = Array(lines(speech).utf8) + (try #require(encoded(passage, as: charset))) + Array(lines(speech).utf8)
                let decoded = try TextDecoding.decode(bytes)
                #expect(decoded.text == lines(speech) + passage + lines(speech), "\(name) \(ending.debugDescription)")
                #expect(decoded.encoding == "utf-8+\(name)" && decoded.mixedLines == .init(other: 5, total: 49) && decoded.isRepaired)
                #expect(decoded.repairs == "in two encodings, read line by line: 5 of its 49 lines in \(name), the others in utf-8")
            }
        }
        let report = String(repeating: "坚持项目为王，优化营商环境，推动高质量发展。\n", count: 400)
        let gb = try #require(encoded(report, as: "GB18030"))
        let utf8Line = "构建亲清政商关系，全力以赴抓招商、上项目。\n"
        let decoded = try TextDecoding.decode(gb + Array(utf8Line.utf8) + gb)
        #expect(decoded.text == report + utf8Line + report && decoded.mixedLines == .init(other: 800, total: 801))
        #expect(try TextDecoding.decode(gb) == DecodedText(text: report, encoding: "gb18030"))
        // A short GB18030 line in a long UTF-8 text is within the repairs allowed: it is
        // read, not replaced by U+FFFD.
        let longSpeech = String(repeating: speech, count: 20)
        let shortLine = "构建亲清政商关系。\n"
        let withShortLine = try TextDecoding.decode(Array(longSpeech.utf8) + (try #require(encoded(shortLine, as: "GB18030"))))
        #expect(withShortLine.text == longSpeech + shortLine && withShortLine.encoding == "utf-8+gb18030")
        let junk = (0..<60).map { UInt8(0x80 + ($0 * 37) % 0x7F) } + [0x0A]
        #expect(throws: DecodingError.self) { try TextDecoding.decode(Array(speech.utf8) + junk + Array(speech.utf8)) }
    }

    /// Japanese in EUC-JP or Shift JIS, encodings Yulu does not read, decodes cleanly as
    /// one it does, into rare characters: the reading says it is doubtful. Chinese read
    /// in its own encoding is not, nor is a text too short to judge.
    @Test func japaneseReadsAsDoubtful() throws {
        let japanese = String(repeating: "日本国憲法は、国民主権、基本的人権の尊重、平和主義の三つを基本原理としている。", count: 2)
        for charset in ["EUC-JP", "Shift_JIS"] {
            let decoded = try TextDecoding.decode(try #require(encoded(japanese, as: charset)))
            #expect(decoded.text != japanese, "\(charset)")
            #expect(decoded.doubt?.hasPrefix("read as \(decoded.encoding), but only ") == true, "\(charset): \(decoded.doubt ?? "no doubt")")
        }
        let simplified = String(repeating: "坚持项目为王，优化营商环境，推动高质量发展。", count: 3)
        #expect(try TextDecoding.decode(try #require(encoded(simplified, as: "GB18030"))).doubt == nil)
        let traditional = String(repeating: "堅持項目為王，優化營商環境，推動高質量發展。", count: 3)
        #expect(try TextDecoding.decode(try #require(encoded(traditional, as: "Big5"))).doubt == nil)
        let short = try TextDecoding.decode(try #require(encoded("日本国憲法は、国民主権の尊重", as: "EUC-JP")))
        #expect(short.text != "日本国憲法は、国民主権の尊重" && short.doubt == nil)
    }

    /// A file cut inside its last character reads without that character, in every
    /// encoding, and says so; a whole character at the end is not a cut.
    @Test func aCharacterCutOffAtTheEndIsLeftOut() throws {
        let text = "某县县长讲话\n坚持项目为王，抓招商引资。"
        let kept = String(text.dropLast())
        var gb = try sample("township-projects-gb18030.txt")
        while gb.last == 0x0A || gb.last == 0x0D { gb.removeLast() }
        let whole = try TextDecoding.decode(gb)
        #expect(whole.encoding == "gb18030" && !whole.isRepaired)
        let cutGB = try TextDecoding.decode(Array(gb.dropLast()))
        #expect(cutGB == DecodedText(text: String(whole.text.dropLast()), encoding: "gb18030", cutAtEnd: true))
        let utf8 = Array(text.utf8)
        for cut in 1...2 {
            #expect(try TextDecoding.decode(Array(utf8.dropLast(cut))) == DecodedText(text: kept, encoding: "utf-8", cutAtEnd: true))
        }
        #expect(try TextDecoding.decode(Array(utf8.dropLast(3))) == DecodedText(text: kept, encoding: "utf-8"))
        let little: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try TextDecoding.decode(Array(little.dropLast())) == DecodedText(text: kept, encoding: "utf-16le", cutAtEnd: true))
        let big5 = try sample("town-projects-big5.txt")
        let big5Text = try TextDecoding.decode(big5).text
        let lastLead = try #require(big5.lastIndex { $0 >= 0x81 }) // the lead byte of the last Big5 character
        let cutBig5 = try TextDecoding.decode(Array(big5[...lastLead]))
        #expect(cutBig5.encoding == "big5" && cutBig5.cutAtEnd && cutBig5.replacedSequences == 0)
        #expect(big5Text.hasPrefix(cutBig5.text) && big5Text.unicodeScalars.count > cutBig5.text.unicodeScalars.count)
        #expect(cutGB.repairs == "the last character is cut off (truncated file) and left out")
    }

    /// A few stray bytes in otherwise good text become U+FFFD and are counted; the rest
    /// of the text is read as it is.
    @Test func strayBytesAreReplacedAndCounted() throws {
        let before = "同志们：坚持“项目为王”，", after = "優化營商環境，全力扩大有益投资。\n"
        let body = String(repeating: "加快建设现代化产业体系。", count: 4)
        let stray = Array((before + body).utf8) + [0xFF] + Array(after.utf8)
        let decoded = try TextDecoding.decode(stray)
        #expect(decoded == DecodedText(text: before + body + "\u{FFFD}" + after, encoding: "utf-8", replacedSequences: 1))
        #expect(decoded.repairs == "1 byte sequence that is not utf-8 replaced by U+FFFD")

        var gb = try sample("township-projects-gb18030.txt")
        let clean = try TextDecoding.decode(gb)
        let middle = try #require(gb.indices.first { $0 >= gb.count / 2 && gb[$0] < 0x80 })
        gb.insert(0xFF, at: middle)
        let repaired = try TextDecoding.decode(gb)
        #expect(repaired.encoding == "gb18030" && repaired.replacedSequences == 1 && !repaired.cutAtEnd)
        #expect(repaired.text.replacingOccurrences(of: "\u{FFFD}", with: "") == clean.text)
    }

    /// Past one bad sequence per 1,000 bytes (and at least 3), the bytes are not read.
    @Test func tooManyBadBytesAreAnError() throws {
        let line = Array("坚持项目为王，抓招商引资。\n".utf8)
        let fewBad: [UInt8] = (0..<3).flatMap { _ in line + [0xFF] }
        #expect(try TextDecoding.decode(fewBad).replacedSequences == 3)
        let manyBad: [UInt8] = (0..<4).flatMap { _ in line + [0xFF] }
        #expect(TextDecoding.replacementLimit(manyBad.count) == 3)
        #expect(throws: DecodingError.self) { try TextDecoding.decode(manyBad) }
        let longText: [UInt8] = (0..<25).flatMap { _ in line } // 1,000 bytes; 4,044 in all: 4 bad sequences allowed
        let fourBad = longText + [0xFF] + longText + [0xFE] + longText + [0x80] + longText + [0xC3] + line
        #expect(try TextDecoding.decode(fourBad).replacedSequences == 4)
        #expect(throws: DecodingError.self) { try TextDecoding.decode(fourBad + [0xFF] + line) }
    }

    @Test func binaryDataIsReported() {
        var random = SplitMix64(seed: 7)
        let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        #expect(throws: DecodingError.self) { try TextDecoding.decode(bytes) }
        #expect(throws: DecodingError(reason: "binary data, not text")) {
            try TextDecoding.decode([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 64))
        }
    }

    /// The eight-bytes-at-a-time check equals a byte-by-byte count, with controls at every
    /// offset of a chunk, in a short tail, and past the 65,536 bytes sampled.
    @Test func binaryBytesEqualAByteByByteCount() {
        func oracle(_ bytes: [UInt8]) -> Bool {
            let sample = bytes.prefix(65_536)
            if sample.contains(0) { return true }
            let controls = sample.count { ($0 < 0x20 || $0 == 0x7F) && ![9, 10, 12, 13].contains($0) }
            return controls * 100 > sample.count
        }
        var random = SplitMix64(seed: 21)
        let text = Array("坚持项目为王，优化营商环境。\r\n\tA\u{0C}".utf8)
        for round in 0..<1_540 {
            let length = round < 1_500 ? Int(random.next() % 300) : 65_400 + Int(random.next() % 300)
            var bytes = (0..<length).map { text[($0 + round) % text.count] }
            if length > 65_536 { bytes[length - 1] = 0 }
            for _ in 0..<Int(random.next() % 6) where !bytes.isEmpty {
                let controls: [UInt8] = [0, 1, 8, 0x1B, 0x1F, 0x7F]
                bytes[Int(random.next() % UInt64(bytes.count))] = controls[Int(random.next() % 6)]
            }
            #expect(TextDecoding.hasBinaryBytes(bytes[...]) == oracle(bytes), "round \(round)")
        }
    }

    /// The GBK table's reading equals ICU's whenever it gives one: random mixes of ASCII,
    /// two-byte codes (mapped or not), four-byte codes, stray bytes and cut-off ends. It
    /// gives one for ASCII and two-byte codes ICU reads cleanly, and leaves the rest to ICU.
    @Test func gbkTableReadsAsICUDoes() throws {
        var random = SplitMix64(seed: 5)
        let fourByte = try #require(encoded("䶮𠀀", as: "GB18030"))
        var read = 0
        for round in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 12) {
                switch random.next() % 8 {
                case 0, 1: bytes.append(UInt8(0x20 + random.next() % 0x5F))
                case 2, 3, 4: bytes += [UInt8(0xB0 + random.next() % 0x28), UInt8(0xA1 + random.next() % 0x5E)]
                case 5: bytes += [UInt8(0x81 + random.next() % 0x7E), UInt8(0x40 + random.next() % 0xBF)]
                case 6: if round % 10 == 0 { bytes += fourByte.prefix(4) }
                default: if round % 5 == 0 { bytes.append([0x80, 0xFF, 0x81, 0xA1][Int(random.next() % 4)]) }
                }
            }
            let icu = try TextDecoding.convertWithICU(bytes[...], from: "GB18030", recordedAs: "gb18030")
            guard let text = GBKDecoder.decode(bytes[...]) else {
                #expect(icu.replacedSequences > 0 || icu.cutAtEnd || bytes.contains { $0 >= 0x80 }, "round \(round): ASCII left to ICU")
                continue
            }
            read += 1
            #expect(icu.replacedSequences == 0 && !icu.cutAtEnd && icu.text == text, "round \(round): \(bytes)")
        }
        #expect(read > 1_000)
        // Every two-byte code on its own (one- to three-byte UTF-8 alike).
        var mismatches: [[UInt8]] = []
        for lead in UInt8(0x81)...0xFE {
            for trail in UInt8(0x40)...0xFE {
                let code = [lead, trail]
                guard let text = GBKDecoder.decode(code[...]) else { continue }
                let icu = try TextDecoding.convertWithICU(code[...], from: "GB18030", recordedAs: "gb18030")
                if icu.text != text || icu.replacedSequences > 0 { mismatches.append(code) }
                read += 1
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(read > 20_000)
        let speechBytes = try #require(encoded(speech, as: "GB18030"))
        #expect(GBKDecoder.decode(speechBytes[...]) == speech)
        #expect(GBKDecoder.decode(fourByte[...]) == nil)
        #expect(try TextDecoding.convert(fourByte[...], from: "GB18030", recordedAs: "gb18030").text == "䶮𠀀")
    }

    /// Any bytes: an answer or a `DecodingError`, never a crash, and never more repairs
    /// than allowed. Chinese text reads back as itself in UTF-8, and in GB18030 unless
    /// its bytes are valid UTF-8 too (the oracle: the text encoded).
    @Test func randomBytesAndRandomTextDecodeSafely() throws {
        var random = SplitMix64(seed: 13)
        let alphabets: [[UInt8]] = [Array(0x20...0x7E), Array(0x80...0xFF), Array(0x00...0xFF), [0x00, 0x41, 0xB0, 0xA1, 0xE4, 0xB8, 0xAD]]
        for round in 0..<3_000 {
            let alphabet = alphabets[round % alphabets.count]
            let bytes = (0..<Int(random.next() % 65)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            if let decoded = try? TextDecoding.decode(bytes) {
                #expect(decoded.replacedSequences <= TextDecoding.replacementLimit(bytes.count))
            }
        }
        let han = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严")
        for _ in 0..<300 {
            let text = String((0..<Int(1 + random.next() % 40)).map { _ in han[Int(random.next() % UInt64(han.count))] })
            #expect(try TextDecoding.decode(Array(text.utf8)) == DecodedText(text: text, encoding: "utf-8"))
            let gb = try #require(encoded(text, as: "GB18030"))
            // A character or two of GB18030 can be valid UTF-8 (时 is CA B1, UTF-8 for ʱ),
            // which DESIGN reads as UTF-8.
            guard String(validating: gb, as: UTF8.self) == nil else { continue }
            #expect(try TextDecoding.decode(gb) == DecodedText(text: text, encoding: "gb18030"))
        }
    }

    @Test func emptyInputIsEmptyText() throws {
        #expect(try TextDecoding.decode([]) == DecodedText(text: "", encoding: "utf-8"))
    }
}
