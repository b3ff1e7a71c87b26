import Dispatch
import Foundation
import Synchronization
import Testing
import YuluIndex
import YuluSearch
import YuluTestSupport

/// Searchers on several threads sharing one opened index (as the server's query threads
/// do) give exactly the answers one searcher gives alone: the index's shared caches (the
/// store's inflated blocks, the term dictionaries' block keys, field names, index-wide id
/// ranks) are filled and read concurrently without changing any answer.
@Suite struct ConcurrentSearchTests {
    /// The sample corpus indexed a file at a time without merging: many segments, so ties
    /// between segments need the index-wide id ranks.
    @Test func searchersOnFourThreadsAnswerAsOneOnManySegments() throws {
        let folder = try TemporaryFolder("yulu-concurrent")
        var options = IndexingOptions()
        options.mergesSegments = false
        let files = try FileManager.default.contentsOfDirectory(atPath: Project.sampleCorpus.path).sorted()
        for file in files { _ = try IndexWriter.index([Project.sampleCorpus.appendingPathComponent(file).path], into: folder.path, options: options) }
        #expect(try IndexReader.open(folder: folder.path).segments.count > 4)
        try expectConcurrentAnswersEqual(folder: folder.path, phrases: ["项目为王", "营商环境", "项目", "建设", "招商", "环境"],
                                         similarText: "坚持项目为王，优化营商环境", rounds: 25)
    }

    /// The same on laws and provincial reports: long postings, a store larger than its
    /// block cache, and enough lookups to build the dictionaries' block keys mid-run.
    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipNote))
    func searchersOnFourThreadsAnswerAsOneOnTheCorpus() throws {
        let fixture = try #require(try CorpusFixture.shared)
        try expectConcurrentAnswersEqual(folder: fixture.folder.path, phrases: ["人民政府", "有关部门", "罚款", "违反", "县级以上", "监督"],
                                         similarText: "县级以上地方人民政府应当加强对本行政区域内的监督管理工作", rounds: 6)
    }

    private func expectConcurrentAnswersEqual(folder: String, phrases: [String], similarText: String, rounds: Int) throws {
        let (a, b, c, d, e, f) = (phrases[0], phrases[1], phrases[2], phrases[3], phrases[4], phrases[5])
        let requests: [SearchRequest] = [
            SearchRequest(query: a, limit: 20), SearchRequest(query: "\(b) OR \(c)", limit: 50, offset: 3),
            SearchRequest(query: "\(c) NEAR/5 \(d)", limit: 30, facets: ["province", "year"]),
            SearchRequest(query: "\(c) -\(e)", limit: 40, byDocument: true), SearchRequest(query: "\(f) OR \(a)", countOnly: true, facets: ["id"]),
            SearchRequest(query: "\(c) \(f)", limit: 25, kwicWidth: 10, kwicSort: .left), SearchRequest(query: d, limit: 100),
        ]
        @Sendable func answers(_ searcher: Searcher, startingAt start: Int) throws -> [String] {
            var answers = Array(repeating: "", count: requests.count + 1)
            for step in 0...requests.count {
                let index = (start + step) % (requests.count + 1)
                answers[index] = index < requests.count
                    ? Self.withoutTime(try searcher.search(requests[index]).json())
                    : Self.withoutTime(try searcher.similar(SimilarRequest(source: .text(similarText), limit: 20)).json())
            }
            return answers
        }
        let expected = try answers(Searcher(index: try SearchIndex.open(folder: folder)), startingAt: 0)
        // Every request finds something (a request answered with nothing would prove little).
        #expect(expected.allSatisfy { $0.hasPrefix("{\"ok\":true,\"total\":") && !$0.hasPrefix("{\"ok\":true,\"total\":0,") })

        let shared = try SearchIndex.open(folder: folder)
        let differences = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            let searcher = Searcher(index: shared)
            for round in 0..<rounds {
                do {
                    for (index, answer) in try answers(searcher, startingAt: thread * 3 + round).enumerated() where answer != expected[index] {
                        differences.withLock { $0.append("thread \(thread), round \(round), request \(index)") }
                    }
                } catch {
                    differences.withLock { $0.append("thread \(thread), round \(round): \(error)") }
                }
            }
        }
        let found = differences.withLock { $0 }
        #expect(found.count == 0, "first differences: \(found.prefix(5))")
    }

    /// A result's JSON without `took_ms`, the one member that may differ between runs.
    private static func withoutTime(_ value: JSONValue) -> String {
        guard case .object(let members) = value else { return value.serialized() }
        return JSONValue.object(members.filter { $0.0 != "took_ms" }).serialized()
    }
}
