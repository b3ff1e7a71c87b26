import ArgumentParser
import YuluIndex
import YuluSearch

/// A command with `--json`. When its run fails, standard output gets DESIGN's error
/// object, `{"ok": false, "error": {"code", "message"}}`, as the server would send it,
/// and standard error the message, so a script that reads only the JSON sees the failure.
protocol JSONOutputCommand: ParsableCommand {
    var json: Bool { get }
}

/// A failure whose JSON the command has printed itself (a stream it had to close):
/// it is reported on standard error only.
struct PrintedInJSON: Error, CustomStringConvertible {
    let underlying: any Error
    var description: String { "\(underlying)" }
}

enum FailureJSON {
    /// The error object for `error`.
    static func object(for error: any Error) -> JSONValue { .object(members(for: error)) }

    /// `"ok": false` and the `error` member, which also lead a partial result (a run
    /// that did what it could and exits 1). The code is a search error's own;
    /// `bad_request` for inconsistent options; `index` for an index that cannot be
    /// opened or changed.
    static func members(for error: any Error) -> [(String, JSONValue)] {
        let code = switch error {
        case let error as SearchError: error.code
        case is ValidationError: "bad_request"
        case is IndexError: "index"
        default: "failed"
        }
        let message = (error as? ValidationError)?.message ?? "\(error)"
        return [("ok", .bool(false)), ("error", .object([("code", .string(code)), ("message", .string(message))]))]
    }
}
