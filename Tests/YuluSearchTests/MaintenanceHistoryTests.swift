import Foundation
import Testing
import YuluAnalysis
import YuluIndex
import YuluSearch
import YuluTestSupport

/// Random histories of adding, replacing and removing documents, with the merges they
/// set off and an occasional optimize, checked after every step against a model that
/// knows which documents the index should hold and what they say: the live documents, a
/// clean `check`, and, for sampled phrases and boolean queries, the paragraphs a
/// brute-force scan of the model's texts finds. The model never reads the index, so a
/// replaced or removed document that stays visible, or a merge that drops or revives
/// one, shows as a difference. A searcher opened before each step must still answer as
/// the model did then (a reader keeps its generation while a writer merges away the
/// segments it maps).
@Suite struct MaintenanceHistoryTests {
    /// Few characters, so that short phrases occur in many paragraphs of many documents;
    /// the marks are breaks.
    static let characters = Array("项目为王营商环境优化建设发展改革")
    static let marks = Array("，。")

    /// What the index should hold: each live document's paragraphs, by id.
    struct Model {
        var documents: [String: [String]] = [:]

        /// The (id, paragraph number from 1) pairs where `phrase` occurs.
        func matches(_ phrase: String, _ analyzer: Analyzer) -> Set<Hit> {
            let pattern = PhrasePattern(analyzer.analyze(phrase, includeWords: false))
            var hits = Set<Hit>()
            for (id, paragraphs) in documents {
                for (index, text) in paragraphs.enumerated()
                where !pattern.occurrences(in: analyzer.analyze(text, includeWords: false)).isEmpty {
                    hits.insert(Hit(doc: id, para: index + 1))
                }
            }
            return hits
        }

        /// Each paragraph's BM25 score over every paragraph of the model, for the phrase's
        /// distinct ICU words.
        func bm25(of phrase: String, _ analyzer: Analyzer) -> [Hit: Double] {
            func words(_ text: String) -> [String] {
                let analysis = analyzer.analyze(text)
                return analysis.words.map { analysis.string(of: $0) }
            }
            var paragraphWords: [Hit: [String]] = [:]
            for (id, paragraphs) in documents {
                for (index, text) in paragraphs.enumerated() { paragraphWords[Hit(doc: id, para: index + 1)] = words(text) }
            }
            return BM25Oracle.scores(of: Set(words(phrase)), in: paragraphWords)
        }
    }

    /// A paragraph by document id and number from 1, as the oracle tests name them.
    typealias Hit = PhraseOracle.Paragraph

    /// A history's source of choices and texts (the same for a seed in every run: nothing
    /// depends on the order of a set or dictionary).
    struct History {
        var random: SplitMix64
        var nextDocument = 0

        mutating func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

        /// A paragraph of 4 to 30 positions, starting with a unit, about one in seven a break.
        mutating func paragraph() -> String {
            var text = String(characters[below(characters.count)])
            for _ in 0..<(3 + below(27)) {
                text.append(below(7) == 0 ? marks[below(marks.count)] : characters[below(characters.count)])
            }
            return text
        }

        mutating func paragraphs() -> [String] { (0..<(1 + below(6))).map { _ in paragraph() } }

