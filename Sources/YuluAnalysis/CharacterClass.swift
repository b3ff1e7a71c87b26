import CICUShim

/// How a normalised code point takes part in units and breaks (DESIGN, "Units and breaks").
@usableFromInline
enum CharacterClass: UInt8, Sendable {
    /// A Han character: one unit on its own.
    case han = 0
    /// A letter or digit of any other script: part of a maximal letter/digit run.
    case letterOrDigit = 1
    /// A combining mark: continues a letter/digit run, otherwise ignored.
    case mark = 2
    /// White space, controls and format characters: no unit, no break, ends a run.
    case space = 3
    /// Punctuation, symbols and anything else: no unit, leaves a break.
    case breaking = 4

    /// Classifies one code point from ICU's general category and script.
    static func of(_ c: UInt32) -> CharacterClass {
        CharacterClass(rawValue: yicu_character_class(c)) ?? .breaking
    }
}
