import Foundation
import Testing

/// The shared test corpus (`../shared/corpus` beside the project, or `$YULU_CORPUS`).
/// Corpus tests are enabled only when it exists; otherwise Swift Testing reports them skipped.
enum Corpus {
    static let root: URL? = {
        let candidates = [
            ProcessInfo.processInfo.environment["YULU_CORPUS"].map { URL(fileURLWithPath: $0) },
            URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared/corpus"),
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    static var isAvailable: Bool { root != nil }
    static let skipNote: Comment = "../shared/corpus not found: corpus test skipped"

    /// The files of one corpus folder, sorted by name.
    static func files(_ folder: String) throws -> [URL] {
        guard let root else { return [] }
        let directory = root.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The non-empty trimmed lines of every seed speech: the paragraphs before cleaning.
    static func seedLines() throws -> [String] {
        try files("seeds").flatMap { url in
            String(decoding: try Data(contentsOf: url), as: UTF8.self)
                .split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
    }
}

