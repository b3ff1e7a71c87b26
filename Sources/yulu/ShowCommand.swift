import ArgumentParser
import YuluSearch
import YuluIndex

/// `yulu show ID [--para N]`: a document as the index stores it — its fields and its
/// paragraphs, numbered from 1 — or one paragraph of it.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a stored document (fields and numbered paragraphs), or one paragraph.")
    @OptionGroup var location: IndexLocation
    @Argument(help: "The document id (as `yulu index` reported it).")
    var id: String
    @Option(help: "Only this paragraph (numbered from 1).")
    var para: Int?
    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        guard let (document, paragraphs) = try IndexReader.open(folder: location.folder).document(id: id) else {
            throw IndexError("no document \(id) in \(location.folder)")
        }
        let numbered: [(Int, String)]
        if let para {
            guard para >= 1 && para <= paragraphs.count else {
                throw IndexError("document \(id) has paragraphs 1 to \(paragraphs.count), not \(para)")
            }
            numbered = [(para, paragraphs[para - 1])]
        } else {
            numbered = Array(zip(1..., paragraphs))
        }
        if json {
            print(JSONValue.object([
                ("ok", .bool(true)), ("doc", .string(document.id)), ("fields", JSONValue(document.fields)),
                ("paragraph_count", .int(paragraphs.count)),
                ("paragraphs", .array(numbered.map { .object([("para", .int($0.0)), ("text", .string($0.1))]) })),
            ]).serialized())
            return
        }
        print(document.id)
        for (name, value) in document.fields { print("  \(name): \(value)") }
        for (number, text) in numbered { print("¶\(number) \(text)") }
    }
}
