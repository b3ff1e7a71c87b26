import Foundation
import Testing
import YuluIndex
import YuluTestSupport

/// `yulu search` as a script sees it: JSON, TSV, batches, and one-line errors.
@Suite struct SearchCommandTests {
    static func indexedSample() throws -> TemporaryFolder {
        let folder = try TemporaryFolder("yulu-search-cli")
        _ = try IndexWriter.index([Project.sampleCorpus.path], into: folder.path)
        return folder
    }

    static func object(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func jsonTsvAndBatch() throws {
        let index = try Self.indexedSample()
        let json = try YuluBinary.run(["search", "--index", index.path, "项目为王", "--json", "--limit", "2"])
        #expect(json.status == 0)
        let result = try Self.object(Substring(json.output.trimmingCharacters(in: .newlines)))
        #expect(result["ok"] as? Bool == true && (result["total"] as? Int ?? 0) > 2)
        let hits = try #require(result["hits"] as? [[String: Any]])
        #expect(hits.count == 2)
        #expect(Set(hits[0].keys) == ["doc", "para", "score", "text", "highlights", "fields"])
        #expect(json.output.hasPrefix("{\"ok\":true,\"total\":"))

        let kwic = try YuluBinary.run(["search", "--index", index.path, "项目为王", "--kwic", "--tsv"])
        #expect(kwic.status == 0)
        let header = try #require(kwic.output.split(separator: "\n").first).split(separator: "\t").map(String.init)
        #expect(header.prefix(6) == ["doc", "para", "score", "title", "date", "year"] && header.suffix(4) == ["left", "match", "right", "text"])
        // Every field is a column, holding what the JSON hit's fields hold (empty where it has none).
        let all = try YuluBinary.run(["search", "--index", index.path, "项目为王", "--json", "--limit", "100"])
        let jsonHits = try #require(try Self.object(Substring(all.output.trimmingCharacters(in: .newlines)))["hits"] as? [[String: Any]])
        let tsvRows = try YuluBinary.run(["search", "--index", index.path, "项目为王", "--tsv", "--limit", "100"]).output
            .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let columns = tsvRows[0]
        #expect(columns.contains("province") && columns.contains("encoding") && tsvRows.count == jsonHits.count + 1)
        // --fields picks the columns and their order; a field no document has is a one-line error.
        let chosen = try YuluBinary.run(["search", "--index", index.path, "项目为王", "--tsv", "--fields", "province, year"])
        #expect(chosen.output.split(separator: "\n").first == "doc\tpara\tscore\tprovince\tyear\ttext")
        let unknown = try YuluBinary.run(["search", "--index", index.path, "项目为王", "--tsv", "--fields", "colour"])
        #expect(unknown.status != 0 && unknown.error.split(separator: "\n").count == 1 && unknown.error.contains("colour"))
        let counting = try YuluBinary.run(["search", "--index", index.path, "项目为王", "--tsv", "--count", "--fields", "province"])
        #expect(counting.status != 0 && counting.output.isEmpty && counting.error.contains("--count prints none"))
        for (row, hit) in zip(tsvRows.dropFirst(), jsonHits) {
            let fields = try #require(hit["fields"] as? [String: Any])
            for (column, value) in zip(columns, row) where !["doc", "para", "score", "text"].contains(column) {
                if fields[column] == nil { #expect(value.isEmpty, "\(row[0]) \(column)") }
                if let text = fields[column] as? String { #expect(value == text, "\(row[0]) \(column)") }
            }
        }
        // Grouped by document, each matching paragraph is a concordance line too.
        let byDocument = try YuluBinary.run(["search", "--index", index.path, "项目为王", "--by", "doc", "--kwic", "4", "--limit", "1"])
        #expect(byDocument.status == 0)
        #expect(byDocument.output.split(separator: "\n").last == "  ¶2  坚持 项目为王 ，全年实")

        let batchFile = index.file("queries.txt")
        try "项目为王\n\n营商环境\n项目 OR\n".write(toFile: batchFile, atomically: true, encoding: .utf8)
        let batch = try YuluBinary.run(["search", "--index", index.path, "--batch", batchFile, "--count", "--json"])
        let lines = batch.output.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(try Self.object(lines[0])["q"] as? String == "项目为王")
        #expect(try Self.object(lines[1])["ok"] as? Bool == true)
        #expect(try Self.object(lines[2])["ok"] as? Bool == false)
        #expect(batch.status != 0 && batch.error.contains("项目 OR"))

        let facets = try YuluBinary.run(["search", "--index", index.path, "--batch", batchFile, "--count", "--facet", "encoding", "--tsv"])
        #expect(facets.output.split(separator: "\n").first == "q\tfield\tvalue\tcount\tdocs")

        // `--batch -` reads the queries from standard input, with the same answers.
        let piped = try YuluBinary.run(["search", "--index", index.path, "--batch", "-", "--count", "--json"],
                                       input: Data("项目为王\n\n营商环境\n项目 OR\n".utf8))
        func untimed(_ output: String) -> String { output.replacingOccurrences(of: #""took_ms":[0-9.e-]+"#, with: "", options: .regularExpression) }
        #expect(untimed(piped.output) == untimed(batch.output) && piped.status == batch.status && piped.error == batch.error)
        // A line that is not UTF-8 is reported (not repaired into U+FFFD) and the lines after it are answered.
        let garbled = try YuluBinary.run(["search", "--index", index.path, "--batch", "-", "--count", "--json"],
                                         input: Data([0xFF, 0xFE, 0x0A]) + Data("项目为王".utf8))
        let garbledLines = garbled.output.split(separator: "\n")
        #expect(garbled.status != 0 && garbledLines.count == 2 && garbled.error.contains("line 1 of standard input is not UTF-8"))
        #expect(try Self.object(garbledLines[0])["ok"] as? Bool == false && Self.object(garbledLines[1])["q"] as? String == "项目为王")
    }

    /// A tab inside a paragraph or a field value becomes a space in `--tsv`, so every row
    /// keeps the header's columns.
    @Test func tsvCellsHoldNoTabs() throws {
        let folder = try TemporaryFolder("yulu-tsv")
        let corpus = try TemporaryFolder("yulu-tsv-corpus")
        _ = try IndexWriter.index([try corpus.writeJSONLines("t.jsonl", [["text": "坚持\t项目为王。", "unit": "办公室\t秘书科"]])], into: folder.path)
        let run = try YuluBinary.run(["search", "--index", folder.path, "项目为王", "--tsv", "--kwic", "2"])
        let rows = run.output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(run.status == 0 && rows.count == 2 && rows[1].count == rows[0].count)
        #expect(rows[1].contains("办公室 秘书科") && rows[1].last == "坚持 项目为王。")
    }

    /// A batch file is read as `yulu index` reads a file: a term list saved in GB18030,
    /// Big5 or UTF-16 (Notepad's and Excel's choices on a Chinese Windows) gets the answers
    /// of its UTF-8 twin, with a line on standard error saying how it was read.
    @Test func batchFilesInLegacyEncodingsAreRead() throws {
        let index = try Self.indexedSample()
        let simplified = "项目为王\n营商环境\n", traditional = "項目為王\n營商環境\n"
        func answers(_ bytes: Data, _ name: String) throws -> (output: String, error: String) {
            try bytes.write(to: URL(fileURLWithPath: index.file(name)))
            let run = try YuluBinary.run(["search", "--index", index.path, "--batch", index.file(name), "--count", "--json"])
            #expect(run.status == 0, "\(name): \(run.error)")
            return (run.output.replacingOccurrences(of: #""took_ms":[0-9.e-]+"#, with: "", options: .regularExpression), run.error)
        }
        let plain = try answers(Data(simplified.utf8), "utf8.txt")
        #expect(plain.error.isEmpty && plain.output.contains(#""q":"项目为王","ok":true"#))
        let gb18030: [UInt8] = [0xCF, 0xEE, 0xC4, 0xBF, 0xCE, 0xAA, 0xCD, 0xF5, 0x0A, 0xD3, 0xAA, 0xC9, 0xCC, 0xBB, 0xB7, 0xBE, 0xB3, 0x0A]
        let utf16: [UInt8] = [0xFF, 0xFE] + simplified.utf16.flatMap { unit -> [UInt8] in [UInt8(truncatingIfNeeded: unit), UInt8(unit >> 8)] }
        for (name, bytes, encoding) in [("gb18030.txt", gb18030, "gb18030"), ("utf16.txt", utf16, "utf-16le")] {
            let read = try answers(Data(bytes), name)
            #expect(read.output == plain.output, "\(name)")
            #expect(read.error == "\(index.file(name)): read as \(encoding)\n")
        }
        let traditionalPlain = try answers(Data(traditional.utf8), "traditional.txt")
        let big5Bytes: [UInt8] = [0xB6, 0xB5, 0xA5, 0xD8, 0xAC, 0xB0, 0xA4, 0xFD, 0x0A, 0xC0, 0xE7, 0xB0, 0xD3, 0xC0, 0xF4, 0xB9, 0xD2, 0x0A]
        let big5 = try answers(Data(big5Bytes), "big5.txt")
        #expect(big5.output == traditionalPlain.output && big5.error == "\(index.file("big5.txt")): read as big5\n")
        #expect(traditionalPlain.output.replacingOccurrences(of: "項目為王", with: "项目为王").replacingOccurrences(of: "營商環境", with: "营商环境")
                == plain.output)
    }

    /// A facet's TSV rows add up to the totals: hits in documents without the field have
    /// a row with an empty value, and a query without hits still has its row.
    @Test func facetRowsAccountForEveryHit() throws {
        let index = try Self.indexedSample()
        let batchFile = index.file("terms.txt")
        try "项目为王\n营商环境\n没有这样的说法\n".write(toFile: batchFile, atomically: true, encoding: .utf8)
        let table = try YuluBinary.run(["search", "--index", index.path, "--batch", batchFile, "--count", "--facet", "province", "--tsv"])
        #expect(table.status == 0)
        let rows = table.output.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        for term in ["项目为王", "营商环境", "没有这样的说法"] {
            let totals = try YuluBinary.run(["search", "--index", index.path, term, "--count", "--json"])
            let result = try Self.object(Substring(totals.output.trimmingCharacters(in: .newlines)))
            let mine = rows.filter { $0[0] == term }
            #expect(!mine.isEmpty, "\(term)")
            #expect(mine.reduce(0) { $0 + Int($1[3])! } == result["total"] as? Int, "\(term)")
            #expect(mine.reduce(0) { $0 + Int($1[4])! } == result["docs"] as? Int, "\(term)")
            #expect(mine.dropLast().allSatisfy { !$0[2].isEmpty }, "\(term): only the last row may be without a value")
            // In JSON, facet_unvalued holds what that row holds.
            let faceted = try Self.object(Substring(try YuluBinary.run(["search", "--index", index.path, term, "--count", "--facet", "province",
                                                                         "--json"]).output.trimmingCharacters(in: .newlines)))
            let unvalued = try #require((faceted["facet_unvalued"] as? [String: [String: Int]])?["province"])
            let valued = mine.filter { !$0[2].isEmpty }
            #expect(unvalued["total"]! + valued.reduce(0) { $0 + Int($1[3])! } == result["total"] as? Int, "\(term)")
            #expect(unvalued["docs"]! + valued.reduce(0) { $0 + Int($1[4])! } == result["docs"] as? Int, "\(term)")
        }
        #expect(rows.filter { $0[0] == "没有这样的说法" }.map { $0.joined(separator: "\t") } == ["没有这样的说法\tprovince\t\t0\t0"])
        #expect(rows.contains { $0[0] == "项目为王" && $0[2].isEmpty && Int($0[3])! > 0 })
    }

    /// Query words given as separate arguments are one query, an exclusion may come
    /// first, and a mistyped option is an error rather than query text.
    @Test func severalArgumentsAreOneQuery() throws {
        let index = try Self.indexedSample()
        func answer(_ arguments: [String]) throws -> String {
            let run = try YuluBinary.run(["search", "--index", index.path, "--json"] + arguments)
            #expect(run.status == 0, "\(arguments): \(run.error)")
            var object = try Self.object(Substring(run.output.trimmingCharacters(in: .newlines)))
            object.removeValue(forKey: "took_ms")
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        let quoted = try answer(["项目 -招商"])
        #expect(quoted.contains("\"total\":"))
        #expect(try answer(["项目", "-招商"]) == quoted)
        #expect(try answer(["-招商", "项目"]) == quoted)
        #expect(try answer(["--", "-招商", "项目"]) == quoted)
        #expect(try answer(["营商环境", "OR", "优化环境"]) == (try answer(["营商环境 OR 优化环境"])))
        #expect(try answer(["--", "-x", "项目"]) == (try answer(["项目 -x"])))

        for mistyped in [["--limt", "3", "项目"], ["项目", "-l"]] {
            let run = try YuluBinary.run(["search", "--index", index.path] + mistyped)
            #expect(run.status != 0 && run.output.isEmpty, "\(mistyped)")
            #expect(run.error.contains("unknown option '\(mistyped.first { $0.hasPrefix("-") }!)'"), "\(run.error)")
        }
    }

    @Test func errorsAreOneLineOnStandardError() throws {
        let missing = try YuluBinary.run(["search", "--index", "/nonexistent/yulu-index", "项目"])
        #expect(missing.status != 0)
        #expect(missing.error.split(separator: "\n").count == 1 && missing.error.contains("no index"))

        let index = try Self.indexedSample()
        for query in ["(项目", "项目 OR", "year:", "colour:red", "，", "-项目"] {
            let bad = try YuluBinary.run(["search", "--index", index.path, "--", query])
            #expect(bad.status != 0, "\(query)")
            #expect(bad.error.split(separator: "\n").count == 1, "\(query): \(bad.error)")
            #expect(bad.output.isEmpty)
        }
        let badJSON = try YuluBinary.run(["search", "--index", index.path, "(项目", "--json"])
        #expect(badJSON.status != 0 && badJSON.output.hasPrefix("{\"ok\":false,\"error\":{\"code\":\"bad_query\""))
        // A batch file that is not there, and one that is not text, each with its own reason.
        let noBatch = try YuluBinary.run(["search", "--index", index.path, "--batch", index.file("no-such-queries.txt")])
        #expect(noBatch.status != 0 && noBatch.error == "Error: cannot read \(index.file("no-such-queries.txt")): no such file\n")
        try Data([0x00, 0x01, 0x02, 0x00, 0x0A, 0x00]).write(to: URL(fileURLWithPath: index.file("garbled.txt")))
        let garbledBatch = try YuluBinary.run(["search", "--index", index.path, "--batch", index.file("garbled.txt")])
        #expect(garbledBatch.status != 0
                && garbledBatch.error == "Error: \(index.file("garbled.txt")) cannot be read as text: binary data, not text\n")

        // A damaged segment: cut short (no footer), then with a flipped footer byte.
        let segment = try #require(try FileManager.default.contentsOfDirectory(atPath: index.path).first { $0.hasSuffix(".yseg") })
        let path = index.file(segment)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count - 20] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))
        let flipped = try YuluBinary.run(["search", "--index", index.path, "项目"])
        #expect(flipped.status != 0 && flipped.error.split(separator: "\n").count == 1 && flipped.error.contains("damaged"))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        let cut = try YuluBinary.run(["search", "--index", index.path, "项目"])
        #expect(cut.status != 0 && cut.error.split(separator: "\n").count == 1)
    }

    /// `yulu similar` and `yulu reuse` on the sample corpus, whose template paragraph recurs in three files.
    @Test func similarAndReuseSpeakJSONAndTSV() throws {
        let index = try Self.indexedSample()
        let similar = try YuluBinary.run(["similar", "--index", index.path, "--doc", "county-a-2025-plan", "--para", "2", "--json"])
        #expect(similar.status == 0)
        let hits = try #require(try Self.object(Substring(similar.output.trimmingCharacters(in: .newlines)))["hits"] as? [[String: Any]])
        #expect(!hits.isEmpty && hits.allSatisfy { ($0["aligned"] as? [[Int]])?.allSatisfy { $0.count == 4 } == true })
        #expect(!hits.contains { $0["doc"] as? String == "county-a-2025-plan" && $0["para"] as? Int == 2 })
        let similarTSV = try YuluBinary.run(["similar", "--index", index.path, "--doc", "county-a-2025-plan", "--para", "2", "--tsv"])
        let similarRows: [[Substring]] = similarTSV.output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        let similarHeader = try #require(similarRows.first)
        #expect(similarHeader.prefix(6) == ["doc", "para", "similarity", "title", "date", "year"] && similarHeader.last == "text")
        let rowPlaces: [String] = similarRows.dropFirst().map { row in "\(row[0])#\(row[1])|\(row.last!)" }
        let hitPlaces: [String] = hits.map { hit in "\(hit["doc"] ?? "")#\(hit["para"] ?? "")|\(hit["text"] ?? "")" }
        #expect(rowPlaces == hitPlaces)
        // `--text -` reads the text from standard input: the same answer as the text given inline.
        let text = "全力扩大有效投资，坚持项目为王，持续优化营商环境。"
        let inline = try YuluBinary.run(["similar", "--index", index.path, "--text", text, "--tsv"])
        let piped = try YuluBinary.run(["similar", "--index", index.path, "--text", "-", "--tsv"], input: Data(text.utf8))
        #expect(inline.status == 0 && inline.output.split(separator: "\n").count > 1 && piped.output == inline.output)
        // Standard input is read whole, so in GB18030 too (said on standard error).
        let textInGB18030: [UInt8] = [
            0xC8, 0xAB, 0xC1, 0xA6, 0xC0, 0xA9, 0xB4, 0xF3, 0xD3, 0xD0, 0xD0, 0xA7, 0xCD, 0xB6, 0xD7, 0xCA, 0xA3, 0xAC, 0xBC, 0xE1, 0xB3, 0xD6,
            0xCF, 0xEE, 0xC4, 0xBF, 0xCE, 0xAA, 0xCD, 0xF5, 0xA3, 0xAC, 0xB3, 0xD6, 0xD0, 0xF8, 0xD3, 0xC5, 0xBB, 0xAF, 0xD3, 0xAA, 0xC9, 0xCC,
            0xBB, 0xB7, 0xBE, 0xB3, 0xA1, 0xA3,
        ]
        let legacy = try YuluBinary.run(["similar", "--index", index.path, "--text", "-", "--tsv"], input: Data(textInGB18030))
        #expect(legacy.output == inline.output && legacy.error == "standard input: read as gb18030\n")

        let reuse = try YuluBinary.run(["reuse", "--index", index.path, "--min-length", "10", "--json"])
        #expect(reuse.status == 0)
        let result = try Self.object(Substring(reuse.output.trimmingCharacters(in: .newlines)))
        let pairs = try #require(result["pairs"] as? [[String: Any]])
        let clusters = try #require(result["clusters"] as? [[String: Any]])
        #expect(result["ok"] as? Bool == true && !pairs.isEmpty && !clusters.isEmpty)
        // The template paragraph about 项目为王 appears in several files: one cluster holds them, earliest date first.
        let largest = clusters[0]["places"] as? [[String: Any]] ?? []
        #expect(largest.count >= 3)
        let dates = largest.compactMap { $0["date"] as? String }
        #expect(dates == dates.sorted())
        for pair in pairs {
            let a = pair["a"] as? [String: Any], b = pair["b"] as? [String: Any]
            #expect(a?["doc"] as? String != b?["doc"] as? String)
            #expect((0...1).contains(pair["similarity"] as? Double ?? -1))
        }
        let tsv = try YuluBinary.run(["reuse", "--index", index.path, "--min-length", "10", "--tsv"])
        let rows = tsv.output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(rows.first == ["cluster", "size", "doc", "para", "date", "text"])
        // Each place's row holds that paragraph's own text, not the cluster's first.
        for row in rows.dropFirst() where row[0] == "1" {
            let shown = try YuluBinary.run(["show", "--index", index.path, "--json", "--para", String(row[3]), String(row[2])])
            let paragraph = (try Self.object(Substring(shown.output))["paragraphs"] as? [[String: Any]])?.first
            #expect(paragraph?["text"] as? String == String(row[5]), "\(row[2]) ¶\(row[3])")
        }
        #expect(Set(rows.dropFirst().filter { $0[0] == "1" }.map { $0[5] }).count > 1)
        let bad = try YuluBinary.run(["similar", "--index", index.path, "--doc", "no-such-doc", "--para", "1"])
        #expect(bad.status != 0 && bad.error.split(separator: "\n").count == 1)
    }

    /// `yulu reuse --within QUERY` takes only the paragraphs the query matches: a query
    /// that matches every paragraph changes nothing, and a phrase keeps every place
    /// reported among its own hits.
    @Test func reuseWithinAQuery() throws {
        let index = try Self.indexedSample()
        func reuse(_ extra: [String]) throws -> (text: String, object: [String: Any]) {
            let run = try YuluBinary.run(["reuse", "--index", index.path, "--min-length", "10", "--json"] + extra)
            #expect(run.status == 0, "\(extra): \(run.error)")
            let text = run.output.replacingOccurrences(of: #""took_ms":[0-9.e-]+"#, with: "", options: .regularExpression)
            return (text, try Self.object(Substring(run.output.trimmingCharacters(in: .newlines))))
        }
        let everything = try reuse([])
        #expect(try reuse(["--within", "truncated:false OR truncated:true"]).text == everything.text)

        let hits = try Self.object(Substring(try YuluBinary.run(["search", "--index", index.path, "--json", "--limit", "1000", "项目为王"]).output))
        let matching = Set((hits["hits"] as? [[String: Any]] ?? []).map { "\($0["doc"]!)#\($0["para"]!)" })
        let within = try reuse(["--within", "项目为王"]).object
        let pairs = try #require(within["pairs"] as? [[String: Any]])
        let places = pairs.flatMap { [$0["a"], $0["b"]] }.compactMap { $0 as? [String: Any] }
            + (within["clusters"] as? [[String: Any]] ?? []).flatMap { $0["places"] as? [[String: Any]] ?? [] }
        #expect(!pairs.isEmpty)
        #expect(places.allSatisfy { matching.contains("\($0["doc"]!)#\($0["para"]!)") })
        #expect(pairs.count < (everything.object["pairs"] as? [Any] ?? []).count)

        let bad = try YuluBinary.run(["reuse", "--index", index.path, "--within", "("])
        #expect(bad.status != 0 && bad.error.contains("bad query") && bad.error.split(separator: "\n").count == 1)
        // With --json, a request refused before any pair is an error object, not an "ok" one.
        let badJSON = try YuluBinary.run(["reuse", "--index", index.path, "--json", "--within", "("])
        let refused = try Self.object(Substring(badJSON.output.trimmingCharacters(in: .newlines)))
        #expect(badJSON.status != 0 && refused["ok"] as? Bool == false)
        #expect((refused["error"] as? [String: Any])?["code"] as? String == "bad_query")
    }
}
