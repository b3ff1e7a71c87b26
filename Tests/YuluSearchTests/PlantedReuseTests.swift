import Foundation
import Testing
import YuluAnalysis
import YuluIndex
import YuluIngest
import YuluSearch
import YuluTestSupport

/// 50 real paragraphs of the provincial reports, each edited the way templates are
/// (about 8% of characters substituted, a clause dropped, a clause inserted, half the
/// paragraph in traditional characters) and planted in unrelated law text: `similar`
/// must find each original, and `reuse` must pair them.
@Suite(.enabled(if: Corpus.isAvailable, Corpus.skipNote))
final class PlantedReuseTests {
    struct Planted {
        let copy: ParagraphPlace
        let original: ParagraphPlace
    }

    let index: TemporaryFolder
    /// The ten planted documents, as files.
    let plantedCorpus: TemporaryFolder
    let planted: [Planted]

    init() throws {
        let root = try #require(Corpus.root)
        let corpus = try TemporaryFolder("yulu-planted-corpus")
        plantedCorpus = corpus
        index = try TemporaryFolder("yulu-planted-index")
        let ingestor = Ingestor()
        let (reports, _) = Ingestor.inputFiles([root.appendingPathComponent("provincial-2026").path])
        var originals: [(place: ParagraphPlace, text: String)] = []
        for file in reports {
            for document in ingestor.ingest(file).documents {
                for (offset, text) in document.paragraphs.enumerated() where (80...380).contains(text.unicodeScalars.count) && text.contains("，") {
                    originals.append((ParagraphPlace(doc: document.id, para: offset + 1), text))
                }
            }
        }
        let lawFile = try #require(try Corpus.files("laws/民法典").first { $0.lastPathComponent.hasSuffix(".md") })
        let filler = try String(contentsOf: lawFile, encoding: .utf8).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { (30...400).contains($0.count) && !$0.hasPrefix("#") }
        // Inserted clauses come from a law the index does not hold, so an insertion is nobody's text.
        let donorFile = try #require(try Corpus.files("laws/刑法").first { $0.lastPathComponent.hasSuffix(".md") })
        let donors = try String(contentsOf: donorFile, encoding: .utf8).split(whereSeparator: { "，。；\n".contains($0) })
            .map { String($0).trimmingCharacters(in: .whitespaces) }.filter { (8...25).contains($0.count) && !$0.hasPrefix("#") }
        var random = SplitMix64(seed: 48)
        let chosen = (0..<50).map { _ in originals[Int(random.next() % UInt64(originals.count))] }
        let pool: [Character] = Array(Set(originals.flatMap { Array($0.text) }.filter { ("\u{4E00}"..."\u{9FFF}").contains($0) })).sorted()
        var copies: [(place: ParagraphPlace, text: String, original: ParagraphPlace)] = []
        for documentNumber in 0..<10 {
            var lines: [String] = ["某县关于法律法规学习的材料（\(documentNumber)）"]
            for slot in 0..<5 {
                for _ in 0..<3 { lines.append(filler[Int(random.next() % UInt64(filler.count))]) }
                let original = chosen[documentNumber * 5 + slot]
                let donor = donors[Int(random.next() % UInt64(donors.count))]
                let copy = Self.perturb(original.text, donor: donor, pool: pool, random: &random)
                lines.append(copy)
                copies.append((ParagraphPlace(doc: "planted-\(documentNumber).txt", para: 0), copy, original.place))
            }
            lines.append(filler[Int(random.next() % UInt64(filler.count))])
            try lines.joined(separator: "\n").write(toFile: corpus.file("planted-\(documentNumber).txt"), atomically: true, encoding: .utf8)
        }
        _ = try IndexWriter.index([root.appendingPathComponent("provincial-2026").path, corpus.path,
                                   root.appendingPathComponent("laws/宪法相关法").path], into: index.path)
        // Where each copy landed, read back from the index (cleaning and splitting decide the numbers).
        let reader = try IndexReader.open(folder: index.path)
        planted = try copies.map { copy in
            let paragraphs = try #require(try reader.document(id: copy.place.doc)).paragraphs
            let number = try #require(paragraphs.firstIndex(of: copy.text), "\(copy.place.doc) holds its copy")
            return Planted(copy: ParagraphPlace(doc: copy.place.doc, para: number + 1), original: copy.original)
        }
    }

