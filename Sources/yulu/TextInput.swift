import Foundation
import YuluIngest
import YuluSearch

/// Text handed to the tool whole (a `--batch` file, `similar --text -`), read as `yulu
/// index` reads a file (`TextDecoding`): a byte order mark wins, then UTF-8, then
/// GB18030, Big5 or UTF-16, whichever reads into the most common characters. A term list
/// saved by Notepad or Excel on a Chinese Windows is as often GB18030 or UTF-16 as UTF-8.
struct TextInput {
    let text: String
    /// How the bytes were read, for a line on standard error: nil when they were plain
    /// UTF-8 (with or without a byte order mark).
    let note: String?

    /// Reads `bytes`, which a person knows as `name` (a path, `standard input`).
    init(_ bytes: [UInt8], named name: String) throws(SearchError) {
        let decoded: DecodedText
        do {
            decoded = try TextDecoding.decode(bytes)
        } catch {
            throw .badRequest("\(name) cannot be read as text: \(error.reason)")
        }
        text = decoded.text
        var notes: [String] = []
        if let doubt = decoded.doubt {
            notes.append(doubt)
        } else if decoded.encoding != "utf-8" {
            notes.append("read as \(decoded.encoding)")
        }
        if decoded.isRepaired { notes.append(decoded.repairs) }
        note = notes.isEmpty ? nil : "\(name): " + notes.joined(separator: "; ")
    }

    /// Writes the note, if there is one, to standard error.
    func report() {
        if let note { FileHandle.standardError.write(Data("\(note)\n".utf8)) }
    }
}
