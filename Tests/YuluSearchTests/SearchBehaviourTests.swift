import Foundation
import Testing
import YuluAnalysis
import YuluIndex
import YuluSearch
import YuluTestSupport

/// A small corpus written here: speeches as JSON Lines with province, year and date.
final class SmallCorpus {
    static let records: [(id: String, province: String, year: Int, date: String, title: String, text: [String])] = [
        ("zj-1", "浙江省", 2024, "2024-03-01", "在全省项目建设大会上的讲话", [
            "坚持项目为王，全力扩大有效投资。", "优化营商环境，构建亲清政商关系。", "项目为王不是口号，项目建设要见实效。"]),
        ("zj-2", "浙江省", 2025, "2025-01-20", "政府工作报告", [
            "持续优化营商环境，深化放管服改革。", "坚持项目为王。"]),
        ("js-1", "江苏省", 2023, "2023-02-11", "政府工作报告", [
            "构建亲清政商关系，支持民营经济发展。", "项目 为王，环境为本。", "为王、环境都重要。"]),
        ("sc-1", "四川省", 2024, "2024-06-30", "在招商引资大会上的讲话", [
            "招商引资是项目建设的源头活水。", "坚持项目为王，招商为要。", "優化營商環境，項目為王。"]),
        ("sc-2", "四川省", 2022, "2022-12-01", "工作要点", ["坚持项目为王。"]),
    ]

    let folder: TemporaryFolder
    let index: SearchIndex
    let searcher: Searcher

    init() throws {
        let corpus = try TemporaryFolder("yulu-small-corpus")
        folder = try TemporaryFolder("yulu-small-index")
        let speeches = try corpus.writeJSONLines("speeches.jsonl", Self.records.map { record in
            ["id": record.id, "province": record.province, "year": record.year, "date": record.date, "title": record.title,
             "text": record.text.joined(separator: "\n")]
        })
        _ = try IndexWriter.index([speeches], into: folder.path)
        index = try SearchIndex.open(folder: folder.path)
        searcher = Searcher(index: index)
    }

    func search(_ query: String, limit: Int = 100, byDocument: Bool = false, countOnly: Bool = false, facets: [String] = [],
                kwic: Int? = nil, sort: KWICSort? = nil) throws(SearchError) -> SearchResult {
        try searcher.search(SearchRequest(query: query, limit: limit, byDocument: byDocument, countOnly: countOnly, facets: facets,
                                          kwicWidth: kwic, kwicSort: sort))
    }

    func ids(_ query: String) throws -> [String] {
        try search(query).hits.map { "\($0.doc)#\($0.para)" }.sorted()
    }
}

@Suite struct SearchBehaviourTests {
    /// Every score equals BM25 computed here from counts: N, average length, n and tf of
    /// the query's ICU words over the paragraphs' ICU words.
    @Test func bm25ScoresEqualTheFormulaComputedDirectly() throws {
        let corpus = try SmallCorpus()
        let analyzer = Analyzer()
        let paragraphs = SmallCorpus.records.flatMap { record in record.text.enumerated().map { ("\(record.id)#\($0.offset + 1)", $0.element) } }
        let words = Dictionary(uniqueKeysWithValues: paragraphs.map { id, text in
            (id, analyzer.analyze(text).words.map { analyzer.analyze(text).string(of: $0) })
        })
        for query in ["项目为王", "营商环境", "亲清政商关系", "项目 环境", "项目为王 OR 营商环境", "招商引资 -浙江"] {
            let queryText = query.split(separator: " ").filter { !$0.hasPrefix("-") && $0 != "OR" }.joined(separator: " ")
            let queryWords = Set(analyzer.analyze(queryText).words.map { analyzer.analyze(queryText).string(of: $0) })
            let result = try corpus.search(query)
            #expect(result.total > 0, "\(query)")
            let scores = BM25Oracle.scores(of: queryWords, in: words)
            for hit in result.hits {
                let expected = scores["\(hit.doc)#\(hit.para)"]!
                #expect(abs(hit.score - expected) < 1e-9, "\(query) \(hit.doc)#\(hit.para): \(hit.score) vs \(expected)")
            }
            // Ranked by score, ties by document id then paragraph.
            for (a, b) in zip(result.hits, result.hits.dropFirst()) {
                #expect(a.score > b.score || a.score == b.score && (a.doc, a.para) < (b.doc, b.para))
            }
        }
    }

    @Test func phrasesFollowDesignsBreakRules() throws {
        let corpus = try SmallCorpus()
        // 项目为王 matches across a space and in traditional characters; 为王环境 does not cross a break.
        #expect(try corpus.ids("项目为王") == ["js-1#2", "sc-1#2", "sc-1#3", "sc-2#1", "zj-1#1", "zj-1#3", "zj-2#2"])
        #expect(try corpus.ids("項目為王") == corpus.ids("项目为王"))
        #expect(try corpus.ids("为王环境") == [])
        #expect(try corpus.ids("为王，环境").sorted() == ["js-1#2", "js-1#3"])
        #expect(try corpus.ids("为王；环境") == corpus.ids("为王，环境"))
    }

