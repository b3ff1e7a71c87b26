import Foundation
import YuluIngest
import YuluSearch

/// Renders search results for a person (highlights in colour on a terminal), as JSON
/// lines, or as TSV with one header row (a `q` column first in batches).
final class SearchOutput {
    enum Format { case human, json, tsv }

    let format: Format
    let batch: Bool
    let colour: Bool
    /// The fields that hits in TSV carry as columns, one header for the whole run.
    let fieldColumns: [String]
    private var headerWritten = false

    init(format: Format, batch: Bool, colour: Bool, fieldColumns: [String] = []) {
        self.format = format
        self.batch = batch
        self.colour = colour
        self.fieldColumns = fieldColumns
    }

    /// The text to print for one result (ending in a newline).
    func render(_ result: SearchResult, query: String?) -> String {
        switch format {
        case .json: return result.json(echoing: batch ? query : nil).serialized() + "\n"
        case .tsv: return tsv(result, query: query)
        case .human: return human(result, query: query)
        }
    }

    // MARK: TSV

    private func tsv(_ result: SearchResult, query: String?) -> String {
        let request = result.request
        var header: [String]
        var rows: [[String]] = []
        if !request.facets.isEmpty {
            header = ["field", "value", "count", "docs"]
            for facet in result.facets {
                for (value, count, documents) in Self.rows(facet) { rows.append([facet.field, value, String(count), String(documents)]) }
            }
        } else if request.countOnly {
            header = ["total", "docs"]
            rows.append([String(result.total), String(result.docs)])
        } else if request.byDocument {
            header = ["doc", "score"] + fieldColumns + ["paras"]
            for document in result.documents {
                rows.append([document.doc, Self.score(document.score)] + document.fields.values(in: fieldColumns)
                            + [document.paras.map { String($0.para) }.joined(separator: ",")])
            }
        } else {
            header = ["doc", "para", "score"] + fieldColumns + (request.kwicWidth != nil ? ["left", "match", "right"] : []) + ["text"]
            for hit in result.hits {
                var row = [hit.doc, String(hit.para), Self.score(hit.score)] + hit.fields.values(in: fieldColumns)
                if let kwic = hit.kwic { row += [kwic.left, kwic.match, kwic.right] }
                rows.append(row + [hit.text])
            }
        }
        if batch {
            header.insert("q", at: 0)
            rows = rows.map { [query ?? ""] + $0 }
        }
        var out = ""
        if !headerWritten {
            out += TSV.row(header) + "\n"
            headerWritten = true
        }
        for row in rows { out += TSV.row(row) + "\n" }
        return out
    }

    /// A facet's rows: its values, then, with an empty value, the matching paragraphs
    /// whose document has no value for the field. That row is left out when it counts
    /// nothing, unless no value has a row either: every result has a row per field, so a
    /// batch's term × value table keeps the terms that match nothing.
    private static func rows(_ facet: FacetCounts) -> [(value: String, count: Int, documents: Int)] {
        guard facet.unvalued.count > 0 || facet.counts.isEmpty else { return facet.counts }
        return facet.counts + [("", facet.unvalued.count, facet.unvalued.documents)]
    }

    private static func score(_ value: Double) -> String { String((value * 10_000).rounded() / 10_000) }

    // MARK: Human

    private func human(_ result: SearchResult, query: String?) -> String {
        let request = result.request
        var out = ""
        if let query { out += "== \(query)\n" }
        out += "\(counted(result.total, "paragraph")) in \(counted(result.docs, "document"))"
            + " (\(String(format: "%.2f", result.tookMilliseconds)) ms)\n"
        for facet in result.facets {
            out += "\n\(facet.field) (paragraphs, documents):\n"
            let unvalued = facet.unvalued.count > 0 ? [(dim("(no \(facet.field))"), facet.unvalued.count, facet.unvalued.documents)] : []
            for (value, count, documents) in facet.counts + unvalued {
                out += "  \(String(count).leftPadded(to: 7))  \(String(documents).leftPadded(to: 5))  \(value)\n"
            }
        }
        if request.byDocument {
            for document in result.documents {
                out += "\n\(bold(document.doc))  score \(Self.score(document.score))\(Self.fieldLine(document.fields))\n"
                let lines = request.kwicWidth == nil ? document.paras.map { snippet($0) } : concordance(document.paras)
                for (hit, line) in zip(document.paras, lines) { out += "  ¶\(hit.para)  \(line)\n" }
            }
        } else if request.kwicWidth != nil {
            if !result.hits.isEmpty { out += "\n" }
            for (hit, line) in zip(result.hits, concordance(result.hits)) { out += line + "  \(dim("\(hit.doc) ¶\(hit.para)"))\n" }
        } else {
            for hit in result.hits {
                out += "\n\(bold(hit.doc)) ¶\(hit.para)  score \(Self.score(hit.score))\(Self.fieldLine(hit.fields))\n  \(snippet(hit))\n"
            }
        }
        if batch { out += "\n" }
        return out
    }

    /// Title, date, province and year, where the document has them; the year only when
    /// the date does not already say it.
    private static func fieldLine(_ fields: YuluIngest.Fields) -> String {
        let date = fields["date"]?.description
        let shown = ["title", "date", "province", "year"].compactMap { name -> String? in
            guard let value = fields[name] else { return nil }
            if name == "year", let date, date.hasPrefix(value.description) { return nil }
            return "\(name): \(value)"
        }
        return shown.isEmpty ? "" : "  " + shown.joined(separator: " · ")
    }

    /// The hits' KWIC lines, left contexts right-aligned so that the matches line up.
    private func concordance(_ hits: [SearchHit]) -> [String] {
        let width = hits.map { DisplayWidth.of($0.kwic!.left) }.max() ?? 0
        return hits.map { hit in
            let kwic = hit.kwic!
            return String(repeating: " ", count: width - DisplayWidth.of(kwic.left)) + kwic.left + " " + mark(kwic.match) + " " + kwic.right
        }
    }

    /// The paragraph with its matches marked; a long one is cut to a window around the first match.
    private func snippet(_ hit: SearchHit, radius: Int = 80) -> String {
        let scalars = Array(hit.text.unicodeScalars)
        let center = hit.highlights.first?.lowerBound ?? 0
        let window = max(0, center - radius)..<min(scalars.count, max(center, hit.highlights.first?.upperBound ?? 0) + radius)
        var out = window.lowerBound > 0 ? "…" : ""
        var position = window.lowerBound
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        for highlight in hit.highlights where highlight.upperBound > window.lowerBound && highlight.lowerBound < window.upperBound {
            let start = max(highlight.lowerBound, position), end = min(highlight.upperBound, window.upperBound)
            out += text(position..<start) + mark(text(start..<end))
            position = end
        }
        out += text(position..<window.upperBound)
        return out + (window.upperBound < scalars.count ? "…" : "")
    }

    private func mark(_ text: String) -> String { colour ? "\u{1B}[1;31m\(text)\u{1B}[0m" : text }
    private func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    private func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}

/// Terminal columns a string takes: East Asian wide characters take two.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
            return width + (wide ? 2 : 1)
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
