import Foundation
import Testing

/// The shared test corpus (`../shared/corpus` beside the project, or `$YULU_CORPUS`).
/// Corpus tests are enabled only when it exists; otherwise Swift Testing reports them skipped.
public enum Corpus {
    public static let root: URL? = {
        let candidates = [
            ProcessInfo.processInfo.environment["YULU_CORPUS"].map { URL(fileURLWithPath: $0) },
            URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared/corpus"),
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    public static var isAvailable: Bool { root != nil }
    public static let skipNote: Comment = "../shared/corpus not found: corpus test skipped"

    /// The files of one corpus folder, sorted by name.
    public static func files(_ folder: String) throws -> [URL] {
        guard let root else { return [] }
        let directory = root.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The non-empty trimmed lines of every seed speech: the paragraphs before cleaning.
    public static func seedLines() throws -> [String] {
        try files("seeds").flatMap { url in
            String(decoding: try Data(contentsOf: url), as: UTF8.self)
                .split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }
    }
}


/// The project's own folder (for fixtures such as tools/sample-corpus).
public enum Project {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let sampleCorpus = root.appendingPathComponent("tools/sample-corpus")
}

/// A small deterministic random generator, so property tests are reproducible.
public struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