    @Test func filtersRangesAndUnknownFields() throws {
        let corpus = try SmallCorpus()
        #expect(try corpus.ids("项目为王 province:浙江省") == ["zj-1#1", "zj-1#3", "zj-2#2"])
        #expect(try corpus.ids("项目为王 province:四川") == ["sc-1#2", "sc-1#3", "sc-2#1"])
        #expect(try corpus.ids("项目为王 year:2024") == ["sc-1#2", "sc-1#3", "zj-1#1", "zj-1#3"])
        #expect(try corpus.ids("项目为王 year:2023..2024") == ["js-1#2", "sc-1#2", "sc-1#3", "zj-1#1", "zj-1#3"])
        #expect(try corpus.ids("项目为王 year:2025..") == ["zj-2#2"])
        #expect(try corpus.ids("项目为王 date:..2024-06") == ["js-1#2", "sc-1#2", "sc-1#3", "sc-2#1", "zj-1#1", "zj-1#3"])
        #expect(try corpus.ids("项目为王 date:2024-01-01..2024-06-29") == ["zj-1#1", "zj-1#3"])
        #expect(try corpus.ids("项目为王 date:2024-1-1..2024-6-29") == ["zj-1#1", "zj-1#3"], "dates without leading zeros")
        #expect(try corpus.ids("项目为王 date:2024/1/1..2024年6月29日") == ["zj-1#1", "zj-1#3"], "dates as ingest reads them")
        let years = try corpus.ids("项目为王 year:2023..2024")
        #expect(!years.isEmpty)
        #expect(try corpus.ids("项目为王 year:２０２３..２０２４") == years, "full-width digits")
        #expect(try corpus.ids("项目为王 ＯＲ 招商引资") == (try corpus.ids("项目为王 OR 招商引资")), "a full-width OR")
        let june = try corpus.ids("项目为王 date:2024-06")
        #expect(!june.isEmpty)
        #expect(try corpus.ids("项目为王 date:2024-6") == june)
        #expect(try corpus.ids("项目为王 date:2024..2024") == ["sc-1#2", "sc-1#3", "zj-1#1", "zj-1#3"])
        #expect(try corpus.ids("title:讲话 项目为王") == ["sc-1#2", "sc-1#3", "zj-1#1", "zj-1#3"])
        #expect(try corpus.ids("title:講話") == corpus.ids("title:讲话"))
        #expect(try corpus.search("year:2022").total == 1)
        // A field no document has is named, with the fields there are, wherever it is asked for.
        let fields = "(fields: date, encoding, province, title, truncated, year)"
        #expect(throws: SearchError.badQuery(QueryError(at: 4, "no document has a field \"colour\" \(fields)"))) {
            try corpus.search("项目 colour:red")
        }
        #expect(throws: SearchError.badRequest("no document has a field \"colour\" to count by \(fields); id counts by document")) {
            try corpus.search("项目", facets: ["colour"])
        }
        #expect(throws: SearchError.badRequest("no document has a field \"colour\" \(fields)")) {
            try corpus.index.fieldColumns(chosen: "title, colour")
        }
        #expect(throws: SearchError.self) { try corpus.search("，。") }
    }

    @Test func countsFacetsAndGroupingByDocument() throws {
        let corpus = try SmallCorpus()
        let counted = try corpus.search("项目为王", countOnly: true, facets: ["province", "year"])
        #expect(counted.total == 7 && counted.docs == 5 && counted.hits.isEmpty)
        #expect(counted.facets[0].counts.map { "\($0.value)=\($0.count)" } == ["四川省=3", "浙江省=3", "江苏省=1"])
        #expect(counted.facets[1].counts.map { "\($0.value)=\($0.count)" } == ["2024=4", "2022=1", "2023=1", "2025=1"])
        // Beside each paragraph count, the documents holding those paragraphs, counted from the hits.
        let hits = try corpus.search("项目为王", limit: 100).hits
        for facet in counted.facets {
            for (value, count, documents) in facet.counts {
                let holding = hits.filter { $0.fields[facet.field]?.description == value }
                #expect(count == holding.count && documents == Set(holding.map(\.doc)).count, "\(facet.field) \(value)")
            }
        }
        // By document (the id facet): each document's matching paragraphs, as the hits give them.
        let byDocument = try corpus.search("项目为王", countOnly: true, facets: [SearchRequest.documentFacet]).facets[0]
        #expect(byDocument.counts.map { "\($0.value)=\($0.count)" }.sorted()
                == Dictionary(grouping: hits, by: \.doc).map { "\($0.key)=\($0.value.count)" }.sorted())
        #expect(byDocument.counts.allSatisfy { $0.documents == 1 } && byDocument.unvalued == (0, 0))
        let json = counted.json().serialized()
        #expect(!json.contains("\"hits\"") && json.contains("\"facets\":{\"province\":{\"四川省\":3"))
        #expect(json.contains("\"facet_docs\":{\"province\":{\"四川省\":"))

        let grouped = try corpus.search("项目为王", limit: 2, byDocument: true)
        #expect(grouped.total == 7 && grouped.docs == 5 && grouped.documents.count == 2)
        for document in grouped.documents {
            #expect(document.score == document.paras.map(\.score).max())
            #expect(document.paras.map(\.para) == document.paras.map(\.para).sorted())
        }
        let paged = try corpus.searcher.search(SearchRequest(query: "项目为王", limit: 3, offset: 2))
        let all = try corpus.search("项目为王")
        #expect(paged.hits.map(\.doc) == all.hits.dropFirst(2).prefix(3).map(\.doc))
        #expect(paged.total == 7)
    }

    @Test func kwicLinesSortAsAConcordance() throws {
        let corpus = try SmallCorpus()
        let right = try corpus.search("项目为王", kwic: 4, sort: .right)
        let rights = right.hits.map { $0.kwic!.right }
        #expect(rights == rights.sorted())
        let left = try corpus.search("项目为王", kwic: 4, sort: .left)
        let lefts = left.hits.map { String($0.kwic!.left.reversed()) }
        #expect(lefts == lefts.sorted())
        let line = try #require(left.hits.first { $0.doc == "zj-1" && $0.para == 1 }?.kwic)
        #expect(line == KWICLine(left: "坚持", match: "项目为王", right: "，全力扩"))
        let traditional = try #require(left.hits.first { $0.doc == "sc-1" && $0.para == 3 })
        #expect(traditional.kwic?.match == "項目為王" && traditional.highlights == [7..<11])
        #expect(throws: SearchError.self) { try corpus.search("项目", sort: .left) }
    }

    @Test func removedDocumentsAreNotFound() throws {
        let corpus = try SmallCorpus()
        _ = try IndexWriter.remove(["zj-1"], from: corpus.folder.path)
        let searcher = Searcher(index: try SearchIndex.open(folder: corpus.folder.path))
        let result = try searcher.search(SearchRequest(query: "项目为王", limit: 100, facets: ["province"]))
        #expect(result.total == 5 && result.docs == 4)
        #expect(!result.hits.contains { $0.doc == "zj-1" })
        #expect(result.facets[0].counts.map { "\($0.value)=\($0.count)" } == ["四川省=3", "江苏省=1", "浙江省=1"])
    }

    /// Most paragraphs holding a word removed, their segment not merged yet: scores stay
    /// positive, and the paragraph with the word twice outranks the one with it once,
    /// because N counts the removed paragraphs as the dictionary's n does (live N and
    /// stored n gave idf ln(1 + (2 − 22 + 0.5)/22.5) < 0 and reversed the ranking).
    @Test func removedParagraphsNeverTurnIdfNegative() throws {
        let corpus = try TemporaryFolder("yulu-removed-corpus")
        let folder = try TemporaryFolder("yulu-removed-index")
        let speeches = try corpus.writeJSONLines("speeches.jsonl", [
            ["id": "gone", "text": Array(repeating: "加快项目建设", count: 20).joined(separator: "\n")],
            ["id": "kept", "text": "加快项目建设，加快项目建设\n加快项目建设"],
        ])
        _ = try IndexWriter.index([speeches], into: folder.path)
        #expect(try IndexWriter.remove(["gone"], from: folder.path).isEmpty)
        let searcher = Searcher(index: try SearchIndex.open(folder: folder.path))
        #expect(searcher.index.reader.segments.count == 1)
        let hits = try searcher.search(SearchRequest(query: "项目建设")).hits
        #expect(hits.map { "\($0.doc) \($0.para)" } == ["kept 1", "kept 2"])
        #expect(hits.allSatisfy { $0.score > 0 })
    }

    /// Equal paragraphs in three segments, ids interleaved across them: the ranking, a
    /// page of it and the documents view all follow the ids, whichever segment holds them.
    @Test func tiesAcrossSegmentsRankByDocumentID() throws {
        let corpus = try TemporaryFolder("yulu-tie-corpus")
        let folder = try TemporaryFolder("yulu-tie-index")
        for (batch, ids) in [["m", "b"], ["z", "a", "m2"], ["k"]].enumerated() {
            let speeches = try corpus.writeJSONLines("batch-\(batch).jsonl", ids.map { ["id": $0, "text": "坚持项目为王。"] })
            _ = try IndexWriter.index([speeches], into: folder.path)
        }
        let searcher = Searcher(index: try SearchIndex.open(folder: folder.path))
        #expect(searcher.index.reader.segments.count == 3)
        let all = try searcher.search(SearchRequest(query: "项目为王", limit: 10))
        #expect(all.hits.map(\.doc) == ["a", "b", "k", "m", "m2", "z"])
        #expect(Set(all.hits.map(\.score)).count == 1)
        #expect(try searcher.search(SearchRequest(query: "项目为王", limit: 3, offset: 2)).hits.map(\.doc) == ["k", "m", "m2"])
        #expect(try searcher.search(SearchRequest(query: "项目为王", limit: 2, byDocument: true)).documents.map(\.doc) == ["a", "b"])
    }
}
