import Foundation
import YuluSearch

/// A protocol error: answered as `{"ok": false, "error": {"code", "message"}}`, and the
/// connection carries on.
struct ProtocolError: Error, Equatable {
    let code: String
    let message: String
    /// The request's `id`, when it got far enough to have one.
    var id: JSONValue?

    static func badRequest(_ message: String) -> ProtocolError { ProtocolError(code: "bad_request", message: message) }
}

/// One request line, parsed: what to do, and the `id` to echo.
struct ServerRequest {
    enum Command {
        case search(SearchRequest)
        case show(id: String, para: Int?)
        case similar(SimilarRequest)
        case stats
        case ping
        case help
        case quit
    }

    let id: JSONValue?
    let command: Command

    /// The command names and what they take, for `help`.
    static let commands: [(String, String)] = [
        ("search", "{\"cmd\":\"search\",\"q\":QUERY,\"limit\",\"offset\",\"by\":\"doc\",\"facets\":[FIELD],\"kwic\":WIDTH,\"sort\":\"left|right\"} or SEARCH QUERY"),
        ("count", "{\"cmd\":\"count\",\"q\":QUERY,\"facets\":[FIELD]} or COUNT QUERY"),
        ("facet", "{\"cmd\":\"facet\",\"field\":FIELD,\"q\":QUERY} or FACET FIELD QUERY"),
        ("show", "{\"cmd\":\"show\",\"doc\":ID,\"para\":N} or SHOW ID"),
        ("similar", "{\"cmd\":\"similar\",\"doc\":ID,\"para\":N | \"text\":TEXT,\"limit\",\"min_similarity\"} or SIMILAR ID N"),
        ("stats", "{\"cmd\":\"stats\"} or STATS"),
        ("ping", "{\"cmd\":\"ping\"} or PING"),
        ("help", "{\"cmd\":\"help\"} or HELP"),
        ("quit", "{\"cmd\":\"quit\"} or QUIT (closes the connection)"),
    ]

    /// Parses a line (without its line end): a JSON object, or a plain command.
    static func parse(_ line: String) throws(ProtocolError) -> ServerRequest {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if trimmed.first == "{" || trimmed.first == "[" {
            let value: JSONValue
            do {
                value = try JSONParser.parse(String(trimmed))
            } catch {
                throw ProtocolError(code: "bad_json", message: "invalid JSON: \(error.message)")
            }
            guard case .object(let members) = value else { throw ProtocolError(code: "bad_json", message: "a request is a JSON object") }
            return try fromJSON(members)
        }
        return try fromPlain(String(trimmed))
    }

    /// `SEARCH 项目为王`, `COUNT …`, `FACET FIELD …`, `SHOW ID`, `SIMILAR ID N`, `STATS`, `PING`, `HELP`, `QUIT`.
    private static func fromPlain(_ line: String) throws(ProtocolError) -> ServerRequest {
        let word = String(line.prefix { $0 != " " && $0 != "\t" })
        let rest = String(line.dropFirst(word.count).drop { $0 == " " || $0 == "\t" })
        func needs(_ what: String) throws(ProtocolError) {
            if rest.isEmpty { throw .badRequest("\(word.uppercased()) needs \(what)") }
        }
        switch word.lowercased() {
        case "search":
            try needs("a query")
            return ServerRequest(id: nil, command: .search(SearchRequest(query: try plainQuery(rest, of: word))))
        case "count":
            try needs("a query")
            return ServerRequest(id: nil, command: .search(SearchRequest(query: try plainQuery(rest, of: word), countOnly: true)))
        case "facet":
            let field = String(rest.prefix { $0 != " " && $0 != "\t" })
            let query = String(rest.dropFirst(field.count).drop { $0 == " " || $0 == "\t" })
            guard !field.isEmpty, !query.isEmpty else { throw .badRequest("FACET needs a field and a query: FACET province 项目为王") }
            return ServerRequest(id: nil, command: .search(SearchRequest(query: try plainQuery(query, of: word), countOnly: true, facets: [field])))
        case "show":
            try needs("a document id")
            return ServerRequest(id: nil, command: .show(id: rest, para: nil))
        case "similar":
            let parts = rest.split(separator: " ")
            guard parts.count >= 2, let para = Int(parts.last!) else { throw .badRequest("SIMILAR needs a document id and a paragraph number") }
            let id = String(rest.dropLast(parts.last!.count)).trimmingCharacters(in: .whitespaces)
            return ServerRequest(id: nil, command: .similar(SimilarRequest(source: .paragraph(doc: id, para: para))))
        case "stats": return ServerRequest(id: nil, command: .stats)
        case "ping": return ServerRequest(id: nil, command: .ping)
        case "help": return ServerRequest(id: nil, command: .help)
        case "quit": return ServerRequest(id: nil, command: .quit)
        case "": throw .badRequest("empty line: send a command (HELP lists them)")
        default: throw ProtocolError(code: "unknown_command", message: "unknown command \"\(word)\" (HELP lists them)")
        }
    }

