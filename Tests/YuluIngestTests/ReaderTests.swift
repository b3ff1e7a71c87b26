import Testing
import YuluTestSupport
@testable import YuluIngest

@Suite struct ReaderTests {
    @Test func csvQuotedFieldsHoldCommasQuotesAndLineBreaks() {
        let table = CSVTable(parsing: "a,b,text\n1,\"x, y\",\"他说\"\"好\"\"\n第二行\"\r\n2,,plain\n")
        #expect(table.header == ["a", "b", "text"])
        #expect(table.records.map(\.fields) == [["1", "x, y", "他说\"好\"\n第二行"], ["2", "", "plain"]])
        #expect(table.records.map(\.line) == [2, 4])
        #expect(table.problem == nil)
        #expect(table.longestColumn == 2)
    }

    @Test func csvBrokenQuoteKeepsTheRecordsBeforeIt() {
        let table = CSVTable(parsing: "id,text\n1,好\n2,\"未闭合\n3,后面\n")
        #expect(table.records.map(\.fields) == [["1", "好"]])
        #expect(table.problem?.line == 3)
    }

    /// Random tables written as RFC 4180 allows (some fields quoted that need not be, LF or
    /// CRLF between records, a final line break or none) read back as written, each record
    /// with the line it starts on; a line break inside a field reads as LF.
    @Test func csvRandomTablesReadBackAsWritten() {
        var random = SplitMix64(seed: 9)
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let pieces = ["a", "项目", "為王", " ", ",", "\"", "\"\"", "\n", "\r\n", "\r", "'", "😀", "\t", "x y"]
        for _ in 0..<500 {
            let columns = 2 + below(4)
            let rows = (0..<(1 + below(6))).map { row in
                (0..<columns).map { column in
                    row == 0 ? "c\(column)" : (0..<below(5)).map { _ in pieces[below(pieces.count)] }.joined()
                }
            }
            var text = ""
            var lines: [Int] = []
            var line = 1
            for (index, row) in rows.enumerated() {
                var record = row.map { field in
                    guard field.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) || below(4) == 0 else { return field }
                    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                }.joined(separator: ",")
                if index < rows.count - 1 || below(2) == 0 { record += below(2) == 0 ? "\n" : "\r\n" }
                lines.append(line)
                // Line breaks: LF, CRLF and a lone CR each count once.
                let scalars = Array(record.unicodeScalars)
                line += scalars.indices.count { scalars[$0] == "\n" || scalars[$0] == "\r" && ($0 + 1 == scalars.count || scalars[$0 + 1] != "\n") }
                text += record
            }
            let table = CSVTable(parsing: text)
            let expected = rows.dropFirst().map { $0.map { $0.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") } }
            #expect(table.problem == nil, "\(text.debugDescription)")
            #expect(table.header == rows[0], "\(text.debugDescription)")
            #expect(table.records.map(\.fields) == Array(expected), "\(text.debugDescription)")
            #expect(table.records.map(\.line) == Array(lines.dropFirst()), "\(text.debugDescription)")
        }
    }

    @Test func csvRecordsBecomeDocumentsWithFieldsAndIds() {
        let file = InputFile(path: "reports.csv", id: "reports.csv", format: .csv)
        let text = "province,year,title,full_text\n浙江省,2026,报告,\"各位代表：\n现在报告工作。\"\n"
        let ingested = Ingestor().ingest(Array(text.utf8), as: file)
        #expect(ingested.reports.skipped.isEmpty)
        let document = try! #require(ingested.documents.first)
        #expect(document.id == "reports.csv#1")
        #expect(document.paragraphs == ["各位代表：", "现在报告工作。"])
        #expect(document.fields["province"] == .text("浙江省"))
        #expect(document.fields["year"] == .text("2026"))
        #expect(document.fields["title"] == .text("报告"))
        #expect(document.fields["full_text"] == nil)
    }

    @Test func csvTextColumnCanBeNamed() {
        let file = InputFile(path: "t.csv", id: "t.csv", format: .csv)
        let text = "note,body\n一段很长很长很长很长的备注文字,正文\n"
        let named = Ingestor(options: IngestOptions(textColumn: "body")).ingest(Array(text.utf8), as: file)
        #expect(named.documents.first?.paragraphs == ["正文"])
        let missing = Ingestor(options: IngestOptions(textColumn: "nope")).ingest(Array(text.utf8), as: file)
        #expect(missing.documents.isEmpty)
        #expect(missing.reports.skipped.first?.reason.contains("no column \"nope\"") == true)
        // A header row alone gives nothing, and says so (it was silent).
        let headerOnly = Ingestor().ingest(Array("note,body\n".utf8), as: file)
        #expect(headerOnly.documents.isEmpty && headerOnly.reports.skipped.map(\.reason) == ["CSV with a header row and no records"])
    }

    @Test func jsonLinesKeepFieldTypesAndReportBadLines() {
        let file = InputFile(path: "d.jsonl", id: "d.jsonl", format: .jsonLines)
        let text = """
        {"id": "a-1", "text": "坚持项目为王。", "year": 2025, "draft": false, "score": 0.5, "title": "要点"}
        not json
        {"title": "no text"}
        {"text": "第二条。"}
        """
        let ingested = Ingestor().ingest(Array(text.utf8), as: file)
        #expect(ingested.documents.map(\.id) == ["a-1", "d.jsonl#4"])
        #expect(ingested.documents[0].fields["year"] == .integer(2025))
        #expect(ingested.documents[0].fields["draft"] == .flag(false))
        #expect(ingested.documents[0].fields["score"] == .real(0.5))
        #expect(ingested.documents[0].fields["title"] == .text("要点"))
        #expect(ingested.reports.skipped.map(\.path) == ["d.jsonl#2", "d.jsonl#3"])
    }

    @Test func htmlDropsScriptsAndStylesDecodesReferencesAndFindsTheTitle() {
        let html = """
        <html><head><title>致辞 - 某网</title><style>p{}</style><script>var a = "<p>x</p>";</script></head>
        <body><h1>在开工仪式上的致辞</h1><p>坚持&ldquo;项目为王&rdquo;，总投资&#51;86亿元&amp;更多。</p><!-- 注释 --><p>第二
        段</p></body></html>
        """
        let (text, title) = HTMLText.read(html)
        #expect(title == "在开工仪式上的致辞")
        let lines = TextLines.split(text).map { LineText.trimmed($0) }.filter { !$0.isEmpty }
        #expect(lines == ["在开工仪式上的致辞", "坚持“项目为王”，总投资386亿元&更多。", "第二 段"])
    }

    /// References as a browser reads them: every HTML 4 name (`&shy;` inside a phrase is
    /// no break once read), legacy names and numbers without their `;`, C1 numbers as
    /// Windows-1252; what is no reference stays text.
    @Test(arguments: [
        ("招&shy;商&zwnj;引资", "招\u{AD}商\u{200C}引资"),
        ("&nbsp项目&copy2025", " 项目©2025"),
        ("&#8220;引号&#8221 &#x4eb2;清&#150;", "“引号” 亲清–"),
        ("&AMP; &frac12; &sup2; &hellip;", "& ½ ² …"),
        ("R&D &unknown; &#0; &#xD800; &#99999999; & &;", "R&D &unknown; &#0; &#xD800; &#99999999; & &;"),
        ("&notaname;", "¬aname;"),
    ])
    func htmlReferencesAreReadAsBrowsersRead(_ html: String, _ text: String) {
        #expect(HTMLText.decode(Array(html.unicodeScalars)[...]) == text)
    }

    @Test func markdownHeadingsAndCommentLines() {
        let (lines, title) = MarkdownText.read("# 中华人民共和国某法\n\n2009年2月28日通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n第一条 为了……")
        #expect(title == "中华人民共和国某法")
        #expect(lines.filter { !$0.isEmpty } == ["中华人民共和国某法", "2009年2月28日通过", "第一章 总则", "第一条 为了……"])
    }

    @Test func linesEndAtLFCRLFAndLoneCR() {
        #expect(TextLines.split("一\r\n二\r三\n四") == ["一", "二", "三", "四"])
        #expect(TextLines.split("") == [""])
        // Line ends are found eight bytes at a time: at every offset of a word, in the
        // tail, and a CRLF across two words, the lines equal a split scalar by scalar.
        var random = SplitMix64(seed: 9)
        let pieces = ["a", "项目", "\n", "\r", "\r\n", "𠀀", "abcdefgh"]
        for _ in 0..<500 {
            let text = (0..<Int(random.next() % 16)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            var expected: [String] = [""]
            var afterCR = false
            for scalar in text.unicodeScalars {
                if scalar == "\n" && afterCR {
                    afterCR = false
                    continue
                }
                afterCR = scalar == "\r"
                if scalar == "\n" || scalar == "\r" { expected.append("") } else { expected[expected.count - 1].unicodeScalars.append(scalar) }
            }
            #expect(TextLines.split(text).map(String.init) == expected, "\(Array(text.utf8))")
        }
    }

    @Test func datesAreReadInTheCommonWritings() {
        #expect(Metadata.isoDate(in: "发表时间:2025/5/4 21:47:36") == "2025-05-04")
        #expect(Metadata.isoDate(in: "2024年11月8日") == "2024-11-08")
        #expect(Metadata.isoDate(in: "2026-02-03 09:02:33") == "2026-02-03")
        #expect(Metadata.isoDate(in: "12025-13-40") == nil)
        #expect(Metadata.isoDate(in: "第2025号") == nil)
    }

    @Test func fileFormatsByExtension() {
        #expect(FileFormat(fileName: "a.TXT") == .plainText)
        #expect(FileFormat(fileName: "README") == .plainText)
        #expect(FileFormat(fileName: "x.htm") == .html)
        #expect(FileFormat(fileName: "x.ndjson") == .jsonLines)
        #expect(FileFormat(fileName: "x.pdf") == nil)
    }

    /// `year` comes from the date, after it, unless the record has a `year` of its own;
    /// a date that is not ISO 8601 gives none.
    @Test func yearComesFromTheDateUnlessTheRecordHasOne() {
        let speech = InputFile(path: "s.txt", id: "s.txt", format: .plainText)
        let dated = Ingestor().ingest(Array("县长讲话\n2024年11月8日\n同志们：坚持项目为王。\n".utf8), as: speech)
        let fields = dated.documents.first?.fields
        #expect(fields?["date"] == .text("2024-11-08") && fields?["year"] == .integer(2024))
        #expect(Array(fields?.map(\.name).prefix(3) ?? []) == ["title", "date", "year"])
        let undated = Ingestor().ingest(Array("县长讲话\n同志们：坚持项目为王。\n".utf8), as: speech)
        #expect(undated.documents.first?.fields["year"] == nil)

        let records = InputFile(path: "r.jsonl", id: "r.jsonl", format: .jsonLines)
        let lines = """
        {"text": "坚持项目为王。", "date": "2023-05-06", "year": "2022"}
        {"text": "坚持项目为王。", "date": "2023-05-06"}
        {"text": "坚持项目为王。", "date": "去年五月"}
        """
        let read = Ingestor().ingest(Array(lines.utf8), as: records).documents
        #expect(read.map { $0.fields["year"] } == [.text("2022"), .integer(2023), nil])
        #expect(read[0].fields.filter { $0.name == "year" }.count == 1)
        #expect(DocumentAssembler.year(of: "2025") == 2025 && DocumentAssembler.year(of: "20250") == nil)
    }
}
