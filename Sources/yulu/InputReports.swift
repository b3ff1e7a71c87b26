import YuluIngest
import YuluSearch

/// What `yulu index` and `yulu ingest` say about files they could not read, or read only
/// after repairing their bytes: the same lines for people and the same JSON members.
enum InputReports {
    /// One line per file: `skipped PATH: reason`, then `repaired PATH: what`.
    static func lines(skipped: [SkippedInput], repaired: [RepairedInput]) -> [String] {
        skipped.map { "skipped \($0.path): \($0.reason)" } + repaired.map { "repaired \($0.path): \($0.repairs)" }
    }

    /// The `skipped` and `repaired` members of the JSON summary.
    static func json(skipped: [SkippedInput], repaired: [RepairedInput]) -> [(String, JSONValue)] {
        [("skipped", .array(skipped.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) })),
         ("repaired", .array(repaired.map { .object([("path", .string($0.path)), ("repairs", .string($0.repairs))]) }))]
    }

    /// `, N repaired` for a summary line, or nothing when no file was repaired.
    static func repairedCount(_ repaired: [RepairedInput]) -> String {
        repaired.isEmpty ? "" : ", \(repaired.count) repaired"
    }
}
