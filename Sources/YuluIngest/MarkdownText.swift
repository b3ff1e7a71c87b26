/// Markdown as text: heading marks go (the first heading is the title), lines that are
/// HTML comments (`<!-- INFO END -->`) go, and inline markup goes (`MarkdownInline`);
/// everything else is kept as written.
enum MarkdownText {
    static func read(_ markdown: String) -> (lines: [Substring], title: String?) {
        var title: String?
        var lines: [Substring] = []
        for line in TextLines.split(markdown) {
            let trimmed = line.drop { $0 == " " }
            let first = trimmed.utf8.first
            if first == UInt8(ascii: "<") && trimmed.hasPrefix("<!--") && trimmed.hasSuffix("-->") { continue }
            if first == UInt8(ascii: "#") {
                let heading = trimmed.drop { $0 == "#" }
                if heading.first == " " || heading.isEmpty {
                    let text = MarkdownInline.text(heading.drop { $0 == " " })
                    if title == nil && !text.isEmpty { title = String(text) }
                    lines.append(text)
                    continue
                }
            }
            lines.append(MarkdownInline.text(line))
        }
        return (lines, title)
    }
}
