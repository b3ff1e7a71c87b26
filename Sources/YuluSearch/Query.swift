/// A parsed query (DESIGN, "Query language"). Positions are 1-based offsets in Unicode
/// scalars into the query text, kept so that later errors (an unknown field, a phrase
/// with nothing searchable) can point at their source.
public indirect enum Query: Equatable, Sendable {
    /// A phrase: its units and breaks must occur contiguously.
    case phrase(String, at: Int)
    /// Every operand holds (AND). Negated operands exclude.
    case all([Query])
    /// Any operand holds (OR).
    case any([Query])
    /// The operand does not hold; only meaningful as an operand of `all`.
    case not(Query, at: Int)
    /// Both phrases occur, in either order, with at most `distance` positions between
    /// the end of one and the start of the other.
    case near(Query, Query, distance: Int, at: Int)
    /// The value, read as a phrase, occurs in the field.
    case field(String, value: String, at: Int)
    /// The field's value lies in an inclusive range; a missing end is open.
    case range(String, lower: String?, upper: String?, at: Int)

    /// Whether the query, at this level, selects paragraphs (rather than only excluding them).
    var isPositive: Bool {
        if case .not = self { return false }
        return true
    }
}

/// A malformed query: where, and what was expected there.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based offset in Unicode scalars into the query.
    public let position: Int
    public let message: String

    public init(at position: Int, _ message: String) {
        self.position = position
        self.message = message
    }

    public var description: String { "bad query at character \(position): \(message)" }
}
