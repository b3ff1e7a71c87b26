import Foundation
import Testing
import YuluTestSupport
@testable import YuluIndex

/// A temporary folder removed when the test is done.
final class TemporaryFolder {
    let path: String

    init(_ label: String = "yulu") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Every term's postings read back from an index: term bytes → segment-independent
/// (document id, paragraph number within the document, positions or frequency).
struct PostingsSnapshot: Equatable {
    var entries: [[UInt8]: Set<String>] = [:]

    static func of(_ reader: IndexReader) throws -> PostingsSnapshot {
        var snapshot = PostingsSnapshot()
        for segment in reader.segments {
            let segmentReader = segment.reader
            var documentOfParagraph: [Int: (id: String, first: Int, live: Bool)] = [:]
            for number in 0..<segmentReader.documentCount {
                let document = try segmentReader.document(number)
                for paragraph in document.firstParagraph..<(document.firstParagraph + document.paragraphCount) {
                    documentOfParagraph[paragraph] = (document.id, document.firstParagraph, segment.isLive(number))
                }
            }
            try segmentReader.terms.forEach { term, info throws(FormatError) in
                var cursor = try segmentReader.postings(info, kind: TermKind(rawValue: term[0])!)
                while let posting = try cursor.next() {
                    let owner = documentOfParagraph[posting.paragraph]!
                    guard owner.live else { continue }
                    let detail = posting.positions.isEmpty ? "tf\(posting.frequency)" : posting.positions.map(String.init).joined(separator: ",")
                    snapshot.entries[term, default: []].insert("\(owner.id)#\(posting.paragraph - owner.first + 1):\(detail)")
                }
            }
        }
        return snapshot
    }
}

/// The `yulu` executable built beside the test bundle (`swift test` builds it).
enum YuluBinary {
    static let path: String? = {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent("yulu").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Starts `yulu` with `arguments`, its output discarded.
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path, "the yulu executable is built with the tests"))
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `yulu` with `arguments` to the end: its exit status, standard output and error.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path, "the yulu executable is built with the tests"))
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}
