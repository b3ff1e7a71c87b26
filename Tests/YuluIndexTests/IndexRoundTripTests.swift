import Foundation
import Testing
import YuluAnalysis
import YuluIngest
import YuluTestSupport
@testable import YuluIndex

@Suite struct IndexRoundTripTests {
    /// The postings an index must hold for `documents`, computed directly from the
    /// analyser: a brute-force oracle for the segment builder, writer and reader. A unit
    /// followed by a unit is the first half of a bigram; any other is a unit term.
    func expectedPostings(_ documents: [Document]) -> PostingsSnapshot {
        let analyzer = Analyzer()
        var positional: [[UInt8]: [String: [Int]]] = [:]
        var words: [[UInt8]: [String: Int]] = [:]
        for document in documents {
            for (index, paragraph) in document.paragraphs.enumerated() {
                let key = "\(document.id)#\(index + 1)"
                let analysis = analyzer.analyze(paragraph)
                for (position, token) in analysis.tokens.enumerated() {
                    if token.kind == .break { continue }
                    let unit = analysis.string(of: token)
                    if position + 1 < analysis.tokens.count, analysis.tokens[position + 1].kind == .unit {
                        let next = analysis.string(of: analysis.tokens[position + 1])
                        positional[TermBytes.bigram(unit, next), default: [:]][key, default: []].append(position)
                    } else {
                        positional[TermBytes.unit(unit), default: [:]][key, default: []].append(position)
                    }
                }
                for word in analysis.words {
                    words[TermBytes.word(analysis.string(of: word)), default: [:]][key, default: 0] += 1
                }
            }
        }
        var snapshot = PostingsSnapshot()
        for (term, byParagraph) in positional {
            snapshot.entries[term] = Set(byParagraph.map { "\($0.key):\($0.value.map(String.init).joined(separator: ","))" })
        }
        for (term, byParagraph) in words {
            snapshot.entries[term] = Set(byParagraph.map { "\($0.key):tf\($0.value)" })
        }
        return snapshot
    }

    func ingested(_ path: String) -> [Document] {
        let ingestor = Ingestor()
        return Ingestor.inputFiles([path]).files.flatMap { ingestor.ingest($0).documents }
    }

    @Test func postingsEqualABruteForceAnalysisOfTheSampleCorpus() throws {
        let folder = try TemporaryFolder()
        let summary = try IndexWriter.index([Project.sampleCorpus.path], into: folder.path)
        let documents = ingested(Project.sampleCorpus.path)
        #expect(summary.documents == documents.count)
        let reader = try IndexReader.open(folder: folder.path)
        #expect(try PostingsSnapshot.of(reader) == expectedPostings(documents))
        for document in documents {
            let (segment, number) = try #require(try reader.find(id: document.id))
            let stored = try reader.segments[segment].reader.document(number)
            #expect(stored.fields == document.fields)
            let paragraphs = try (0..<stored.paragraphCount).map { try reader.segments[segment].reader.paragraphText(stored.firstParagraph + $0) }
            #expect(paragraphs == document.paragraphs)
        }
        #expect(IndexChecker.problems(in: folder.path).isEmpty)
    }

