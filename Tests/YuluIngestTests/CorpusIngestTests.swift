import Foundation
import Testing
import YuluTestSupport
@testable import YuluIngest

/// Cleaning and metadata on the real scraped speeches and provincial reports.
@Suite(.enabled(if: Corpus.isAvailable, Corpus.skipNote))
struct CorpusIngestTests {
    func ingest(_ folder: String) throws -> [Document] {
        let (files, skipped) = Ingestor.inputFiles([try #require(Corpus.root).appendingPathComponent(folder).path])
        #expect(skipped.isEmpty)
        let ingestor = Ingestor()
        return files.flatMap { file in
            let result = ingestor.ingest(file)
            #expect(result.reports.skipped.isEmpty, "\(result.reports.skipped)")
            return result.documents
        }
    }

    func seed(_ documents: [Document], _ prefix: String) throws -> Document {
        try #require(documents.first { $0.id.hasPrefix(prefix) })
    }

    @Test func seedsLoseTheSitesAdditions() throws {
        let documents = try ingest("seeds")
        #expect(documents.count == 5)
        let forbidden = ["新文秘网", "酷乐文行", "文鼎文库", "三七文档", "备案号", "上一篇", "下一篇", "上一篇", "預覽結束", "预览结束",
                         "省略", "QQ", "qq", "ＱＱ", "免费阅读已结束", "正式会员", "赏杯茶", "資源描述", "资源描述"]
        for document in documents {
            for paragraph in document.paragraphs {
                for word in forbidden {
                    #expect(!paragraph.contains(word), "\(document.id): \(paragraph.prefix(60))")
                }
                #expect(paragraph.range(of: #"\d{5,}"#, options: .regularExpression) == nil || !paragraph.lowercased().contains("qq"))
                #expect(paragraph.range(of: #"省略\s*\d+\s*字"#, options: .regularExpression) == nil)
            }
        }
    }

    @Test func seed003KeepsItsSpeechAroundTheRemovedSentence() throws {
        let documents = try ingest("seeds")
        let document = try seed(documents, "003_")
        let source = try String(contentsOf: Corpus.root!.appendingPathComponent("seeds/\(document.id)"), encoding: .utf8)
        let longLine = String(try #require(source.split(separator: "\n").first { $0.count > 4000 }))
        let text = document.paragraphs.joined()
        #expect(text.contains("同志们"))
        #expect(text.components(separatedBy: "项目为王").count == longLine.components(separatedBy: "项目为王").count)
        #expect(!text.contains("网友"))
        #expect(!text.contains("下载"))
        let expected = longLine.replacingOccurrences(of: "下面是网友为您分享的文档范本,供您参考学习,喜欢的话就下载吧!", with: "")
        #expect(expected.count < longLine.count)
        #expect(text.contains(expected.trimmingCharacters(in: .whitespaces)), "the rest of the line is kept, character for character")
    }

    @Test func seedMetadata() throws {
        let documents = try ingest("seeds")
        let first = try seed(documents, "000_")
        #expect(first.fields["date"] == .text("2025-05-04"))
        #expect(first.fields["title"] == .text("县委书记在全县重大项目突破年推进会上的讲话"))
        #expect(first.fields["truncated"] == .flag(true))
        #expect(first.fields["full_length"] == .integer(4203))
        #expect(first.fields["source"] == .text("新文秘网"))
        #expect(!first.paragraphs.contains("一是项目储备不足"), "the outline block is gone")
        let traditional = try seed(documents, "004_")
        #expect(traditional.fields["date"] == .text("2022-05-08"))
        #expect(traditional.fields["title"] == .text("書記在縣級項目工作推進會講話"))
        #expect(try seed(documents, "002_").fields["full_length"] == .integer(3684))
        #expect(try seed(documents, "001_").fields["title"] == .text("全区项目建设年推进会讲话"))
    }

    @Test func provincialReportsLoseTheirPageChromeOnly() throws {
        let documents = try ingest("provincial-2026")
        #expect(documents.count == 31)
        let chrome: Set<String> = ["下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】"]
        var sentencesWithJiada = 0
        for document in documents {
            #expect(document.fields["province"] != nil)
            #expect(document.fields["year"] == .text("2026"))
            #expect(document.fields["date"] != nil)
            for paragraph in document.paragraphs {
                #expect(!chrome.contains(paragraph), "\(document.id): \(paragraph)")
                if paragraph.contains("加大") { sentencesWithJiada += 1 }
            }
        }
        let sourceLines = try Corpus.files("provincial-2026").flatMap { url in
            try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let expected = sourceLines.filter { $0.contains("加大") && $0 != "加大" }.count
        #expect(sentencesWithJiada >= expected)
        #expect(expected > 50)
    }
}

/// Decoding against its oracle, the text that was encoded: slices of the provincial
/// reports in GB18030 and of the traditional seed in Big5, from 8 to 160 characters,
/// read back as exactly that text in that encoding.
@Suite(.enabled(if: Corpus.isAvailable, Corpus.skipNote))
struct CorpusDecodingTests {
    @Test func slicesOfRealTextReadBackInTheirEncoding() throws {
        let ingestor = Ingestor()
        let (reports, _) = Ingestor.inputFiles([try #require(Corpus.root).appendingPathComponent("provincial-2026").path])
        let simplified = reports.flatMap { ingestor.ingest($0).documents.flatMap(\.paragraphs) }
        let (seeds, _) = Ingestor.inputFiles([try #require(Corpus.root).appendingPathComponent("seeds").path])
        let traditional = seeds.filter { $0.id.hasPrefix("004_") }.flatMap { ingestor.ingest($0).documents.flatMap(\.paragraphs) }
        var random = SplitMix64(seed: 11)
        var wrong: [String] = []
        var doubtful: [String] = []
        var checked = 0
        for (paragraphs, charset, encoding) in [(simplified, "GB18030", "gb18030"), (traditional, "Big5", "big5")] {
            let long = paragraphs.map { Array($0) }.filter { $0.count >= 160 }
            try #require(!long.isEmpty)
            for length in [8, 12, 20, 40, 80, 160] {
                for _ in 0..<40 {
                    let paragraph = long[Int(random.next() % UInt64(long.count))]
                    let start = Int(random.next() % UInt64(paragraph.count - length + 1))
                    let slice = String(paragraph[start..<(start + length)])
                    guard let bytes = encoded(slice, as: charset) else { continue }
                    checked += 1
                    let decoded = try TextDecoding.decode(bytes)
                    if decoded.text != slice || decoded.encoding != encoding {
                        wrong.append("\(slice) read as \(decoded.encoding): \(decoded.text)")
                    }
                    if let doubt = decoded.doubt { doubtful.append("\(slice): \(doubt)") }
                }
            }
        }
        #expect(checked > 400)
        #expect(wrong.isEmpty, "\(wrong.count) of \(checked) misread: \(wrong.prefix(5))")
        // A right reading of real text is never reported as doubtful.
        #expect(doubtful.isEmpty, "\(doubtful.count) of \(checked) doubtful: \(doubtful.prefix(5))")
    }
}

/// The provincial reports re-encoded in GB18030, as Excel on a Chinese Windows saves a
/// CSV, ingest to the same documents as the UTF-8 originals: same ids, fields (but
/// `encoding`), paragraphs and removals.
@Suite(.enabled(if: Corpus.isAvailable, Corpus.skipNote))
struct CorpusReencodingTests {
    @Test func provincialReportsInGB18030ReadAsTheirOriginals() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yulu-gb18030-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let originals = try Corpus.files("provincial-2026")
        for url in originals {
            let text = try TextDecoding.decode([UInt8](try Data(contentsOf: url))).text
            let bytes = try #require(encoded(text, as: "GB18030"))
            try Data(bytes).write(to: folder.appendingPathComponent(url.lastPathComponent))
        }
        func documents(_ path: String) -> [Document] {
            let ingestor = Ingestor()
            return Ingestor.inputFiles([path]).files.flatMap { ingestor.ingest($0).documents }
        }
        let utf8 = documents(try #require(Corpus.root).appendingPathComponent("provincial-2026").path)
        let gb18030 = documents(folder.path)
        #expect(utf8.count == originals.count && gb18030.count == utf8.count)
        for (original, reencoded) in zip(utf8, gb18030) {
            #expect(reencoded.fields["encoding"] == .text("gb18030"))
            var fields = reencoded.fields
            fields["encoding"] = original.fields["encoding"]
            #expect(reencoded.id == original.id && fields == original.fields)
            #expect(reencoded.paragraphs == original.paragraphs)
            #expect(reencoded.removals == original.removals)
        }
    }
}
