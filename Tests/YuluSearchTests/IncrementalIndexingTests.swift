import Foundation
import Testing
import YuluIndex
import YuluSearch
import YuluTestSupport

/// An index grown a file at a time is merged into a few segments and answers exactly as
/// an index built in one run; replacing documents afterwards keeps it whole.
@Suite struct IncrementalIndexingTests {
    static func answer(_ searcher: Searcher, _ query: String, withHits: Bool = true) throws -> [String] {
        let result = try searcher.search(SearchRequest(query: query, limit: 50, facets: ["province"]))
        return ["\(result.total) \(result.docs)"] + (withHits ? result.hits.map { "\($0.doc) \($0.para) \($0.score) \($0.text)" } : [])
            + result.facets.flatMap { $0.counts.map { "\($0.value) \($0.count) \($0.documents)" } }
    }

    static let queries = ["项目为王", "营商环境 -招商", "项目 NEAR/5 建设", "项目 OR 环境", "year:2024..2025 项目", "亲清政商关系"]

    @Test func aFileAtATimeAnswersAsOneRun() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Project.sampleCorpus.path).sorted()
            .map { Project.sampleCorpus.appendingPathComponent($0).path }
        #expect(files.count >= MergePolicy.factor)
        let grown = try TemporaryFolder("yulu-grown")
        var merged = 0
        for file in files { merged += try IndexWriter.index([file], into: grown.path).mergedSegments }
        let oneRun = try TemporaryFolder("yulu-one-run")
        _ = try IndexWriter.index(files, into: oneRun.path)

        #expect(merged >= MergePolicy.factor)
        #expect(try IndexReader.open(folder: grown.path).segments.count < MergePolicy.factor)
        #expect(IndexChecker.problems(in: grown.path).isEmpty)
        let grownSearcher = Searcher(index: try SearchIndex.open(folder: grown.path))
        let oneRunSearcher = Searcher(index: try SearchIndex.open(folder: oneRun.path))
        for query in Self.queries {
            #expect(try Self.answer(grownSearcher, query) == Self.answer(oneRunSearcher, query), "\(query)")
        }

        // Indexing files again replaces their documents, through merges as well: the same
        // documents and matches (scores may differ: BM25's statistics still count replaced
        // paragraphs until their segment is merged).
        for file in files.prefix(MergePolicy.factor) { _ = try IndexWriter.index([file], into: grown.path) }
        #expect(try IndexReader.open(folder: grown.path).documentCount == (try IndexReader.open(folder: oneRun.path)).documentCount)
        #expect(IndexChecker.problems(in: grown.path).isEmpty)
        let replacedSearcher = Searcher(index: try SearchIndex.open(folder: grown.path))
        for query in Self.queries {
            #expect(try Self.answer(replacedSearcher, query, withHits: false) == Self.answer(oneRunSearcher, query, withHits: false), "\(query)")
        }
    }
}