    /// Store blocks are inflated only as far as the paragraph asked for and extended
    /// later: paragraphs of random lengths (many to a 4 KiB block, some longer than one),
    /// read in random orders on caches of one block (so prefixes are dropped and rebuilt)
    /// and of sixteen, one at a time and in batches (`paragraphTexts`, with repeats), equal
    /// the texts written.
    @Test func paragraphsReadInAnyOrderEqualTheTextsWritten() throws {
        let folder = try TemporaryFolder()
        let corpus = try TemporaryFolder("yulu-corpus")
        var random = SplitMix64(seed: 41)
        let characters = Array("坚持项目为王优化营商环境构建亲清政商关系推进高质量发展")
        var texts: [String: [String]] = [:]
        for number in 0..<20 {
            let paragraphs = (0..<(5 + Int(random.next() % 40))).map { index in
                "第\(index)段" + String((0..<(1 + Int(random.next() % (random.next() % 10 == 0 ? 3_000 : 200)))).map { _ in
                    characters[Int(random.next() % UInt64(characters.count))]
                }) + "。"
            }
            texts["d\(number).txt"] = paragraphs
            try paragraphs.joined(separator: "\n").write(toFile: corpus.file("d\(number).txt"), atomically: true, encoding: .utf8)
        }
        _ = try IndexWriter.index([corpus.path], into: folder.path, options: IndexingOptions(threads: 1))
        let reader = try IndexReader.open(folder: folder.path)
        var expected: [(segment: Int, paragraph: Int, text: String)] = []
        for (id, paragraphs) in texts {
            let (segment, number) = try #require(try reader.find(id: id))
            let first = try reader.segments[segment].reader.document(number).firstParagraph
            for (offset, text) in paragraphs.enumerated() { expected.append((segment, first + offset, text)) }
        }
        for cache in [1, 16] {
            for segment in reader.segments { segment.reader.cacheStoreBlocks(upTo: cache) }
            for _ in 0..<3 {
                for entry in expected.shuffled(using: &random) {
                    #expect(try reader.segments[entry.segment].reader.paragraphText(entry.paragraph) == entry.text)
                }
                for (segment, entries) in Dictionary(grouping: expected, by: \.segment) {
                    let batch = (0..<(entries.count + 20)).map { _ in entries[Int(random.next() % UInt64(entries.count))] }
                    #expect(try reader.segments[segment].reader.paragraphTexts(batch.map(\.paragraph)) == batch.map(\.text))
                }
            }
        }
    }

    @Test(.enabled(if: Corpus.isAvailable, Corpus.skipNote))
    func postingsEqualABruteForceAnalysisOfSeedsAndProvincialReports() throws {
        let folder = try TemporaryFolder()
        let paths = ["seeds", "provincial-2026"].map { Corpus.root!.appendingPathComponent($0).path }
        var options = IndexingOptions(memoryBudget: 2 << 20)
        options.bigramQueueBits = 6 // flush the bigram queue every 64 occurrences
        options.mergesSegments = false
        _ = try IndexWriter.index(paths, into: folder.path, options: options)
        let reader = try IndexReader.open(folder: folder.path)
        #expect(reader.segments.count > 2, "a small memory budget writes several segments")
        // With a 64-entry bigram queue, nearly every bigram occurrence goes through a mid-batch flush.
        #expect(try PostingsSnapshot.of(reader) == expectedPostings(paths.flatMap(ingested)))
        #expect(IndexChecker.problems(in: folder.path).isEmpty)
    }

    @Test func indexingTheSameFolderAgainReplacesByID() throws {
        let folder = try TemporaryFolder()
        let first = try IndexWriter.index([Project.sampleCorpus.path], into: folder.path)
        let before = try PostingsSnapshot.of(try IndexReader.open(folder: folder.path))
        let second = try IndexWriter.index([Project.sampleCorpus.path], into: folder.path)
        #expect(second.replaced == first.documents)
        let reader = try IndexReader.open(folder: folder.path)
        #expect(reader.documentCount == first.documents)
        #expect(try PostingsSnapshot.of(reader) == before)
        #expect(IndexChecker.problems(in: folder.path).isEmpty)
    }

