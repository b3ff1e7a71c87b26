import Foundation
import Testing
import YuluIngest
import YuluTestSupport
@testable import YuluIndex

/// The index commands as a script would use them: JSON on stdout, one-line errors on
/// stderr with a non-zero status.
@Suite struct CommandLineTests {
    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func indexShowStatsCheckSpeakJSON() throws {
        let folder = try TemporaryFolder()
        let indexed = try YuluBinary.run(["index", "--index", folder.path, "--json", Project.sampleCorpus.path])
        #expect(indexed.status == 0)
        let summary = try object(indexed.output)
        #expect(summary["ok"] as? Bool == true)
        #expect(summary["documents"] as? Int == 12)

        let shown = try YuluBinary.run(["show", "--index", folder.path, "--json", "town-projects-big5.txt"])
        #expect(shown.status == 0)
        let document = try object(shown.output)
        #expect(document["doc"] as? String == "town-projects-big5.txt")
        #expect((document["fields"] as? [String: Any])?["encoding"] as? String == "big5")
        let paragraphs = try #require(document["paragraphs"] as? [[String: Any]])
        #expect(paragraphs.first?["para"] as? Int == 1)
        #expect(paragraphs.first?["text"] as? String == "鎮長在全鎮重點項目推進會上的講話")

        let reader = try IndexReader.open(folder: folder.path)
        let (_, storedParagraphs) = try #require(try reader.document(id: "town-projects-big5.txt"))
        #expect(storedParagraphs.count == paragraphs.count)
        #expect(try reader.document(id: "no-such-id") == nil)

        let statistics = try object(try YuluBinary.run(["stats", "--index", folder.path, "--json"]).output)
        #expect(statistics["documents"] as? Int == 12)
        // The parts add up to the bytes, and each segment section is counted.
        let parts = try #require(statistics["bytes_by_part"] as? [String: Int])
        #expect(parts.values.reduce(0, +) == statistics["bytes"] as? Int)
        #expect(Set(parts.keys) == ["store", "postings", "terms", "signatures", "word_counts", "documents", "other"])
        #expect(parts.allSatisfy { $0.value > 0 })
        // For people, each part in a unit that suits it (the sample's are kilobytes, not "0.0 MB").
        let plain = try YuluBinary.run(["stats", "--index", folder.path]).output
        let byPart = try #require(plain.split(separator: "\n").first { $0.hasPrefix("bytes by part: ") })
        #expect(byPart.contains(" KB (") && !byPart.contains("0.0 MB"), "\(byPart)")
        #expect(try object(try YuluBinary.run(["check", "--index", folder.path, "--json"]).output)["ok"] as? Bool == true)
    }

