import Foundation
import Testing
import YuluTestSupport
@testable import YuluIngest

/// Files of every awkward kind in one folder: each is decoded or reported, and the run goes on.
@Suite struct IngestorTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("yulu-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func sample(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: Project.sampleCorpus.appendingPathComponent(name)))
    }

    @Test func everyFileIsDecodedOrReportedAndTheRunGoesOn() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let speech = "讲话\n同志们：\n坚持项目为王。\n"
        var truncated = try sample("township-projects-gb18030.txt")
        while truncated.last == 0x0A { truncated.removeLast() }
        truncated.removeLast()
        try write("a-gb18030.txt", try sample("township-projects-gb18030.txt"))
        try write("b-big5.txt", try sample("town-projects-big5.txt"))
        try write("c-utf16le.txt", [0xFF, 0xFE] + speech.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        try write("d-utf16be.txt", [0xFE, 0xFF] + speech.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        try write("e-utf8bom.txt", [0xEF, 0xBB, 0xBF] + Array(speech.utf8))
        try write("f-crlf-cr.txt", Array("讲话\r\n第一段。\r第二段。\r\n".utf8))
        try write("g-binary.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array(repeating: 0xFF, count: 300))
        try write("h-empty.txt", [])
        try write("i-truncated-gb18030.txt", truncated)
        try write("j-broken.csv", Array("n,text\n1,好的文本\n2,\"没有闭合的引号\n".utf8))
        try write("k-unknown.pdf", Array("%PDF-1.4".utf8))
        try write(".hidden.txt", Array(speech.utf8))
        try write("sub/l-nested.md", Array("# 标题\n正文。\n".utf8))
        let records = Array("province,text\n浙江省,坚持项目为王，".utf8) + [0xFF]
            + Array("优化营商环境，推动高质量发展。\n江苏省,加快建设现代化产业体系。\n".utf8)
        try write("m-stray-byte.csv", records)

        let (files, unreadable) = Ingestor.inputFiles([folder.path])
        #expect(files.map(\.id) == ["a-gb18030.txt", "b-big5.txt", "c-utf16le.txt", "d-utf16be.txt", "e-utf8bom.txt",
                                    "f-crlf-cr.txt", "g-binary.txt", "h-empty.txt", "i-truncated-gb18030.txt",
                                    "j-broken.csv", "m-stray-byte.csv", "sub/l-nested.md"])
        #expect(unreadable.map { ($0.path as NSString).lastPathComponent } == ["k-unknown.pdf"])

        let ingestor = Ingestor()
        var documents: [String: Document] = [:]
        var skipped: [String: String] = [:]
        var repaired: [String: String] = [:]
        for file in files {
            let result = ingestor.ingest(file)
            for document in result.documents { documents[document.id] = document }
            for item in result.reports.skipped { skipped[(item.path as NSString).lastPathComponent] = item.reason }
            for item in result.reports.repaired { repaired[(item.path as NSString).lastPathComponent] = item.repairs }
        }
        #expect(documents["a-gb18030.txt"]?.fields["encoding"] == .text("gb18030"))
        #expect(documents["b-big5.txt"]?.fields["encoding"] == .text("big5"))
        for id in ["c-utf16le.txt", "d-utf16be.txt", "e-utf8bom.txt"] {
            #expect(documents[id]?.paragraphs == ["讲话", "同志们：", "坚持项目为王。"], "\(id)")
        }
        #expect(documents["c-utf16le.txt"]?.fields["encoding"] == .text("utf-16le"))
        #expect(documents["f-crlf-cr.txt"]?.paragraphs == ["讲话", "第一段。", "第二段。"])
        #expect(documents["j-broken.csv#1"]?.paragraphs == ["好的文本"])
        #expect(documents["sub/l-nested.md"]?.fields["title"] == .text("标题"))
        #expect(skipped["g-binary.txt"] != nil)
        #expect(skipped["h-empty.txt"] == "empty file (no text)")
        #expect(skipped["j-broken.csv"]?.contains("never closed") == true)
        #expect(skipped.count == 3)

        // Cut inside its last character: read without it, and marked truncated.
        let cut = try #require(documents["i-truncated-gb18030.txt"])
        #expect(cut.fields["encoding"] == .text("gb18030") && cut.fields["truncated"] == .flag(true))
        #expect(cut.paragraphs.dropLast() == documents["a-gb18030.txt"]?.paragraphs.dropLast())
        #expect(repaired["i-truncated-gb18030.txt"] == "the last character is cut off (truncated file) and left out")
        // A stray byte: U+FFFD in its place, counted on every record of the file.
        #expect(documents["m-stray-byte.csv#1"]?.paragraphs == ["坚持项目为王，\u{FFFD}优化营商环境，推动高质量发展。"])
        #expect(documents["m-stray-byte.csv#1"]?.fields["undecodable"] == .integer(1))
        #expect(documents["m-stray-byte.csv#2"]?.fields["undecodable"] == .integer(1))
        #expect(Array(documents["m-stray-byte.csv#2"]?.fields.map(\.name) ?? []) == ["truncated", "encoding", "undecodable", "province"])
        #expect(repaired["m-stray-byte.csv"] == "1 byte sequence that is not utf-8 replaced by U+FFFD")
        #expect(documents["a-gb18030.txt"]?.fields["undecodable"] == nil)
        #expect(repaired.count == 2)
        #expect(documents.count == 11)
    }

    /// Names that are not UTF-8, as a zip made on a Chinese Windows leaves them when
    /// unpacked on Linux: every file is found and read, its id the name read as GB18030 or
    /// Big5, or escaped when that reading is not clean or is another file's name.
    @Test func namesThatAreNotUTF8AreRead() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let gbkSpeech: [UInt8] = [0xCF, 0xD8, 0xB3, 0xA4, 0xBD, 0xB2, 0xBB, 0xB0, 0xB8, 0xE5]  // 县长讲话稿
        let big5Speech: [UInt8] = [0xBF, 0xA4, 0xAA, 0xF8, 0xC1, 0xBF, 0xB8, 0xDC]  // 縣長講話
        let gbkYear: [UInt8] = [0xB6, 0xFE, 0xA9, 0x96, 0xB6, 0xFE, 0xCE, 0xE5, 0xC4, 0xEA]  // 二〇二五年
        let gbkTalk: [UInt8] = [0xBD, 0xB2, 0xBB, 0xB0]  // 讲话
        let txt = Array(".txt".utf8), slash = UInt8(ascii: "/")
        func write(_ name: [UInt8], _ text: String) throws {
            let path = Array(folder.path.utf8) + [slash] + name + [0]
            let descriptor = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) } }
            try #require(descriptor >= 0)
            defer { close(descriptor) }
            _ = Array(text.utf8).withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        }
        try write(gbkSpeech + txt, "县长讲话，GB18030 的文件名。")
        try write(big5Speech + txt, "縣長講話，Big5 的文件名。")
        try write(Array("县长讲话稿.txt".utf8), "同名的 UTF-8 文件。")
        try write(Array("bad-".utf8) + [0x80, 0xFF] + txt, "读不出的文件名。")
        let yearFolder = Array(folder.path.utf8) + [slash] + gbkYear + [0]
        _ = yearFolder.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) } }
        try write(gbkYear + [slash] + gbkTalk + txt, "子目录里的讲话。")

        let (files, skipped) = Ingestor.inputFiles([folder.path])
        #expect(skipped.isEmpty)
        #expect(Set(files.map(\.id)) == ["%CF%D8%B3%A4%BD%B2%BB%B0%B8%E5.txt", "縣長講話.txt", "县长讲话稿.txt", "bad-%80%FF.txt", "二〇二五年/讲话.txt"])
        #expect(files.contains { $0.path == folder.path + "/二〇二五年/讲话.txt" })
        let ingestor = Ingestor()
        var texts: [String: String] = [:]
        for file in files {
            let result = ingestor.ingest(file)
            #expect(result.reports.skipped.isEmpty, "\(file.id)")
            #expect(file.byteCount > 0, "\(file.id)")
            for document in result.documents { texts[document.id] = document.paragraphs.joined() }
        }
        #expect(texts == ["%CF%D8%B3%A4%BD%B2%BB%B0%B8%E5.txt": "县长讲话，GB18030 的文件名。", "縣長講話.txt": "縣長講話，Big5 的文件名。",
                          "县长讲话稿.txt": "同名的 UTF-8 文件。", "bad-%80%FF.txt": "读不出的文件名。", "二〇二五年/讲话.txt": "子目录里的讲话。"])
    }

    @Test func aFiftyMegabyteSingleLineFileIsReadWhole() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let sentence = "坚持项目为王，优化营商环境，推动高质量发展。" // 22 scalars, 66 bytes
        let line = String(repeating: sentence, count: 50_000_000 / 66 + 1)
        try write("huge.txt", Array(line.utf8))
        let (files, _) = Ingestor.inputFiles([folder.appendingPathComponent("huge.txt").path])
        let ingested = Ingestor().ingest(files[0])
        #expect(ingested.reports.skipped.isEmpty)
        let paragraphs = try #require(ingested.documents.first?.paragraphs)
        #expect(paragraphs.joined() == line)
        #expect(paragraphs.allSatisfy { $0.unicodeScalars.count <= 500 })
    }
}
