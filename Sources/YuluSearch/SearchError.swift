/// Why a search could not be answered.
public enum SearchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The query is malformed or names something the index lacks.
    case badQuery(QueryError)
    /// The request's options are inconsistent (e.g. `--sort` without `--kwic`).
    case badRequest(String)
    /// The index could not be read.
    case index(String)
    /// The document or paragraph asked for is not in the index.
    case notFound(String)

    /// A stable code for scripts and the line protocol.
    public var code: String {
        switch self {
        case .badQuery: "bad_query"
        case .badRequest: "bad_request"
        case .index: "index"
        case .notFound: "not_found"
        }
    }

    public var description: String {
        switch self {
        case .badQuery(let error): error.description
        case .badRequest(let message): message
        case .index(let message): "index problem: \(message)"
        case .notFound(let message): message
        }
    }
}

extension SearchError {
    /// What to say of a field name that no document has: the name, what it was wanted
    /// `for` when that needs saying, and the fields documents do have (byte order).
    static func noSuchField(_ name: String, for purpose: String? = nil, known: Set<String>) -> String {
        let fields = known.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.joined(separator: ", ")
        return "no document has a field \"\(name)\"\(purpose.map { " \($0)" } ?? "") (fields: \(fields.isEmpty ? "none" : fields))"
    }

    /// Runs `body`, passing on the `SearchError` it throws, reporting a query that does
    /// not parse as `.badQuery`, and any other error (an index that cannot be read) as
    /// `.index`: the one mapping every public entry point of the module uses.
    static func mapping<T>(_ body: () throws -> T) throws(SearchError) -> T {
        do {
            return try body()
        } catch let error as SearchError {
            throw error
        } catch let error as QueryError {
            throw .badQuery(error)
        } catch {
            throw .index("\(error)")
        }
    }
}
