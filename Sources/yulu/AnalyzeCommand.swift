import ArgumentParser
import YuluSearch
import YuluAnalysis

/// `yulu analyze TEXT`: shows how Yulu reads a text — normalised form, units and
/// breaks with their positions, bigrams and ICU words — to answer "why didn't my query match".
struct AnalyzeCommand: JSONOutputCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show the normalisation, units, breaks, bigrams and words of a text."
    )

    @Argument(help: "The text to analyse (several arguments are joined by a space).")
    var text: [String]

    @Flag(help: "Print the analysis as one JSON object.")
    var json = false

    func run() throws {
        let analysis = Analyzer().analyze(text.joined(separator: " "))
        print(json ? Self.json(analysis).serialized() : Self.human(analysis))
    }

    static func json(_ analysis: Analysis) -> JSONValue {
        let tokens = analysis.tokens.enumerated().map { position, token -> JSONValue in
            .object([
                ("position", .int(position)),
                ("kind", .string(token.kind == .unit ? "unit" : "break")),
                ("text", .string(analysis.string(of: token))),
                ("start", .int(Int(token.original.lowerBound))),
                ("end", .int(Int(token.original.upperBound))),
            ])
        }
        let words = analysis.words.map { word -> JSONValue in
            .object([
                ("text", .string(analysis.string(of: word))),
                ("start", .int(Int(word.original.lowerBound))),
                ("end", .int(Int(word.original.upperBound))),
            ])
        }
        return .object([
            ("ok", .bool(true)),
            ("text", .string(analysis.text)),
            ("normalized", .string(analysis.normalizedText)),
            ("tokens", .array(tokens)),
            ("bigrams", .array(bigrams(analysis).map { .string($0) })),
            ("words", .array(words)),
        ])
    }

    static func human(_ analysis: Analysis) -> String {
        let positions = analysis.tokens.enumerated().map { position, token in
            let text = analysis.string(of: token)
            return token.kind == .unit ? "\(position):\(text)" : "\(position):[\(text)]"
        }
        let unitCount = analysis.tokens.filter { $0.kind == .unit }.count
        let breakCount = analysis.tokens.count - unitCount
        let lines = [
            ("text", analysis.text),
            ("normalized", analysis.normalizedText),
            ("positions", positions.joined(separator: " ")),
            ("counts", "\(counted(unitCount, "unit")), \(counted(breakCount, "break")) ([…] marks a break)"),
            ("bigrams", bigrams(analysis).joined(separator: " ")),
            ("words", analysis.words.map { analysis.string(of: $0) }.joined(separator: " | ")),
        ]
        return lines.map { name, value in
            name + String(repeating: " ", count: max(1, 11 - name.count)) + value
        }.joined(separator: "\n")
    }

    private static func bigrams(_ analysis: Analysis) -> [String] {
        analysis.bigramPositions.map {
            analysis.string(of: analysis.tokens[$0]) + analysis.string(of: analysis.tokens[$0 + 1])
        }
    }
}