    /// Substitutes about 8% of the Han characters, drops a clause, inserts the clause
    /// `donor`, and writes the second half in traditional characters.
    static func perturb(_ text: String, donor: String, pool: [Character], random: inout SplitMix64) -> String {
        var clauses = text.split(separator: "，", omittingEmptySubsequences: false).map(String.init)
        if clauses.count > 2 { clauses.remove(at: 1 + Int(random.next() % UInt64(clauses.count - 1))) }
        clauses.insert(donor, at: Int(random.next() % UInt64(clauses.count + 1)))
        var characters = Array(clauses.joined(separator: "，"))
        for index in characters.indices where ("\u{4E00}"..."\u{9FFF}").contains(characters[index]) && random.next() % 100 < 8 {
            characters[index] = pool[Int(random.next() % UInt64(pool.count))]
        }
        let half = characters.count / 2
        return String(characters[..<half]) + PhraseOracleTests.toTraditional(String(characters[half...]))
    }

    @Test func similarFindsEveryOriginal() throws {
        let searcher = Searcher(index: try SearchIndex.open(folder: index.path))
        var first = 0, topFive = 0
        var misses: [String] = []
        for pair in planted {
            let result = try searcher.similar(SimilarRequest(source: .paragraph(doc: pair.copy.doc, para: pair.copy.para), limit: 5))
            let places = result.hits.map { ParagraphPlace(doc: $0.doc, para: $0.para) }
            if places.first == pair.original { first += 1 }
            if places.contains(pair.original) { topFive += 1 } else { misses.append("\(pair.copy.doc) ¶\(pair.copy.para)") }
            #expect(result.hits.allSatisfy { (0...1).contains($0.similarity) && !$0.aligned.isEmpty })
            #expect(!places.contains(pair.copy), "the query paragraph is never a hit")
        }
        print("similar: original first for \(first) of \(planted.count), in the top 5 for \(topFive)")
        #expect(first >= 48)
        #expect(topFive == planted.count, "missed: \(misses)")
    }

    @Test func reusePairsThePlantedCopiesWithTheirOriginals() throws {
        var pairs: [ReusePair] = []
        let result = try ReuseFinder(index: try SearchIndex.open(folder: index.path)).find(ReuseRequest(), pair: { pairs.append($0) })
        var clusterOf: [ParagraphPlace: Int] = [:]
        for (number, cluster) in result.clusters.enumerated() { for (place, _, _) in cluster.places { clusterOf[place] = number } }
        // A planted pair is found when reuse reports it, or puts both in one cluster.
        let reportedPairs = Set(pairs.map { [$0.a, $0.b] })
        let found = planted.filter { pair in
            reportedPairs.contains([pair.copy, pair.original]) || reportedPairs.contains([pair.original, pair.copy])
                || clusterOf[pair.copy].map { $0 == clusterOf[pair.original] } ?? false
        }.count
        // Precision over the pairs reuse reports between planted and original (provincial) documents.
        let truth = Set(planted.map { [$0.copy, $0.original] })
        let between = pairs.filter { pair in
            [pair.a.doc, pair.b.doc].contains { $0.hasPrefix("planted-") } && [pair.a.doc, pair.b.doc].contains { $0.hasPrefix("2026_") }
        }
        let reported = between.count
        let correct = between.filter { truth.contains([$0.a, $0.b]) || truth.contains([$0.b, $0.a]) }.count
        print("reuse: \(found) of \(planted.count) planted pairs; \(correct) of \(reported) planted–original pairs correct;"
              + " \(result.clusters.count) clusters, \(result.candidates) candidates aligned")
        #expect(found >= 48)
        #expect(reported > 0 && Double(correct) / Double(reported) >= 0.9)
    }

