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
