import ArgumentParser
import YuluSearch
import YuluIndex

/// `yulu show ID [--para N]`: a document as the index stores it — its fields and its
/// paragraphs, numbered from 1 — or one paragraph of it.
struct ShowCommand: JSONOutputCommand {
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
        let view = try IndexViews.show(try IndexReader.open(folder: location.folder), id: id, para: para)
        if json {
            print(view.json.serialized())
            return
        }
        print(view.document.id)
        for (name, value) in view.document.fields { print("  \(name): \(value)") }
        for (number, text) in view.paragraphs { print("¶\(number) \(text)") }
    }
}