    /// Which pairs reuse aligns depends on the order it reads paragraphs in. That order is
    /// the documents' (by id), so the same texts indexed another way — in three runs, the
    /// other way round, so in other segments under other numbers — give the same pairs,
    /// the same similarities and the same clusters, in the same order.
    @Test func reuseDoesNotDependOnHowTheTextsWereIndexed() throws {
        let root = try #require(Corpus.root)
        let rebuilt = try TemporaryFolder("yulu-planted-rebuilt")
        for path in [root.appendingPathComponent("laws/宪法相关法").path, plantedCorpus.path, root.appendingPathComponent("provincial-2026").path] {
            _ = try IndexWriter.index([path], into: rebuilt.path)
        }
        func run(_ folder: String) throws -> (pairs: [String], clusters: [String]) {
            var pairs: [String] = []
            let result = try ReuseFinder(index: try SearchIndex.open(folder: folder)).find(ReuseRequest()) { pair in
                pairs.append("\(pair.a.doc)#\(pair.a.para) \(pair.b.doc)#\(pair.b.para) \(pair.similarity)")
            }
            return (pairs, result.clusters.map { $0.places.map { "\($0.place.doc)#\($0.place.para)" }.joined(separator: " ") })
        }
        let (once, again) = (try run(index.path), try run(rebuilt.path))
        #expect(try IndexReader.open(folder: rebuilt.path).segments.count > IndexReader.open(folder: index.path).segments.count)
        #expect(!once.pairs.isEmpty)
        #expect(Self.firstDifference(once.pairs, again.pairs) == nil)
        #expect(Self.firstDifference(once.clusters, again.clusters) == nil)
    }

    /// Where two lists first differ, briefly (nil when they are equal).
    static func firstDifference(_ a: [String], _ b: [String]) -> String? {
        guard let index = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) ?? (a.count == b.count ? nil : min(a.count, b.count))
        else { return nil }
        return "\(a.count) against \(b.count) lines; first difference at \(index): \(a.dropFirst(index).first ?? "-") | \(b.dropFirst(index).first ?? "-")"
    }

    /// The LSH curve behind `Banding`: how many planted pairs become candidates with
    /// 2, 3 or 4 rows per band (64 signature bytes), measured on this corpus.
    @Test func bandingCurveOnPlantedPairs() throws {
        let reader = try IndexReader.open(folder: index.path)
        func signature(_ place: ParagraphPlace) throws -> [UInt8] {
            let (segment, number) = try #require(try reader.find(id: place.doc))
            let paragraph = try reader.segments[segment].reader.paragraphRange(ofDocument: number).lowerBound + place.para - 1
            return Array(try #require(reader.segments[segment].reader.signature(paragraph)))
        }
        let pairs = try planted.map { (try signature($0.copy), try signature($0.original)) }
        let jaccard = pairs.map { MinHash.estimatedJaccard($0.0, $0.1) }.sorted()
        var curve: [String] = []
        for rows in [2, 3, 4] {
            let bands = MinHash.size / rows
            let candidates = pairs.filter { a, b in
                (0..<bands).contains { band in (0..<rows).allSatisfy { a[band * rows + $0] == b[band * rows + $0] } }
                    && zip(a, b).filter { $0 == $1 }.count >= Banding.minimumAgreement
            }.count
            curve.append("\(bands)×\(rows): \(candidates)")
            if rows == Banding.rows { #expect(candidates >= 46) }
        }
        print("planted pairs' estimated Jaccard: min \(jaccard[0]), median \(jaccard[jaccard.count / 2]), max \(jaccard.last!);"
              + " candidates of 50 by bands×rows: \(curve.joined(separator: ", "))")
    }
}
