import ArgumentParser

/// The `yulu` command: search Chinese policy speeches.
@main
struct Yulu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yulu",
        abstract: "Yulu (语录): full-text search for Chinese policy speeches.",
        subcommands: [IndexCommand.self, ShowCommand.self, StatsCommand.self, CheckCommand.self, RemoveCommand.self,
                      OptimizeCommand.self, IngestCommand.self, AnalyzeCommand.self]
    )
}
