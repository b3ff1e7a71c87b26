import Foundation
import Testing
import YuluIngest
import YuluTestSupport
@testable import YuluIndex

@Suite struct DurabilityTests {
    /// An index of the sample corpus with one removal, so every kind of file exists.
    func sampleIndex() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        _ = try IndexWriter.index([Project.sampleCorpus.path], into: folder.path)
        #expect(try IndexWriter.remove(["county-a-2025-plan"], from: folder.path).isEmpty)
        return folder
    }

    func flipByte(in path: String, at offset: Int) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[offset] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Where to flip a byte: a file of the index and an offset in it.
    typealias Place = (file: String, offset: Int)

    @Test func checkFindsAFlippedByteInEveryKindOfFile() throws {
        func segmentFile(_ folder: TemporaryFolder) throws -> String {
            Manifest.segmentFile(try #require(try Manifest.read(folder: folder.path)).segments[0].name)
        }
        func sectionMiddle(_ section: SegmentFormat.Section) -> (TemporaryFolder) throws -> Place {
            { folder in
                let file = try segmentFile(folder)
                let mapped = try MappedFile(path: folder.file(file))
                let entry = try withExtendedLifetime(mapped) { try SegmentFormat.sections(of: mapped.bytes).sections[section]! }
                return (file, entry.offset + entry.length / 2)
            }
        }
        var places: [(what: String, place: (TemporaryFolder) throws -> Place)] = [
            ("manifest", { folder in (Manifest.fileName, Disk.size(of: folder.file(Manifest.fileName)) / 3) }),
            ("simplification table", { folder in (StoredTable.fileName, Disk.size(of: folder.file(StoredTable.fileName)) / 2) }),
            ("tombstones", { folder in
                let file = try #require(try Manifest.read(folder: folder.path)?.segments.compactMap(\.tombstones).first)
                return (file, Disk.size(of: folder.file(file)) - 6)
            }),
            ("segment header", { folder in (try segmentFile(folder), 9) }),
            ("segment footer", { folder in
                let file = try segmentFile(folder)
                return (file, Disk.size(of: folder.file(file)) - 20)
            }),
        ]
        for section in SegmentFormat.Section.allCases {
            places.append(("segment \(section) section", sectionMiddle(section)))
        }
        for (what, place) in places {
            let folder = try sampleIndex()
            #expect(IndexChecker.problems(in: folder.path).isEmpty)
            let (file, offset) = try place(folder)
            try flipByte(in: folder.file(file), at: offset)
            #expect(!IndexChecker.problems(in: folder.path).isEmpty, "a flipped byte in the \(what) goes unnoticed")
        }
    }

    func ids(in folder: String) throws -> Set<String> {
        var ids: Set<String> = []
        try IndexReader.open(folder: folder).forEachDocument { _, _, document in ids.insert(document.id) }
        return ids
    }

    /// Kills `child` (a writer `delay` seconds into its run) and returns the documents
    /// of the index it was writing, expecting a clean check and the documents of `before`
    /// or `after` the run.
    func killAndRead(_ child: Process, folder: String, trial: Int, delay: Double,
                     before: Set<String>, after: Set<String>) throws -> Set<String> {
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(IndexChecker.problems(in: folder).isEmpty, "trial \(trial), killed \(delay) s in")
        let found = try ids(in: folder)
        #expect(found == before || found == after, "trial \(trial): documents of neither generation")
        return found
    }

    @Test func aWriterKilledAtAnyMomentLeavesOneOfTheTwoGenerations() throws {
        // A second corpus big enough that a run takes a while: the sample files, many times over.
        let corpus = try TemporaryFolder("yulu-corpus")
        let names = try FileManager.default.contentsOfDirectory(atPath: Project.sampleCorpus.path).sorted()
        for copy in 0..<25 {
            for name in names {
                try FileManager.default.copyItem(atPath: Project.sampleCorpus.appendingPathComponent(name).path,
                                                 toPath: corpus.file("\(copy)-\(name)"))
            }
        }
        let reference = try TemporaryFolder()
        _ = try IndexWriter.index([Project.sampleCorpus.path], into: reference.path)
        let before = try ids(in: reference.path)
        let started = Date()
        let full = try YuluBinary.start(["index", "--index", reference.path, corpus.path])
        full.waitUntilExit()
        let duration = Date().timeIntervalSince(started)
        #expect(full.terminationStatus == 0)
        let after = try ids(in: reference.path)
        #expect(after.count > before.count)

        var random = SplitMix64(seed: 4242)
        var outcomes: [String: Int] = [:]
        for trial in 0..<20 {
            let folder = try TemporaryFolder()
            _ = try IndexWriter.index([Project.sampleCorpus.path], into: folder.path)
            let existing = Set(Disk.names(in: folder.path))
            let child = try YuluBinary.start(["index", "--index", folder.path, corpus.path])
            let fraction = Double(random.next() % 1000) / 1000
            let delay: Double
            if trial % 2 == 0 {
                // Anywhere in the run.
                delay = duration * 1.1 * fraction
                Thread.sleep(forTimeInterval: delay)
            } else {
                // In the commit: up to 30 ms after the run's first segment file appears,
                // while segments, tombstones and the manifest are written and renamed.
                while child.isRunning && Set(Disk.names(in: folder.path)).subtracting(existing).allSatisfy({ !$0.hasSuffix(".yseg") }) {
                    Thread.sleep(forTimeInterval: 0.0005)
                }
                delay = 0.03 * fraction
                Thread.sleep(forTimeInterval: delay)
            }
            let found = try killAndRead(child, folder: folder.path, trial: trial, delay: delay, before: before, after: after)
            outcomes[found == before ? "old" : "new", default: 0] += 1
            _ = try IndexWriter.index([corpus.path], into: folder.path)
            #expect(try ids(in: folder.path) == after, "trial \(trial): the next writer finishes the job")
            #expect(IndexChecker.problems(in: folder.path).isEmpty)
            let leftovers = Disk.names(in: folder.path).filter { $0.contains(".tmp-") }
            #expect(leftovers.isEmpty)
        }
        print("kill -9 trials: \(outcomes) (run takes \(String(format: "%.2f", duration)) s)")
    }

    /// A run that adds a file and then merges eight segments, killed anywhere: the index
    /// holds the documents before the run or after it (the merge changes none), checks
    /// clean, and the next run merges.
    @Test func aWriterKilledWhileMergingLeavesAWholeIndex() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Project.sampleCorpus.path).sorted()
            .map { Project.sampleCorpus.appendingPathComponent($0).path }
        let factor = MergePolicy.factor
        #expect(files.count >= factor + 1)
        func sevenSegments() throws -> TemporaryFolder {
            let folder = try TemporaryFolder()
            for file in files.prefix(factor - 1) { _ = try IndexWriter.index([file], into: folder.path) }
            return folder
        }
        let reference = try sevenSegments()
        let before = try ids(in: reference.path)
        let started = Date()
        let full = try YuluBinary.start(["index", "--index", reference.path, files[factor - 1]])
        full.waitUntilExit()
        let duration = Date().timeIntervalSince(started)
        #expect(full.terminationStatus == 0)
        let after = try ids(in: reference.path)
        #expect(after.count > before.count)
        #expect(try IndexReader.open(folder: reference.path).segments.count == 1, "the run merged the eight")

        var random = SplitMix64(seed: 8888)
        var outcomes: [String: Int] = [:]
        for trial in 0..<20 {
            let folder = try sevenSegments()
            let child = try YuluBinary.start(["index", "--index", folder.path, files[factor - 1]])
            let delay = duration * 1.2 * Double(random.next() % 1000) / 1000
            Thread.sleep(forTimeInterval: delay)
            let found = try killAndRead(child, folder: folder.path, trial: trial, delay: delay, before: before, after: after)
            let segments = try IndexReader.open(folder: folder.path).segments.count
            outcomes[found == before ? "old" : segments == 1 ? "merged" : "added", default: 0] += 1
            _ = try IndexWriter.index([files[factor - 1]], into: folder.path)
            #expect(try ids(in: folder.path) == after)
            #expect(try IndexReader.open(folder: folder.path).segments.count < factor)
            #expect(IndexChecker.problems(in: folder.path).isEmpty)
            #expect(Disk.names(in: folder.path).filter { $0.contains(".tmp-") }.isEmpty)
        }
        print("kill -9 during merges: \(outcomes) (run takes \(String(format: "%.3f", duration)) s)")
    }
}
