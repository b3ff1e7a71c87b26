import YuluIngest
import YuluSearch

/// What `yulu index` and `yulu ingest` say about files they could not read, read only
/// after repairing their bytes, or read in a way that may be wrong: the same lines for
/// people and the same JSON members.
extension InputReports {
    /// One line per file: `skipped PATH: reason`, then `repaired PATH: what`, then
    /// `doubtful PATH: why`.
    var lines: [String] {
        skipped.map { "skipped \($0.path): \($0.reason)" } + repaired.map { "repaired \($0.path): \($0.repairs)" }
            + doubtful.map { "doubtful \($0.path): \($0.reason)" }
    }

    /// The `skipped`, `repaired` and `doubtful` members of the JSON summary.
    var json: [(String, JSONValue)] {
        [("skipped", .array(skipped.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) })),
         ("repaired", .array(repaired.map { .object([("path", .string($0.path)), ("repairs", .string($0.repairs))]) })),
         ("doubtful", .array(doubtful.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) }))]
    }

    /// `N skipped`, then `, N repaired` and `, N doubtful` when there are any, for a summary line.
    var counts: String {
        "\(skipped.count) skipped" + (repaired.isEmpty ? "" : ", \(repaired.count) repaired")
            + (doubtful.isEmpty ? "" : ", \(doubtful.count) doubtful")
    }
}