        /// A phrase of 1 to 4 positions cut from a model text, or (one time in four) made
        /// up, which may occur nowhere.
        mutating func phrase(from model: Model) -> String {
            let texts = model.documents.sorted { $0.key < $1.key }.flatMap(\.value)
            let source = texts.isEmpty || below(4) == 0 ? paragraph() : texts[below(texts.count)]
            let scalars = Array(source)
            let length = min(scalars.count, 1 + below(4))
            let start = below(scalars.count - length + 1)
            var phrase = String(scalars[start..<(start + length)])
            while let first = phrase.first, marks.contains(first) { phrase.removeFirst() }
            return phrase.isEmpty ? String(characters[below(characters.count)]) : phrase
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomHistoriesAnswerAsTheModel(seed: UInt64) throws {
        let files = try TemporaryFolder("yulu-history-files")
        let index = try TemporaryFolder("yulu-history-index")
        var history = History(random: SplitMix64(seed: seed))
        var model = Model()
        var merged = 0, optimized = 0, removed = 0, replaced = 0
        for step in 0..<36 {
            let before = model.documents.isEmpty ? nil : (searcher: Searcher(index: try SearchIndex.open(folder: index.path)), model: model)
            let ids = model.documents.keys.sorted()
            switch history.below(10) {
            case let choice where choice < 2 && !ids.isEmpty:
                let gone = (0..<(1 + history.below(2))).map { _ in ids[history.below(ids.count)] }
                _ = try IndexWriter.remove(gone, from: index.path)
                for id in gone { model.documents[id] = nil }
                removed += Set(gone).count
            case 2 where step > 8:
                _ = try IndexWriter.optimize(index.path)
                optimized += 1
            default:
                // New documents, and half the time new texts for some existing ones.
                var names: [String] = (0..<(1 + history.below(4))).map { _ in
                    history.nextDocument += 1
                    return "d\(history.nextDocument).txt"
                }
                if !ids.isEmpty && history.below(2) == 0 {
                    let again = (0..<(1 + history.below(3))).map { _ in ids[history.below(ids.count)] }
                    replaced += Set(again).count
                    names += again
                }
                names = Set(names).sorted()
                for name in names {
                    let paragraphs = history.paragraphs()
                    try (paragraphs.joined(separator: "\n\n") + "\n").write(toFile: files.file(name), atomically: true, encoding: .utf8)
                    model.documents[name] = paragraphs
                }
                merged += try IndexWriter.index(names.map(files.file), into: index.path).mergedSegments
            }
            if let before { try expectAnswers(before.searcher, as: before.model, history: &history, step: "\(step), the generation before") }
            #expect(IndexChecker.problems(in: index.path).isEmpty, "step \(step)")
            let searcher = Searcher(index: try SearchIndex.open(folder: index.path))
            #expect(searcher.index.reader.documentCount == model.documents.count, "step \(step)")
            try expectAnswers(searcher, as: model, history: &history, step: "\(step)")
        }
        // The history did what it is for: merges, removals and replacements all happened.
        #expect(merged > 0 && optimized > 0 && removed > 0 && replaced > 0, "merged \(merged), optimized \(optimized), removed \(removed), replaced \(replaced)")
    }

    /// Checks `searcher` against `model` for two phrases sampled from the model's texts,
    /// alone and with AND, OR and NOT. When the index stores no deleted document (so BM25's
    /// statistics cover exactly the model's paragraphs), the first phrase's scores must
    /// also equal BM25 computed from the model's words, and its ranking their order.
    private func expectAnswers(_ searcher: Searcher, as model: Model, history: inout History, step: String) throws {
        let analyzer = Analyzer(simplification: searcher.index.reader.simplification)
        let (a, b) = (history.phrase(from: model), history.phrase(from: model))
        let (setA, setB) = (model.matches(a, analyzer), model.matches(b, analyzer))
        let expected: [(String, Set<Hit>)] = [
            ("\"\(a)\"", setA), ("\"\(b)\"", setB), ("\"\(a)\" \"\(b)\"", setA.intersection(setB)),
            ("\"\(a)\" OR \"\(b)\"", setA.union(setB)), ("\"\(a)\" -\"\(b)\"", setA.subtracting(setB)),
        ]
        for (query, hits) in expected {
            let result = try searcher.search(SearchRequest(query: query, limit: SearchRequest.maximumLimit))
            let found = Set(result.hits.map { Hit(doc: $0.doc, para: $0.para) })
            #expect(found == hits, "step \(step): \(query) — missing \(hits.subtracting(found).sorted { $0.description < $1.description }), extra \(found.subtracting(hits).sorted { $0.description < $1.description })")
            #expect(result.total == hits.count && result.docs == Set(hits.map(\.doc)).count, "step \(step): \(query)")
            #expect(result.hits.allSatisfy { $0.score.isFinite && $0.score >= 0 }, "step \(step): \(query)")
        }
        guard searcher.index.reader.segments.allSatisfy({ $0.liveDocuments == $0.reader.documentCount }) else { return }
        let result = try searcher.search(SearchRequest(query: "\"\(a)\"", limit: SearchRequest.maximumLimit))
        let scores = model.bm25(of: a, analyzer)
        for hit in result.hits {
            let expected = scores[Hit(doc: hit.doc, para: hit.para)] ?? .nan
            #expect(abs(hit.score - expected) < 1e-9, "step \(step): \(a) \(hit.doc)#\(hit.para) scores \(hit.score), BM25 \(expected)")
        }
        for (first, second) in zip(result.hits, result.hits.dropFirst()) {
            #expect(first.score > second.score || first.score == second.score && (first.doc, first.para) < (second.doc, second.para),
                    "step \(step): \(a)")
        }
    }
}
