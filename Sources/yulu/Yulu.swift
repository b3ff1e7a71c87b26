import ArgumentParser

/// The `yulu` command: search Chinese policy speeches.
@main
struct Yulu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yulu",
        abstract: "Yulu (语录): full-text search for Chinese policy speeches.",
        subcommands: [IndexCommand.self, SearchCommand.self, SimilarCommand.self, ReuseCommand.self, ServeCommand.self, ShowCommand.self, StatsCommand.self, CheckCommand.self, RemoveCommand.self,
                      OptimizeCommand.self, IngestCommand.self, AnalyzeCommand.self]
    )

    /// Runs the command, first giving a bare `--kwic` its default width (DESIGN writes
    /// `--kwic [WIDTH]`, which the argument parser cannot express). A command run with
    /// `--json` that fails also prints the error as JSON (`JSONOutputCommand`); a usage
    /// error, found before the command runs, is reported on standard error only.
    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(KWICArgument.withDefaultWidth(Array(CommandLine.arguments.dropFirst())))
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let printed as PrintedInJSON {
            exit(withError: printed.underlying)
        } catch {
            if let reporting = command as? any JSONOutputCommand, reporting.json, !(error is ExitCode) {
                print(FailureJSON.object(for: error).serialized())
            }
            exit(withError: error)
        }
    }
}

/// `--kwic` with an optional width.
enum KWICArgument {
    static let defaultWidth = 30

    /// The arguments with `--kwic` followed by no number rewritten to `--kwic=30`.
    static func withDefaultWidth(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for (index, argument) in arguments.enumerated() {
            if argument == "--kwic" && (index + 1 == arguments.count || Int(arguments[index + 1]) == nil) {
                result.append("--kwic=\(defaultWidth)")
            } else {
                result.append(argument)
            }
        }
        return result
    }
}

/// `count` and the noun, plural unless the count is 1 ("1 document", "2 paragraphs").
func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