    /// A file cut inside a character and one with a stray byte are indexed, and the
    /// summary says what was repaired; a file that cannot be read is still skipped.
    @Test func repairedFilesAreIndexedAndReported() throws {
        let corpus = try TemporaryFolder()
        let speech = Array("县长讲话\n坚持项目为王，抓招商引资。\n".utf8)
        try Data(speech.dropLast(2)).write(to: URL(fileURLWithPath: corpus.file("cut.txt")))
        try Data(speech.prefix(12) + [0xFF] + speech.dropFirst(12)).write(to: URL(fileURLWithPath: corpus.file("stray.txt")))
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array(repeating: 0xFF, count: 300)
        try Data(png).write(to: URL(fileURLWithPath: corpus.file("binary.txt")))

        let human = try TemporaryFolder()
        let indexed = try YuluBinary.run(["index", "--index", human.path, corpus.path])
        #expect(indexed.status == 0)
        #expect(indexed.output.hasPrefix("indexed 2 documents, 4 paragraphs, 1 skipped, 2 repaired, in "))
        #expect(indexed.error.split(separator: "\n").sorted() == [
            "repaired \(corpus.file("cut.txt")): the last character is cut off (truncated file) and left out",
            "repaired \(corpus.file("stray.txt")): 1 byte sequence that is not utf-8 replaced by U+FFFD",
            "skipped \(corpus.file("binary.txt")): binary data, not text",
        ])
        let found = try object(try YuluBinary.run(["search", "--index", human.path, "--json", "项目为王"]).output)
        #expect(found["total"] as? Int == 2)

        let scripted = try TemporaryFolder()
        let summary = try object(try YuluBinary.run(["index", "--index", scripted.path, "--json", corpus.path]).output)
        let repaired = try #require(summary["repaired"] as? [[String: String]])
        #expect(repaired.map { $0["path"] } == [corpus.file("cut.txt"), corpus.file("stray.txt")])
        let cut = try object(try YuluBinary.run(["show", "--index", scripted.path, "--json", "cut.txt"]).output)
        #expect((cut["fields"] as? [String: Any])?["truncated"] as? Bool == true)
        let stray = try object(try YuluBinary.run(["show", "--index", scripted.path, "--json", "stray.txt"]).output)
        #expect((stray["fields"] as? [String: Any])?["undecodable"] as? Int == 1)
    }

    /// A file in an encoding Yulu does not read is indexed as it decodes, and reported
    /// as doubtful, on standard error and in the JSON summary.
    @Test func doubtfulReadingsAreIndexedAndReported() throws {
        let corpus = try TemporaryFolder()
        let japanese = String(repeating: "日本国憲法は、国民主権、基本的人権の尊重、平和主義の三つを基本原理としている。", count: 2)
        try Data(try #require(encoded(japanese, as: "EUC-JP"))).write(to: URL(fileURLWithPath: corpus.file("japanese.txt")))
        let chinese = "县长讲话\n坚持项目为王，抓招商引资，优化营商环境，推动高质量发展，构建亲清政商关系。\n"
        try Data(try #require(encoded(chinese, as: "GB18030"))).write(to: URL(fileURLWithPath: corpus.file("chinese.txt")))

        let human = try TemporaryFolder()
        let indexed = try YuluBinary.run(["index", "--index", human.path, corpus.path])
        #expect(indexed.status == 0)
        #expect(indexed.output.hasPrefix("indexed 2 documents, 3 paragraphs, 0 skipped, 1 doubtful, in "))
        #expect(indexed.error.hasPrefix("doubtful \(corpus.file("japanese.txt")): read as gb18030, but only "))

        let scripted = try TemporaryFolder()
        let summary = try object(try YuluBinary.run(["index", "--index", scripted.path, "--json", corpus.path]).output)
        let doubtful = try #require(summary["doubtful"] as? [[String: String]])
        #expect(doubtful.map { $0["path"] } == [corpus.file("japanese.txt")])
        #expect((summary["repaired"] as? [Any])?.isEmpty == true)
    }

    /// Every command that reads or changes an index, pointed at a folder without one: one
    /// line on standard error, exit status 1, nothing written into the folder (no lock
    /// file); with `--json`, standard output also gets the error object a server sends.
    @Test func errorsAreOneLineOnStandardErrorWithAFailingStatus() throws {
        let folder = try TemporaryFolder()
        let commands = [["stats"], ["show", "x"], ["check"], ["remove", "x"], ["optimize"],
                        ["search", "项目"], ["similar", "--doc", "x", "--para", "1"], ["reuse"]]
        for command in commands {
            let arguments = [command[0], "--index", folder.path] + command.dropFirst()
            let result = try YuluBinary.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.output.isEmpty, "\(arguments)")
            #expect(result.error.contains("no index at"), "\(arguments): \(result.error)")
            #expect(result.error.split(separator: "\n").count == 1, "\(arguments): \(result.error)")

            let scripted = try YuluBinary.run(arguments + ["--json"])
            #expect(scripted.status == 1, "\(arguments)")
            let answer = try object(scripted.output)
            #expect(answer["ok"] as? Bool == false, "\(arguments)")
            let error = try #require(answer["error"] as? [String: String], "\(arguments): \(scripted.output)")
            #expect(error["code"] == "index", "\(arguments)")
            #expect(command[0] == "check" || error["message"]?.hasPrefix("no index at") == true, "\(arguments): \(scripted.output)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A mistyped path fails the command (so `yulu index … && next-step` stops) but does not
    /// cost the other paths; a path list of nothing that exists touches nothing.
    @Test func aMissingPathFailsTheRunAfterTheOthersAreIndexed() throws {
        let folder = try TemporaryFolder()
        let index = folder.file("index")
        let nothing = try YuluBinary.run(["index", "--index", index, folder.file("nope"), folder.file("nor-this")])
        #expect(nothing.status == 1)
        #expect(nothing.error == "Error: no such file or folder: \(folder.file("nope")), \(folder.file("nor-this"))\n")
        #expect(!FileManager.default.fileExists(atPath: index))

        let scripted = try YuluBinary.run(["index", "--index", index, "--json", folder.file("nope")])
        #expect(scripted.status == 1)
        #expect((try object(scripted.output)["error"] as? [String: String])?["code"] == "not_found")

        let some = try YuluBinary.run(["index", "--index", index, "--json", folder.file("nope"), Project.sampleCorpus.path])
        #expect(some.status == 1)
        let summary = try object(some.output)
        #expect(summary["ok"] as? Bool == false)
        #expect((summary["error"] as? [String: String])?["message"] == "no such file or folder: \(folder.file("nope"))")
        #expect(summary["documents"] as? Int == 12)
        #expect((summary["skipped"] as? [[String: String]])?.map { $0["path"] } == [folder.file("nope")])
        #expect(try IndexReader.open(folder: index).documentCount == 12)
    }

    /// `remove` counts each document once, and an id not in the index fails the command
    /// after the others are removed.
    /// File names that are not UTF-8, named on the command line by a shell's glob (over a
    /// zip from a Chinese Windows): each is read by its bytes, its id the name read as
    /// GB18030 or Big5. (Swift hands the tool such a name with U+FFFD in place of its bytes.)
    @Test func globbedNamesThatAreNotUTF8AreIndexed() throws {
        let folder = try TemporaryFolder()
        let corpus = try TemporaryFolder("yulu-globbed")
        let names: [[UInt8]] = [[0xCF, 0xD8, 0xB3, 0xA4, 0xBD, 0xB2, 0xBB, 0xB0, 0xB8, 0xE5],  // 县长讲话稿 in GB18030
                                [0xBF, 0xA4, 0xAA, 0xF8, 0xC1, 0xBF, 0xB8, 0xDC]]  // 縣長講話 in Big5
        for bytes in names {
            let path = Array(corpus.path.utf8) + [UInt8(ascii: "/")] + bytes + Array(".txt".utf8) + [0]
            let descriptor = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) } }
            try #require(descriptor >= 0)
            _ = Array("坚持项目为王。".utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
        }
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", #"exec "$0" index --index "$1" "$2"/*.txt > /dev/null 2>&1"#, try #require(YuluBinary.path), folder.path, corpus.path]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        let counted = try object(try YuluBinary.run(["search", "--index", folder.path, "项目为王", "--count", "--facet", "id", "--json"]).output)
        let ids = (counted["facets"] as? [String: [String: Int]])?["id"]
        #expect(ids == ["县长讲话稿.txt": 1, "縣長講話.txt": 1])
    }

    @Test func removeReportsIdsNotInTheIndex() throws {
        let folder = try TemporaryFolder()
        _ = try IndexWriter.index([Project.sampleCorpus.path], into: folder.path)
        let removed = try YuluBinary.run(["remove", "--index", folder.path, "--json", "town-projects-big5.txt", "nope", "town-projects-big5.txt", "nope"])
        #expect(removed.status == 1)
        let summary = try object(removed.output)
        #expect(summary["ok"] as? Bool == false)
        #expect((summary["error"] as? [String: String])?["code"] == "not_found")
        #expect(summary["removed"] as? Int == 1)
        #expect(summary["missing"] as? [String] == ["nope"])
        #expect(try IndexReader.open(folder: folder.path).documentCount == 11)

        let plain = try YuluBinary.run(["remove", "--index", folder.path, "nope"])
        #expect(plain.status == 1 && plain.output == "removed 0 documents\n" && plain.error == "not in the index: nope\n")
    }

    /// A run that adds no document leaves an existing index's generation as it is (a
    /// server has nothing to reload); a first run still creates the index.
    @Test func aRunThatAddsNothingCommitsNothing() throws {
        let folder = try TemporaryFolder()
        let empty = folder.file("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        try Data([0, 1, 2, 0, 0xFF]).write(to: URL(fileURLWithPath: empty + "/binary.txt"))
        let index = folder.file("index")
        let created = try IndexWriter.index([empty], into: index)
        #expect(created.generation == 1 && created.documents == 0)
        #expect(try IndexReader.open(folder: index).generation == 1)

        #expect(try IndexWriter.index([Project.sampleCorpus.path], into: index).generation == 2)
        let unchanged = try IndexWriter.index([empty], into: index)
        #expect(unchanged.generation == 2 && unchanged.reports.skipped.count == 1)
        #expect(try IndexReader.open(folder: index).generation == 2)
        #expect(try IndexReader.open(folder: index).documentCount == 12)
    }
}
