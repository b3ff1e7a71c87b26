/// Folds text one Unicode scalar at a time for pattern matching: each scalar that
/// normalises (NFKC casefold, then traditional → simplified) to exactly one scalar is
/// replaced by it; every other scalar is kept. The result has exactly as many scalars
/// as the input, so an offset into it is an offset into the original.
///
/// This is for matching patterns such as cleaning rules (one rule written in simplified,
/// half-width, lower-case form also matches 網友, ＱＱ, full-width colons); terms for the
/// index come from `Analyzer`. Not thread-safe: one per thread.
public final class ScalarFolder {
    private let folding = Folding()

    public init() {}

    /// The folded form of one scalar: what it normalises to when that is one scalar, else itself.
    @inline(__always)
    public func fold(scalar value: UInt32) -> UInt32 {
        let entry = folding.entry(value)
        return entry.isSingle ? entry.folded : value
    }

    /// The folded text, scalar for scalar (the text itself when nothing changes).
    public func fold<S: StringProtocol>(_ text: S) -> String {
        var output: [UInt8] = []
        var changed = false
        var consumedBytes = 0
        for scalar in text.unicodeScalars {
            let entry = folding.entry(scalar.value)
            let folded = entry.isSingle ? entry.folded : scalar.value
            if folded != scalar.value && !changed {
                changed = true
                output.reserveCapacity(text.utf8.count + 8)
                output.append(contentsOf: text.utf8.prefix(consumedBytes))
            }
            if changed {
                appendUTF8(Unicode.Scalar(folded) ?? scalar, to: &output)
            } else {
                consumedBytes += UTF8.width(scalar)
            }
        }
        return changed ? String(decoding: output, as: UTF8.self) : String(text)
    }

    private func appendUTF8(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            output.append(UInt8(value))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | (value >> 6)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | (value >> 12)))
            output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        default:
            output.append(UInt8(0xF0 | (value >> 18)))
            output.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        }
    }
}
