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
        #expect(try object(try YuluBinary.run(["check", "--index", folder.path, "--json"]).output)["ok"] as? Bool == true)
    }

    @Test func errorsAreOneLineOnStandardErrorWithAFailingStatus() throws {
        let folder = try TemporaryFolder()
        for arguments in [["stats", "--index", folder.path], ["show", "--index", folder.path, "x"], ["check", "--index", folder.path]] {
            let result = try YuluBinary.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.output.isEmpty)
            #expect(result.error.contains("no index at"), "\(arguments): \(result.error)")
            #expect(result.error.split(separator: "\n").count == 1)
        }
    }
}