    @Test func removeThenOptimizeLeavesNoTrace() throws {
        let folder = try TemporaryFolder()
        _ = try IndexWriter.index([Project.sampleCorpus.path], into: folder.path)
        let removed = ["county-major-projects.txt", "town-projects-big5.txt"]
        #expect(try IndexWriter.remove(removed + ["no-such-id"], from: folder.path) == ["no-such-id"])
        var reader = try IndexReader.open(folder: folder.path)
        for id in removed { #expect(try reader.find(id: id) == nil) }
        let remaining = ingested(Project.sampleCorpus.path).filter { !removed.contains($0.id) }
        #expect(try PostingsSnapshot.of(reader) == expectedPostings(remaining))

        _ = try IndexWriter.optimize(folder.path)
        reader = try IndexReader.open(folder: folder.path)
        #expect(reader.segments.allSatisfy { $0.tombstoneFile == nil })
        #expect(reader.documentCount == remaining.count)
        let snapshot = try PostingsSnapshot.of(reader)
        #expect(snapshot == expectedPostings(remaining))
        var allTerms: Set<[UInt8]> = []
        for segment in reader.segments {
            try segment.reader.terms.forEach { term, _ throws(FormatError) in allTerms.insert(term) }
            for number in 0..<segment.reader.documentCount { #expect(!removed.contains(try segment.reader.documentID(number))) }
        }
        let stray = allTerms.symmetricDifference(snapshot.entries.keys).map { String(decoding: $0, as: UTF8.self) }
        #expect(stray.isEmpty, "no term of a removed document is left in the dictionary")
        let files = Disk.names(in: folder.path).filter { $0.hasSuffix(".yseg") || $0.hasSuffix(".del") }
        #expect(files.count == reader.segments.count, "merged-away files are deleted: \(files)")
        #expect(IndexChecker.problems(in: folder.path).isEmpty)
    }

    /// A copy of the index checked in under OldFormat/ for segment format `version`, built
    /// by that version's yulu from two texts, and the postings indexing them now gives.
    func oldIndex(version: Int) throws -> (TemporaryFolder, PostingsSnapshot) {
        let folder = try TemporaryFolder()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("OldFormat/version-\(version)-index")
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture.path) {
            try FileManager.default.copyItem(atPath: fixture.appendingPathComponent(name).path, toPath: folder.file(name))
        }
        let corpus = try TemporaryFolder("yulu-corpus")
        try "在全市重大项目推进会上的讲话\n同志们：坚持项目为王，优化营商环境，构建亲清政商关系。\n要把项目建设作为经济工作的生命线。\n"
            .write(toFile: corpus.file("a.txt"), atomically: true, encoding: .utf8)
        try "縣長在招商引資大會上的講話\n堅持項目為王，構建親清政商關係。\n".write(toFile: corpus.file("b.txt"), atomically: true, encoding: .utf8)
        let fresh = try TemporaryFolder()
        _ = try IndexWriter.index([corpus.path], into: fresh.path)
        return (folder, try PostingsSnapshot.of(try IndexReader.open(folder: fresh.path)))
    }

    /// An index written by an older yulu (checked in under OldFormat/, built from the
    /// texts of `oldIndex`) opens and shows its texts as written: format 2's and 3's and
    /// 4's from UTF-8 store blocks, format 5's from UTF-16 ones. Reading its postings
    /// (varint streams in format 2, varint skips in 3 to 5) asks for `optimize`, and
    /// `check` reports it; `optimize` rewrites it into what indexing the texts now gives.
    @Test(arguments: [2, 3, 4, 5])
    func anOlderIndexShowsItsTextsAndAsksForOptimize(version: Int) throws {
        let (folder, expected) = try oldIndex(version: version)
        func texts(_ reader: IndexReader) throws -> [String] {
            try ["a.txt", "b.txt"].flatMap { id in try #require(try reader.document(id: id)).paragraphs }
        }
        let written = ["在全市重大项目推进会上的讲话", "同志们：坚持项目为王，优化营商环境，构建亲清政商关系。", "要把项目建设作为经济工作的生命线。",
                       "縣長在招商引資大會上的講話", "堅持項目為王，構建親清政商關係。"]
        let old = try IndexReader.open(folder: folder.path)
        #expect(old.segments.allSatisfy { $0.reader.formatVersion == UInt32(version) })
        #expect(try texts(old) == written)
        #expect { try PostingsSnapshot.of(old) } throws: { error in
            "\(error)".contains("written by an older yulu (format \(version)); run yulu optimize")
        }
        #expect(!IndexChecker.problems(in: folder.path).isEmpty)
        _ = try IndexWriter.optimize(folder.path)
        let optimized = try IndexReader.open(folder: folder.path)
        #expect(optimized.segments.allSatisfy { $0.reader.formatVersion == SegmentFormat.version })
        #expect(try texts(optimized) == written)
        #expect(try PostingsSnapshot.of(optimized) == expected)
        #expect(IndexChecker.problems(in: folder.path).isEmpty)
    }

    @Test func aNewerFormatIsAClearError() throws {
        let folder = try TemporaryFolder()
        _ = try IndexWriter.index([Project.sampleCorpus.path], into: folder.path)
        let json = "{\"format\": 99, \"generation\": 5, \"next_segment\": 1, \"segments\": []}\n"
        let crc = String(Checksum.crc32(Array(json.utf8)), radix: 16)
        try Data((json + "crc32 " + String(repeating: "0", count: 8 - crc.count) + crc + "\n").utf8)
            .write(to: URL(fileURLWithPath: folder.file(Manifest.fileName)))
        #expect { try IndexReader.open(folder: folder.path) } throws: { error in
            "\(error)".contains("format 99, newer than this yulu reads")
        }
    }

