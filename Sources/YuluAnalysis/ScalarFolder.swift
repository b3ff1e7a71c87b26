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

    /// The folded text, scalar for scalar (the text itself when nothing changes). Reads
    /// the UTF-8 bytes, and copies them only from the first scalar that changes.
    public func fold<S: StringProtocol>(_ text: S) -> String {
        if let folded = text.utf8.withContiguousStorageIfAvailable({ fold(utf8: $0) }) { return folded ?? String(text) }
        var copy = String(text)
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable { fold(utf8: $0) }! ?? copy
    }

    /// The folding of `bytes` (valid UTF-8), or nil when it is the same.
    private func fold(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        var output: [UInt8] = []
        while index < bytes.count {
            let (scalar, width) = UTF8Scalars.decode(bytes, at: index)
            let folded = fold(scalar: scalar)
            if folded != scalar && output.isEmpty {
                output.reserveCapacity(bytes.count + 8)
                output.append(contentsOf: bytes[0..<index])
            }
            if !output.isEmpty || folded != scalar {
                appendUTF8(Unicode.Scalar(folded) ?? Unicode.Scalar(scalar)!, to: &output)
            }
            index += width
        }
        return output.isEmpty ? nil : String(decoding: output, as: UTF8.self)
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