    /// The query of a plain command, which is all the rest of the line. When a word outside
    /// quotes looks like `--limit` and the query does not parse (`-` excludes, and an
    /// exclusion cannot exclude one), a command-line option was typed here: the answer says
    /// where options go instead of reporting a bad exclusion. Only such a line is parsed
    /// here; the search parses every query anyway.
    private static func plainQuery(_ query: String, of command: String) throws(ProtocolError) -> String {
        let unquoted = query.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 0 }
        let words = unquoted.flatMap { $0.element.split(whereSeparator: \.isWhitespace) }
        guard let option = words.first(where: { $0.hasPrefix("--") && $0.count > 2 }), (try? QueryParser.parse(query)) == nil else {
            return query
        }
        throw .badRequest("\(command.uppercased()) takes a query only, and \(option) is not part of one; options go in the JSON form, "
                          + #"as in {"cmd":"search","q":"项目为王","limit":5}"#)
    }

    private static func fromJSON(_ members: [(String, JSONValue)]) throws(ProtocolError) -> ServerRequest {
        let fields = Dictionary(members, uniquingKeysWith: { _, last in last })
        let id = fields["id"]
        do throws(ProtocolError) {
            guard case .string(let name)? = fields["cmd"] else { throw ProtocolError.badRequest("\"cmd\" must be a string naming a command") }
            let reader = FieldReader(fields: fields)
            let command: Command
            switch name {
            case "search", "count", "facet":
                var request = SearchRequest(query: try reader.string("q", required: true)!)
                request.limit = try reader.int("limit") ?? request.limit
                request.offset = try reader.int("offset") ?? request.offset
                let countAsked = try reader.bool("count") ?? false
                request.countOnly = name != "search" || countAsked
                if let by = try reader.string("by") {
                    guard by == "doc" else { throw ProtocolError.badRequest("\"by\" can only be \"doc\"") }
                    request.byDocument = true
                }
                request.facets = try reader.strings("facets") ?? []
                if let facet = try reader.string("facet") { request.facets.append(facet) }
                if name == "facet" { request.facets.append(try reader.string("field", required: true)!) }
                request.kwicWidth = try reader.kwicWidth()
                if let sort = try reader.string("sort") {
                    guard let order = KWICSort(rawValue: sort) else { throw ProtocolError.badRequest("\"sort\" is \"left\" or \"right\"") }
                    request.kwicSort = order
                }
                command = .search(request)
            case "show":
                command = .show(id: try reader.string("doc", required: true)!, para: try reader.int("para"))
            case "similar":
                var request: SimilarRequest
                if let text = try reader.string("text") {
                    request = SimilarRequest(source: .text(text))
                } else {
                    guard let para = try reader.int("para") else { throw ProtocolError.badRequest("similar needs \"doc\" and \"para\", or \"text\"") }
                    request = SimilarRequest(source: .paragraph(doc: try reader.string("doc", required: true)!, para: para))
                }
                request.limit = try reader.int("limit") ?? request.limit
                request.minimumSimilarity = try reader.number("min_similarity") ?? request.minimumSimilarity
                command = .similar(request)
            case "stats": command = .stats
            case "ping": command = .ping
            case "help": command = .help
            case "quit": command = .quit
            default: throw ProtocolError(code: "unknown_command", message: "unknown command \"\(name)\" (help lists them)")
            }
            return ServerRequest(id: id, command: command)
        } catch {
            var error = error
            error.id = id
            throw error
        }
    }
}

/// Typed access to a request object's members, with errors that name the member.
private struct FieldReader {
    let fields: [String: JSONValue]

    func string(_ name: String, required: Bool = false) throws(ProtocolError) -> String? {
        switch fields[name] {
        case nil, .null?:
            if required { throw .badRequest("\"\(name)\" is required") }
            return nil
        case .string(let value)?: return value
        default: throw .badRequest("\"\(name)\" must be a string")
        }
    }

    func int(_ name: String) throws(ProtocolError) -> Int? {
        switch fields[name] {
        case nil, .null?: return nil
        case .int(let value)?: return value
        default: throw .badRequest("\"\(name)\" must be a whole number")
        }
    }

    func number(_ name: String) throws(ProtocolError) -> Double? {
        switch fields[name] {
        case nil, .null?: return nil
        case .int(let value)?: return Double(value)
        case .double(let value)?: return value
        default: throw .badRequest("\"\(name)\" must be a number")
        }
    }

    func bool(_ name: String) throws(ProtocolError) -> Bool? {
        switch fields[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw .badRequest("\"\(name)\" must be true or false")
        }
    }

    func strings(_ name: String) throws(ProtocolError) -> [String]? {
        switch fields[name] {
        case nil, .null?: return nil
        case .array(let values)?:
            var strings: [String] = []
            for value in values {
                guard case .string(let string) = value else { throw .badRequest("\"\(name)\" must be a list of strings") }
                strings.append(string)
            }
            return strings
        default: throw .badRequest("\"\(name)\" must be a list of strings")
        }
    }

    /// `"kwic": 20`, or `true` for the default width.
    func kwicWidth() throws(ProtocolError) -> Int? {
        if case .bool(let on)? = fields["kwic"] { return on ? 30 : nil }
        return try int("kwic")
    }
}