    @Test func aNewerTableOrTombstoneVersionIsAClearError() throws {
        let folder = try TemporaryFolder()
        _ = try IndexWriter.index([Project.sampleCorpus.path], into: folder.path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder.file(StoredTable.fileName))))
        bytes[8] = 2
        bytes.removeLast(4)
        let crc = Checksum.crc32(bytes)
        bytes += (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * UInt32($0))) }
        try Data(bytes).write(to: URL(fileURLWithPath: folder.file(StoredTable.fileName)))
        #expect { try IndexReader.open(folder: folder.path) } throws: { error in
            "\(error)".contains("has version 2, newer than this yulu reads (1)")
        }
    }

    @Test func aSecondWriterIsTurnedAway() throws {
        let folder = try TemporaryFolder()
        _ = try IndexWriter.index([Project.sampleCorpus.path], into: folder.path)
        let lock = try WriterLock(folder: folder.path)
        #expect { try IndexWriter.remove(["x"], from: folder.path) } throws: { "\($0)".contains("another yulu process") }
        withExtendedLifetime(lock) {}
    }
}

@Suite struct PostingsSkipTests {
    /// `advance(to:)` jumps through skip entries; it must land where a linear scan does.
    @Test func advancingThroughSkipsEqualsALinearScan() throws {
        let folder = try TemporaryFolder()
        let corpus = try TemporaryFolder("yulu-corpus")
        // 400 short documents that all hold the same phrase: its terms get 400 paragraphs, 4 blocks.
        for number in 0..<400 {
            try "第\(number)条 坚持项目为王，优化营商环境。\n其他内容\(number)。".write(
                toFile: corpus.file("d\(number).txt"), atomically: true, encoding: .utf8)
        }
        _ = try IndexWriter.index([corpus.path], into: folder.path, options: IndexingOptions(threads: 1))
        let reader = try IndexReader.open(folder: folder.path)
        let segment = try #require(reader.segments.first).reader
        var random = SplitMix64(seed: 99)
        for term in [TermBytes.bigram("项", "目"), TermBytes.unit("境"), TermBytes.word("环境")] {
            let info = try #require(try segment.termInfo(term))
            let kind = TermKind(rawValue: term[0])!
            var all: [Posting] = []
            var scan = try segment.postings(info, kind: kind)
            while let posting = try scan.next() { all.append(posting) }
            #expect(all.count == info.paragraphCount)
            #expect(all.count > 3 * PostingsFormat.blockSize)
            for _ in 0..<50 {
                // Targets rise past the posting last returned (which the cursor has consumed),
                // by gaps from 1 to a few blocks, so some stay in a block and some skip.
                var cursor = try segment.postings(info, kind: kind)
                var target = Int(random.next() % 8)
                while let expected = all.first(where: { $0.paragraph >= target }) {
                    #expect(try cursor.advance(to: target) == expected, "target \(target)")
                    target = expected.paragraph + 1 + Int(random.next() % UInt64(4 * PostingsFormat.blockSize))
                }
                #expect(try cursor.advance(to: target) == nil)
            }
        }
    }
}
